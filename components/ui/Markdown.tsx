import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";

// Organisers write event descriptions in Markdown, often pasted from other tools, so GitHub-flavoured Markdown
// (tables, strikethrough, task lists, footnotes, bare URLs) renders as it did there. Raw HTML is never rendered
// (skipHtml), and links keep only safe protocols (javascript:, data: … are dropped by defaultUrlTransform).
// The staff editor's preview uses this same component, so it shows exactly what the public page will.
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose">
      <ReactMarkdown
        skipHtml
        remarkPlugins={[remarkGfm]}
        urlTransform={defaultUrlTransform}
        components={{
          a: ({ href, children: text }) => (
            <a href={href} rel="noopener noreferrer nofollow" target={href?.startsWith("/") || href?.startsWith("#") ? undefined : "_blank"}>
              {text}
            </a>
          ),
          img: () => null,
          // A wide table scrolls inside the description instead of widening the page on a phone.
          table: ({ children: rows }) => (
            <div className="prose__table">
              <table>{rows}</table>
            </div>
          ),
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
