import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, renderEmail, type EmailEvent, type EmailTemplate } from "@/lib/emails";
import { renderStaffInvitation } from "@/lib/emails/staff-invitation";
import { renderStaffSignin } from "@/lib/emails/staff-signin";

// Every mail the app sends links to the privacy policy (APPI: how the data is handled, who to ask), in both
// parts and both languages.

const APP = "https://app.example";
const POLICY = `${APP}/privacy`;

const event: EmailEvent = {
  id: "0190a0b0-0000-7000-8000-000000000001",
  slug: "ogaki-night",
  titleJa: "大垣とつながる夜",
  titleEn: "Ogaki night",
  startsAt: "2026-12-12T05:00:00.000Z",
  endsAt: "2026-12-12T08:00:00.000Z",
  format: "IN_PERSON",
  venueName: "東京会場",
  venueAddress: null,
  venueMapUrl: null,
  onlineUrl: null,
  feeJa: null,
  feeEn: null,
  organizersJa: "WDL × 大垣市",
  organizersEn: "WDL × Ogaki City",
  updatedAt: "2026-10-01T00:00:00.000Z",
};

function propsFor(template: EmailTemplate): unknown {
  const registration = { name: "山田 花子", event, manageUrl: `${APP}/manage/x`, status: "CONFIRMED", appUrl: APP, contactEmail: "info@wdl.example" };
  switch (template) {
    case "event-reminder":
      return { ...registration, hoursBefore: 24 };
    case "survey-invitation":
      return { name: registration.name, event, surveyUrl: `${APP}/survey/x`, appUrl: APP };
    case "campaign":
      return {
        campaign: { subjectJa: "お知らせ", bodyJa: "本文", subjectEn: "News", bodyEn: "Body" },
        category: "FOLLOW_UP",
        name: "山田 花子",
        eventTitleJa: null,
        eventTitleEn: null,
        eventStartsAt: null,
        appUrl: APP,
      };
    default:
      return registration;
  }
}

describe("the privacy policy link", () => {
  for (const locale of ["ja", "en"] as const) {
    for (const template of EMAIL_TEMPLATES) {
      it(`is in ${template} (${locale})`, () => {
        const mail = renderEmail(template, propsFor(template) as never, locale);
        expect(mail.text).toContain(POLICY);
        expect(mail.html).toContain(`href="${POLICY}"`);
      });
    }

    it(`is in the staff sign-in and invitation mails (${locale})`, () => {
      for (const mail of [
        renderStaffSignin({ url: `${APP}/api/auth/callback/email?token=x`, minutes: 15 }, locale),
        renderStaffInvitation({ url: `${APP}/admin/invite/x`, organization: "WDL", role: "organizer", expires: "12/31" }, locale),
      ]) {
        expect(mail.text).toContain(POLICY);
        expect(mail.html).toContain(`href="${POLICY}"`);
      }
    });
  }
});
