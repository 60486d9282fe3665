import { describe, expect, it } from "vitest";
import { renderCampaignEmail, type CampaignEmailProps } from "@/lib/emails/campaign";
import { renderEmail } from "@/lib/emails";

const NASTY = "<img src=x onerror=alert(1)>";

function props(change: Partial<CampaignEmailProps> = {}, campaign: Partial<CampaignEmailProps["campaign"]> = {}): CampaignEmailProps {
  return {
    campaign: {
      subjectJa: "{{eventTitle}} のご参加ありがとうございました",
      bodyJa: "{{name}} さん、{{eventDate}} の **{{eventTitle}}** にご参加いただきありがとうございました。\n\n[アンケート](https://forms.example/s)",
      subjectEn: null,
      bodyEn: null,
      ...campaign,
    },
    category: "FOLLOW_UP",
    name: "山田 花子",
    eventTitleJa: "水都・大垣トークナイト",
    eventTitleEn: "Ogaki Talk Night",
    // 10:00 UTC = 19:00 in Japan, a Thursday there (still Thursday morning in the test's Los Angeles zone).
    eventStartsAt: "2026-12-10T10:00:00.000Z",
    appUrl: "https://ogaki.example",
    ...change,
  };
}

describe("renderCampaignEmail", () => {
  it("renders the Markdown, fills the merge fields and dates the event in Japan time with the weekday", () => {
    const mail = renderCampaignEmail(props(), "ja");
    expect(mail.subject).toBe("水都・大垣トークナイト のご参加ありがとうございました");
    expect(mail.category).toBe("FOLLOW_UP");
    expect(mail.html).toContain("山田 花子 さん、2026年12月10日(木) 19:00 の <strong>水都・大垣トークナイト</strong>");
    expect(mail.html).toMatch(/<a href="https:\/\/forms\.example\/s" style="[^"]*">アンケート<\/a>/);
    // The text part is readable plain text, not Markdown (no `**`, links as "text (url)").
    expect(mail.text).toContain("山田 花子 さん、2026年12月10日(木) 19:00 の 水都・大垣トークナイト にご参加");
    expect(mail.text).toContain("アンケート (https://forms.example/s)");
    expect(mail.text.startsWith("山田 花子 様\n\n")).toBe(true);
  });

  it("puts a participant's name in escaped in the HTML and as typed in the text, never as markup", () => {
    const mail = renderCampaignEmail(props({ name: NASTY }), "ja");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt; さん");
    expect(mail.text).toContain(`${NASTY} さん`);

    const emphasis = renderCampaignEmail(props({ name: "**x**" }), "ja");
    expect(emphasis.html).toContain("**x** さん");
    expect(emphasis.html).not.toContain("<strong>x</strong>");
  });

  it("does not render raw HTML or unsafe links from the body", () => {
    const mail = renderCampaignEmail(
      props({}, { bodyJa: '<script>alert(1)</script>\n\n<b onclick="x()">太字</b>\n\n[罠](javascript:alert(1)) [相対](/admin) ![画像](https://t.example/p.gif) <mailto:info@wdl.example>' }),
      "ja",
    );
    expect(mail.html).not.toMatch(/<script|<b |onclick="|href="javascript|href="\/admin|<img/i);
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain('href="mailto:info@wdl.example"');
    // An address in the subject line cannot add a header.
    expect(renderCampaignEmail(props({ name: "a\r\nBcc: x@y.z" }, { subjectJa: "{{name}} 様へ" }), "ja").subject).toBe("a Bcc: x@y.z 様へ");
  });

  it("shows the unsubscribe and preferences links when the worker gives them", () => {
    const subscription = { category: "FOLLOW_UP" as const, unsubscribeUrl: "https://ogaki.example/u/abc", preferencesUrl: "https://ogaki.example/me/xyz" };
    const mail = renderCampaignEmail(props({ subscription }), "ja");
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain("https://ogaki.example/u/abc");
      expect(part).toContain("https://ogaki.example/me/xyz");
      expect(part).toContain("フォローアップ");
    }
    expect(renderCampaignEmail(props(), "ja").text).not.toContain("配信停止");
  });

  it("is in English for an English reader when the campaign has English, otherwise in Japanese", () => {
    const english = { subjectEn: "Thank you for joining {{eventTitle}}", bodyEn: "Dear {{name}}, see you on {{eventDate}}." };
    const en = renderCampaignEmail(props({}, english), "en");
    expect(en.subject).toBe("Thank you for joining Ogaki Talk Night");
    expect(en.text).toContain("see you on Thu, 10 Dec 2026, 19:00.");
    expect(en.html).toContain('<html lang="en">');
    const fallback = renderCampaignEmail(props(), "en");
    expect(fallback.subject).toBe("水都・大垣トークナイト のご参加ありがとうございました");
    expect(fallback.html).toContain('<html lang="ja">');
  });

  it("marks a test send in the subject, and goes through the registry as template \"campaign\"", () => {
    expect(renderCampaignEmail(props({ test: true }), "ja").subject).toBe("[テスト送信] 水都・大垣トークナイト のご参加ありがとうございました");
    const en = renderEmail("campaign", props({ test: true, category: "WDL_NEWS" }, { subjectEn: "News", bodyEn: "Hello" }), "en");
    expect(en.subject).toBe("[TEST] News");
    expect(en.category).toBe("WDL_NEWS");
  });

  it("gives a plain-text part without Markdown syntax: tables as text, lists with bullets, links as text (url)", () => {
    const body = [
      "{{name}} さん、**ありがとうございました**。~~次回~~",
      "## 次回の予定",
      "| 日付 | 内容 |\n| --- | --- |\n| 1/10 | [トーク](https://ex.org/t) |\n| 1/20 | 交流会 |",
      "- 一つ目\n- 二つ目 https://ex.org/2",
      "お問い合わせ：<mailto:info@wdl.example>",
    ].join("\n\n");
    const mail = renderCampaignEmail(props({ name: "**x**" }, { bodyJa: body }), "ja");
    expect(mail.text).toContain("**x** さん、ありがとうございました。次回");
    expect(mail.text).toContain("■ 次回の予定");
    expect(mail.text).toContain("・日付：1/10、内容：トーク (https://ex.org/t)\n・日付：1/20、内容：交流会");
    expect(mail.text).toContain("・一つ目\n・二つ目 https://ex.org/2");
    expect(mail.text).toContain("お問い合わせ：info@wdl.example");
    const body1 = mail.text.split("――――――――――")[0]!;
    expect(body1).not.toMatch(/\*\*ありがとう|~~|\]\(|\| --- \||^##/m);
    // The HTML part renders the same table (markdown-it has GFM tables and strikethrough built in).
    expect(mail.html).toMatch(/<table[^>]*>/);
    expect(mail.html).toContain("<s>次回</s>");
  });
});
