import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/ui/Markdown";

const html = (source: string) => renderToStaticMarkup(<Markdown>{source}</Markdown>);

describe("Markdown (event descriptions and their preview)", () => {
  it("renders GitHub-flavoured Markdown pasted from other tools: tables, strikethrough, task lists, bare URLs", () => {
    const out = html(
      ["| 時間 | 内容 |", "| --- | --- |", "| 14:00 | 開場 |", "| 14:30 | **トーク** |", "", "~~満席~~ 増席しました", "", "- [x] 申し込み", "- [ ] 当日", "", "詳しくは https://example.org/ogaki"].join("\n"),
    );
    expect(out).toContain("<table>");
    expect(out).toMatch(/<th[^>]*>時間<\/th>/);
    expect(out).toMatch(/<td[^>]*><strong>トーク<\/strong><\/td>/);
    expect(out).toContain("<del>満席</del>");
    expect(out).toMatch(/<input[^>]*type="checkbox"[^>]*disabled/);
    expect(out).toContain('href="https://example.org/ogaki"');
    expect(out).not.toContain("| --- |");
  });

  it("stays sanitised: raw HTML inside GFM tables and footnotes is dropped, javascript: links are not links", () => {
    const out = html(
      [
        "| a | b |",
        "| --- | --- |",
        "| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
        "",
        "脚注[^1]",
        "",
        "[^1]: <script>alert(1)</script> [y](javascript:alert(2))",
        "",
        "www.example.org/\"><script>alert(3)</script>",
      ].join("\n"),
    );
    expect(out).toContain("<table>");
    expect(out).not.toMatch(/<img|<script|onerror|javascript:/i);
  });
});
