import { describe, expect, it } from "vitest";
import { renderEmail, type EmailEvent } from "@/lib/emails";

const event: EmailEvent = {
  id: "0190a0b0-0000-7000-8000-000000000001",
  slug: "ogaki-night",
  titleJa: "大垣とつながる夜",
  titleEn: "An evening with Ogaki",
  startsAt: "2026-12-12T05:00:00.000Z",
  endsAt: "2026-12-12T08:00:00.000Z",
  format: "HYBRID",
  venueName: "SHIBUYA QWS",
  venueAddress: null,
  venueMapUrl: null,
  onlineUrl: "https://meet.example/j/room",
  feeJa: null,
  feeEn: null,
  organizersJa: "一般社団法人Work Design Lab × 大垣市",
  organizersEn: "Work Design Lab × Ogaki City",
  updatedAt: "2026-10-01T00:00:00.000Z",
};

const subscription = {
  category: "REMINDER" as const,
  unsubscribeUrl: "https://app.example/unsubscribe/abc.def",
  preferencesUrl: "https://app.example/me/ghi.jkl",
};
const props = { name: "山田 花子", event, status: "CONFIRMED" as const, manageUrl: "https://app.example/manage/tok", appUrl: "https://app.example", subscription };

describe("event reminder", () => {
  it("says when, in days where it can, in Japanese and English", () => {
    expect(renderEmail("event-reminder", { ...props, hoursBefore: 24 }, "ja").subject).toBe("【大垣とつながる】リマインダー：イベントは明日です：大垣とつながる夜");
    expect(renderEmail("event-reminder", { ...props, hoursBefore: 72 }, "ja").subject).toContain("3日後");
    expect(renderEmail("event-reminder", { ...props, hoursBefore: 5 }, "ja").subject).toContain("5時間後");
    expect(renderEmail("event-reminder", { ...props, hoursBefore: 72 }, "en").subject).toContain("in 3 days");
    expect(renderEmail("event-reminder", { ...props, hoursBefore: 24 }, "en").subject).toContain("tomorrow");
  });

  it("is a reminder a person can stop: why they get it, the unsubscribe page and their preferences, in both parts", () => {
    for (const locale of ["ja", "en"] as const) {
      const mail = renderEmail("event-reminder", { ...props, hoursBefore: 24 }, locale);
      expect(mail.category).toBe("REMINDER");
      expect(mail.attachments ?? []).toEqual([]);
      expect(mail.text).toContain("https://meet.example/j/room"); // confirmed people get the online URL
      expect(mail.text).toContain("https://app.example/manage/tok");
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain("https://app.example/unsubscribe/abc.def");
        expect(part).toContain("https://app.example/me/ghi.jkl");
        expect(part).toContain(locale === "ja" ? "リマインダーとしてお送りしています" : "reminder because you registered");
        expect(part).not.toContain("not a newsletter");
      }
    }
  });
});
