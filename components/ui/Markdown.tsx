import ReactMarkdown, { defaultUrlTransform } from "react-markdown";

// Organisers write event descriptions in Markdown. Raw HTML is never rendered (react-markdown escapes it),
// and links keep only safe protocols (javascript:, data: … are dropped by defaultUrlTransform).
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose">
      <ReactMarkdown
        skipHtml
        urlTransform={defaultUrlTransform}
        components={{
          a: ({ href, children: text }) => (
            <a href={href} rel="noopener noreferrer nofollow" target={href?.startsWith("/") ? undefined : "_blank"}>
              {text}
            </a>
          ),
          img: () => null,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
