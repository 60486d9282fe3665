import { describe, expect, it } from "vitest";
import { emailAddress, escapeHtml, httpUrl, renderLayout } from "@/lib/emails/layout";

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and attribute values", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });

  it("leaves Japanese and ordinary text alone", () => {
    expect(escapeHtml("大垣とつながる夜 14:00–17:00")).toBe("大垣とつながる夜 14:00–17:00");
  });
});

describe("httpUrl", () => {
  it("accepts http and https only", () => {
    expect(httpUrl("https://example.org/a?b=1")).toBe("https://example.org/a?b=1");
    expect(httpUrl("HTTP://example.org")).toBe("HTTP://example.org");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "//example.org", "mailto:a@b.c", "https://a b", "", null, undefined]) {
      expect(httpUrl(bad), String(bad)).toBeNull();
    }
  });
});

describe("emailAddress", () => {
  it("accepts an address and refuses anything that could break out of mailto:", () => {
    expect(emailAddress("info@wdl.example")).toBe("info@wdl.example");
    expect(emailAddress('a"@b.c')).toBeNull();
    expect(emailAddress("a@b.c\nBcc: x@y.z")).toBeNull();
    expect(emailAddress(null)).toBeNull();
  });
});

describe("renderLayout", () => {
  const input = {
    locale: "ja" as const,
    title: "見出し",
    greeting: "山田 様",
    blocks: [
      { kind: "paragraph" as const, text: "一行目\n二行目" },
      { kind: "details" as const, rows: [{ label: "会場", lines: ["A", "B"], link: { label: "地図", href: "https://maps.example/" } }] },
      { kind: "button" as const, label: "押す", href: "javascript:alert(1)" },
      { kind: "link" as const, label: "ページ", href: "https://example.org/p" },
    ],
    appUrl: "https://app.example/",
  };

  it("gives a plain-text twin with the same content", () => {
    const { text } = renderLayout(input);
    expect(text).toBe(
      "山田 様\n\n一行目\n二行目\n\n■ 会場：A\n  B\n  地図：https://maps.example/\n\nページ\nhttps://example.org/p\n\n" +
        "――――――――――\n\n主催：一般社団法人Work Design Lab × 大垣市\n" +
        "このメールは、イベントへのお申し込み（参加登録）に関するお知らせとしてお送りしています。\n" +
        "個人情報の取り扱い（プライバシーポリシー）：https://app.example/privacy\n",
    );
  });

  it("is a mobile-friendly table layout and drops a block whose link is not http(s)", () => {
    const { html } = renderLayout(input);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain("max-width:600px");
    expect(html).toContain("一行目<br>二行目");
    expect(html).not.toContain("押す");
    expect(html).not.toContain("javascript:");
  });
});
