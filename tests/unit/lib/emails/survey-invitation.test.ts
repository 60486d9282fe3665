import { describe, expect, it } from "vitest";
import { renderEmail, type EmailEvent } from "@/lib/emails";
import { renderSurveyInvitation, type SurveyInvitationProps } from "@/lib/emails/survey-invitation";

const event: EmailEvent = {
  id: "0190a0b0-0000-7000-8000-000000000001",
  slug: "ogaki-night",
  titleJa: "大垣とつながる夜",
  titleEn: "An evening with Ogaki",
  // 14:00–17:00 on Saturday in Tokyo; still Friday night in Los Angeles, where the tests run.
  startsAt: "2026-12-12T05:00:00.000Z",
  endsAt: "2026-12-12T08:00:00.000Z",
  format: "IN_PERSON",
  venueName: "SHIBUYA QWS",
  venueAddress: null,
  venueMapUrl: null,
  onlineUrl: null,
  feeJa: null,
  feeEn: null,
  organizersJa: "一般社団法人Work Design Lab × 大垣市",
  organizersEn: "Work Design Lab × Ogaki City",
  updatedAt: "2026-10-01T00:00:00.000Z",
};

const surveyUrl = "https://app.example/survey/0190a0b0-0000-7000-8000-000000000009.abc_DEF-123";
const props: SurveyInvitationProps = {
  name: "山田 花子",
  event,
  surveyUrl,
  appUrl: "https://app.example",
  contactEmail: "info@wdl.example",
  subscription: {
    category: "SURVEY",
    unsubscribeUrl: "https://app.example/unsubscribe/tok?c=SURVEY&x=1",
    preferencesUrl: "https://app.example/me/prefs",
  },
};

describe("survey invitation mail", () => {
  it("thanks the person in Japanese, names the event and its date in JST, and links to the survey", () => {
    const mail = renderSurveyInvitation(props, "ja");
    expect(mail.category).toBe("SURVEY");
    expect(mail.subject).toBe("【大垣とつながる】アンケートご協力のお願い：大垣とつながる夜");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("山田 花子 様");
      expect(part).toContain("ご参加いただき、ありがとうございました");
      expect(part).toContain("大垣とつながる夜");
      expect(part).toContain("2026年12月12日(土) 14:00–17:00");
      expect(part).toContain("アンケートに回答する（約1分）");
      expect(part).toContain("Work Design Lab と大垣市が今後のイベント");
      expect(part).toContain("info@wdl.example");
    }
    expect(mail.text).toContain(`アンケートに回答する（約1分）\n${surveyUrl}`);
    expect(mail.html).toContain(`href="${surveyUrl}"`);
    expect(mail.html).toContain('<html lang="ja">');
  });

  it("speaks English to an English reader", () => {
    const mail = renderSurveyInvitation(props, "en");
    expect(mail.subject).toBe("[Connect with Ogaki] A one-minute survey: An evening with Ogaki");
    expect(mail.text).toContain("Dear 山田 花子,");
    expect(mail.text).toContain("Sat, 12 Dec 2026, 14:00–17:00");
    expect(mail.text).toContain(`Answer the survey (about 1 minute)\n${surveyUrl}`);
    expect(mail.text).toContain("Work Design Lab and Ogaki City");
    expect(mail.html).toContain('<html lang="en">');
  });

  it("has the survey footer: why the person gets it, and the unsubscribe and preferences links", () => {
    const mail = renderSurveyInvitation(props, "ja");
    expect(mail.text).toContain("イベント後のアンケートの受け取りに同意いただいた方にお送りしています。");
    expect(mail.text).toContain("この種類のメールの配信停止：https://app.example/unsubscribe/tok?c=SURVEY&x=1");
    expect(mail.text).toContain("配信設定の確認・変更：https://app.example/me/prefs");
    expect(mail.html).toContain('href="https://app.example/unsubscribe/tok?c=SURVEY&amp;x=1"');
    expect(mail.text).not.toContain("参加登録）に関するお知らせとしてお送りしています");
  });

  it("escapes what the person typed and the event title in the HTML part", () => {
    const mail = renderSurveyInvitation({ ...props, name: "<b>花子</b>", event: { ...event, titleJa: "夜 & <script>x</script>" } }, "ja");
    expect(mail.html).toContain("&lt;b&gt;花子&lt;/b&gt; 様");
    expect(mail.html).toContain("夜 &amp; &lt;script&gt;x&lt;/script&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("<b>花子</b> 様"); // plain text stays as typed
  });

  it("refuses to build a mail without an http(s) survey link (the worker records the failure)", () => {
    for (const bad of ["", "javascript:alert(1)", "/survey/relative"]) {
      expect(() => renderSurveyInvitation({ ...props, surveyUrl: bad }, "ja"), bad).toThrow(/surveyUrl/);
    }
    expect(() => renderSurveyInvitation({ ...props, surveyUrl: undefined as unknown as string }, "ja")).toThrow(/surveyUrl/);
  });

  it("is in the registry under the outbox's template name", () => {
    expect(renderEmail("survey-invitation", props, "en").subject).toContain("A one-minute survey");
    expect(renderEmail("survey-invitation", props, "fr").subject).toContain("アンケート");
  });
});
