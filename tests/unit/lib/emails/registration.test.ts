import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import {
  EMAIL_TEMPLATES,
  isEmailTemplate,
  renderEmail,
  type EmailEvent,
  type EmailTemplate,
  type RegistrationEmailProps,
  type RenderedEmail,
} from "@/lib/emails";

const event: EmailEvent = {
  id: "0190a0b0-0000-7000-8000-000000000001",
  slug: "ogaki-night",
  titleJa: "大垣とつながる夜",
  titleEn: "An evening with Ogaki",
  // 14:00–17:00 on Saturday in Tokyo; still Friday night in Los Angeles, where the tests run.
  startsAt: "2026-12-12T05:00:00.000Z",
  endsAt: "2026-12-12T08:00:00.000Z",
  format: "HYBRID",
  venueName: "SHIBUYA QWS",
  venueAddress: "東京都渋谷区渋谷2-24-12",
  venueMapUrl: "https://maps.example/?q=qws&z=1",
  onlineUrl: "https://meet.example/j/secret-room",
  feeJa: "無料",
  feeEn: "Free",
  organizersJa: "一般社団法人Work Design Lab × 大垣市",
  organizersEn: "Work Design Lab × Ogaki City",
  updatedAt: "2026-10-01T00:00:00.000Z",
};

const props: RegistrationEmailProps = {
  name: "山田 花子",
  event,
  manageUrl: "https://app.example/r/tok123?view=1&lang=ja",
  status: "CONFIRMED",
  waitlistPosition: 3,
  offerExpiresAt: "2026-12-05T14:59:00.000Z", // 23:59 on Saturday 5 December in Tokyo
  reason: "定員を大幅に超えるお申し込みがあったため",
  contactEmail: "info@wdl.example",
  appUrl: "https://app.example",
};

const WITH_ONLINE_URL: EmailTemplate[] = ["registration-confirmed", "registration-approved"];
const SEQUENCE = 3_549_600; // minutes from 2020-01-01 to 2026-10-01

const FACTS = {
  ja: { prefix: "【大垣とつながる】", title: "大垣とつながる夜", date: "2026年12月12日(土) 14:00–17:00", fee: "無料", manage: "確認・変更・キャンセルはこちら" },
  en: { prefix: "[Connect with Ogaki] ", title: "An evening with Ogaki", date: "Sat, 12 Dec 2026, 14:00–17:00", fee: "Free", manage: "View, change or cancel your registration" },
} as const;

function everything(mail: RenderedEmail): string {
  return [mail.subject, mail.text, mail.html, ...(mail.attachments ?? []).map((a) => a.content)].join("\n");
}

function parseIcs(content: string) {
  const calendar = new ICAL.Component(ICAL.parse(content));
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

// The transactional mail about a registration: the same props, always sent, never with an unsubscribe footer.
const REGISTRATION_TEMPLATES = [
  "registration-confirmed",
  "registration-waitlisted",
  "registration-pending",
  "registration-approved",
  "registration-declined",
  "registration-offered",
  "registration-offer-expired",
  "registration-cancelled",
  "registration-exists",
  "event-cancelled",
] as const satisfies readonly EmailTemplate[];

describe("renderEmail: every registration template", () => {
  it("lists the templates", () => {
    expect([...EMAIL_TEMPLATES].sort()).toEqual([...REGISTRATION_TEMPLATES, "event-reminder", "survey-invitation", "campaign"].sort());
    expect(isEmailTemplate("registration-confirmed")).toBe(true);
    expect(isEmailTemplate("toString")).toBe(false);
  });

  for (const template of REGISTRATION_TEMPLATES) {
    for (const locale of ["ja", "en"] as const) {
      it(`${template} (${locale}) shows the event facts, the manage link and the event page`, () => {
        const facts = FACTS[locale];
        const mail = renderEmail(template, props, locale);
        expect(mail.category).toBe("TRANSACTIONAL");
        // Even when handed subscription links, transactional mail has no unsubscribe footer.
        const withLinks = renderEmail(template, { ...props, subscription: { category: "REMINDER", unsubscribeUrl: "https://app.example/unsubscribe/x", preferencesUrl: null } }, locale);
        expect(everything(withLinks)).not.toContain("/unsubscribe/");
        expect(mail.subject.startsWith(facts.prefix)).toBe(true);
        expect(mail.subject).toContain(facts.title);
        expect(mail.subject).not.toMatch(/[\r\n]/);
        for (const part of [mail.text, mail.html]) {
          expect(part).toContain(facts.title);
          expect(part).toContain(facts.date);
          expect(part).toContain("SHIBUYA QWS");
          expect(part).toContain("東京都渋谷区渋谷2-24-12");
          expect(part).toContain(facts.fee);
          expect(part).toContain(locale === "ja" ? "一般社団法人Work Design Lab × 大垣市" : "Work Design Lab × Ogaki City");
          expect(part).toContain("info@wdl.example");
        }
        expect(mail.text).toContain("https://app.example/r/tok123?view=1&lang=ja");
        expect(mail.html).toContain('href="https://app.example/r/tok123?view=1&amp;lang=ja"');
        expect(mail.text).toContain("https://maps.example/?q=qws&z=1");
        expect(mail.html).toContain('href="https://maps.example/?q=qws&amp;z=1"');
        expect(mail.text).toContain("https://app.example/events/ogaki-night");
        expect(mail.html).toContain('href="https://app.example/events/ogaki-night"');
        if (template !== "registration-offered") expect(mail.text).toContain(facts.manage);
        expect(mail.html).toContain(`<html lang="${locale}">`);
      });

      it(`${template} (${locale}) shows the online URL only when the person is confirmed`, () => {
        const shown = WITH_ONLINE_URL.includes(template);
        const mail = renderEmail(template, props, locale);
        expect(mail.text.includes("https://meet.example/j/secret-room")).toBe(shown);
        expect(mail.html.includes('href="https://meet.example/j/secret-room"')).toBe(shown);
        if (!shown) expect(everything(mail)).not.toContain("secret-room");
      });
    }
  }
});

describe("calendar attachments", () => {
  for (const template of WITH_ONLINE_URL) {
    it(`${template} carries a PUBLISH event.ics and a Google Calendar link`, () => {
      const mail = renderEmail(template, props, "ja");
      expect(mail.attachments).toHaveLength(1);
      const [ics] = mail.attachments ?? [];
      expect(ics?.filename).toBe("event.ics");
      expect(ics?.contentType).toBe("text/calendar; charset=utf-8; method=PUBLISH");
      const { calendar, vevent, event: parsed } = parseIcs(ics?.content ?? "");
      expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
      expect(parsed.uid).toBe(`event-${event.id}@ogaki-kankei`);
      expect(parsed.sequence).toBe(SEQUENCE);
      expect(parsed.summary).toBe("大垣とつながる夜");
      expect(parsed.startDate.toJSDate().toISOString()).toBe(event.startsAt);
      expect(parsed.endDate.toJSDate().toISOString()).toBe(event.endsAt);
      expect(parsed.location).toBe("SHIBUYA QWS, 東京都渋谷区渋谷2-24-12");
      expect(parsed.description).toContain("https://meet.example/j/secret-room");
      expect(parsed.description).not.toContain("tok123"); // the personal manage link stays out of shared calendars
      expect(vevent.getFirstPropertyValue("organizer")).toBe("mailto:info@wdl.example");

      const google = mail.text.split("\n").find((line) => line.startsWith("https://calendar.google.com/"));
      const params = new URL(google ?? "").searchParams;
      expect(params.get("dates")).toBe("20261212T050000Z/20261212T080000Z");
      expect(params.get("text")).toBe("大垣とつながる夜");
      expect(params.get("ctz")).toBe("Asia/Tokyo");
      expect(mail.html).toContain(`href="${google?.replace(/&/g, "&amp;")}"`);
    });
  }

  it("registration-cancelled carries a CANCEL event.ics with the same UID and a higher SEQUENCE", () => {
    const mail = renderEmail("registration-cancelled", { ...props, status: "CANCELLED" }, "en");
    const [ics] = mail.attachments ?? [];
    expect(ics?.contentType).toBe("text/calendar; charset=utf-8; method=CANCEL");
    const { calendar, vevent, event: parsed } = parseIcs(ics?.content ?? "");
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(parsed.uid).toBe(`event-${event.id}@ogaki-kankei`);
    expect(parsed.sequence).toBe(SEQUENCE + 1);
    expect(mail.text).not.toContain("calendar.google.com");
  });

  it("the other mails carry no attachment and no calendar link", () => {
    for (const template of ["registration-waitlisted", "registration-pending", "registration-declined", "registration-offered", "registration-offer-expired", "registration-exists"] as const) {
      const mail = renderEmail(template, props, "ja");
      expect(mail.attachments, template).toBeUndefined();
      expect(mail.text, template).not.toContain("calendar.google.com");
    }
  });

  it("falls back to a no-reply organiser on the app's host without a contact address", () => {
    const mail = renderEmail("registration-confirmed", { ...props, contactEmail: null }, "ja");
    const { vevent } = parseIcs(mail.attachments?.[0]?.content ?? "");
    expect(vevent.getFirstPropertyValue("organizer")).toBe("mailto:no-reply@app.example");
    expect(mail.text).not.toContain("お問い合わせ");
  });
});

describe("the words of each mail", () => {
  it("registration-confirmed", () => {
    expect(renderEmail("registration-confirmed", props, "ja").subject).toBe("【大垣とつながる】参加登録が完了しました：大垣とつながる夜");
    expect(renderEmail("registration-confirmed", props, "en").subject).toBe(
      "[Connect with Ogaki] Registration confirmed: An evening with Ogaki",
    );
  });

  it("registration-waitlisted gives the position", () => {
    const ja = renderEmail("registration-waitlisted", { ...props, status: "WAITLISTED" }, "ja");
    expect(ja.subject).toContain("キャンセル待ちに登録しました");
    expect(ja.text).toContain("現在 3 番目です");
    expect(renderEmail("registration-waitlisted", props, "en").text).toContain("You are number 3 on the waiting list.");
    expect(renderEmail("registration-waitlisted", { ...props, waitlistPosition: null }, "ja").text).not.toContain("番目");
  });

  it("registration-pending and registration-approved", () => {
    expect(renderEmail("registration-pending", props, "ja").subject).toContain("お申し込みを受け付けました（承認待ち）");
    expect(renderEmail("registration-approved", props, "ja").subject).toContain("参加が承認されました");
  });

  it("registration-declined is polite and gives the reason only when there is one", () => {
    const withReason = renderEmail("registration-declined", props, "ja");
    expect(withReason.subject).toContain("お申し込みについて");
    expect(withReason.text).toContain("理由：定員を大幅に超えるお申し込みがあったため");
    expect(renderEmail("registration-declined", { ...props, reason: null }, "ja").text).not.toContain("理由");
    expect(renderEmail("registration-declined", { ...props, reason: "  " }, "en").text).not.toContain("Reason");
  });

  it("registration-offered gives the deadline in JST and the manage link as the confirm button", () => {
    const ja = renderEmail("registration-offered", { ...props, status: "OFFERED" }, "ja");
    expect(ja.subject).toContain("キャンセル待ちの方へ：お席をご用意しました");
    expect(ja.text).toContain("2026年12月5日(土) 23:59までに");
    expect(ja.html).toMatch(/<a href="https:\/\/app\.example\/r\/tok123\?view=1&amp;lang=ja"[^>]*>参加を確定する<\/a>/);
    const en = renderEmail("registration-offered", props, "en");
    expect(en.text).toContain("Sat, 5 Dec 2026, 23:59 (Japan time)");
    expect(en.text).toContain("Confirm my place\nhttps://app.example/r/tok123?view=1&lang=ja");
  });

  it("registration-cancelled", () => {
    expect(renderEmail("registration-cancelled", props, "ja").subject).toContain("キャンセルを受け付けました");
  });

  it("registration-exists tells the current status", () => {
    const mail = (status: RegistrationEmailProps["status"], locale: "ja" | "en" = "ja") =>
      renderEmail("registration-exists", { ...props, status }, locale);
    expect(mail("CONFIRMED").subject).toContain("すでにお申し込み済みです");
    expect(mail("CONFIRMED").text).toContain("現在の状況：参加確定");
    expect(mail("WAITLISTED").text).toContain("キャンセル待ち（現在 3 番目）");
    expect(mail("PENDING").text).toContain("承認待ち");
    expect(mail("OFFERED").text).toContain("2026年12月5日(土) 23:59までに参加を確定してください");
    expect(mail("WAITLISTED", "en").text).toContain("Current status: On the waiting list (number 3)");
  });
});

describe("a sign-up with an address that belonged to a person already", () => {
  const apply = "https://app.example/signup-changes/tokAPPLY";
  for (const template of ["registration-confirmed", "registration-waitlisted", "registration-pending"] as const) {
    it(`${template} carries the one-time link that applies what was typed, after the manage link; without it, none`, () => {
      for (const locale of ["ja", "en"] as const) {
        const mail = renderEmail(template, { ...props, applyUrl: apply }, locale);
        expect(mail.text).toContain(apply);
        expect(mail.text.indexOf(apply)).toBeGreaterThan(mail.text.indexOf(props.manageUrl));
        expect(mail.html).toContain('href="https://app.example/signup-changes/tokAPPLY"');
        expect(mail.text).toContain(locale === "ja" ? "入力した内容をプロフィールと同意に反映する" : "Apply what I typed to my profile and consents");
        expect(renderEmail(template, props, locale).text).not.toMatch(/signup-changes|反映する|Apply what I typed/);
      }
    });
  }
  it("registration-exists says that nothing changed if it was not them", () => {
    expect(renderEmail("registration-exists", props, "ja").text).toContain("登録内容は何も変わっていません");
    expect(renderEmail("registration-exists", props, "en").text).toContain("nothing has changed");
  });
});

describe("localisation", () => {
  it("falls back to Japanese text when the event has no English title or fee", () => {
    const mail = renderEmail("registration-pending", { ...props, event: { ...event, titleEn: null, feeEn: null } }, "en");
    expect(mail.subject).toBe("[Connect with Ogaki] We have received your application (awaiting approval): 大垣とつながる夜");
    expect(mail.text).toContain("Fee: 無料");
  });

  it("renders Japanese for any locale other than English", () => {
    expect(renderEmail("registration-confirmed", props, "fr").subject.startsWith("【大垣とつながる】")).toBe(true);
  });

  it("has the sender identity and the transactional note in the footer", () => {
    expect(renderEmail("registration-confirmed", props, "ja").text).toContain(
      "主催：一般社団法人Work Design Lab × 大垣市\nお問い合わせ：info@wdl.example\nこのメールは、",
    );
    const en = renderEmail("registration-confirmed", props, "en");
    expect(en.text).toContain("Organised by Work Design Lab × Ogaki City\nContact: info@wdl.example\n");
    expect(en.html).toContain('<a href="mailto:info@wdl.example"');
  });
});

describe("venue", () => {
  it("says オンライン for an online event, without a map link", () => {
    const online: EmailEvent = { ...event, format: "ONLINE", venueName: null, venueAddress: null };
    const pending = renderEmail("registration-pending", { ...props, event: online }, "ja");
    expect(pending.text).toContain("■ 会場：オンライン");
    expect(pending.text).not.toContain("maps.example");
    const confirmed = renderEmail("registration-confirmed", { ...props, event: online }, "ja");
    expect(parseIcs(confirmed.attachments?.[0]?.content ?? "").event.location).toBe("https://meet.example/j/secret-room");
  });

  it("shows no online URL when the event has none", () => {
    const mail = renderEmail("registration-confirmed", { ...props, event: { ...event, onlineUrl: null } }, "ja");
    expect(mail.text).not.toContain("参加URL");
  });
});

describe("HTML safety", () => {
  const evil = "<script>alert(1)</script>";
  const hostile: RegistrationEmailProps = {
    ...props,
    name: `${evil}"'&`,
    event: {
      ...event,
      titleJa: evil,
      titleEn: evil,
      venueName: `<img src=x onerror=alert(1)>`,
      venueMapUrl: "javascript:alert(1)",
      onlineUrl: "data:text/html,<b>x</b>",
      feeJa: "<b>0</b>",
    },
    reason: evil,
    manageUrl: 'https://app.example/r/x"><script>alert(1)</script>',
  };

  for (const template of [...REGISTRATION_TEMPLATES, "event-reminder"] as const) {
    it(`${template} escapes every value and links only http(s) URLs`, () => {
      for (const locale of ["ja", "en"] as const) {
        const { html, text } = renderEmail(template, hostile, locale);
        expect(html).not.toContain("<script");
        expect(html).not.toContain("<img");
        expect(html).not.toContain("<b>");
        expect(html).not.toMatch(/javascript:|data:text/);
        expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
        expect(text).toContain(evil); // the text part is not HTML and keeps the value as written
      }
    });
  }
});
