import { EMAIL_TEMPLATES, renderEmail, type EmailEvent, type EmailTemplate } from "@/lib/emails";
import { renderStaffInvitation } from "@/lib/emails/staff-invitation";
import { renderStaffSignin } from "@/lib/emails/staff-signin";
import { markdownPayload, textPayload, urlPayload } from "./payloads";

// Every mail the app sends, rendered with hostile values in every prop a person or an organiser controls,
// in both languages: the HTML each one would put in front of a mail client that runs scripts.

export type HostileMail = { name: string; html: string; subject: string };

function hostileEvent(tag: string): EmailEvent {
  return {
    id: "0190a0b0-0000-7000-8000-000000000001",
    slug: `x${tag}`,
    titleJa: textPayload(`${tag}:titleJa`),
    titleEn: textPayload(`${tag}:titleEn`),
    startsAt: "2026-12-12T05:00:00.000Z",
    endsAt: "2026-12-12T08:00:00.000Z",
    format: "HYBRID",
    venueName: textPayload(`${tag}:venueName`),
    venueAddress: textPayload(`${tag}:venueAddress`),
    venueMapUrl: urlPayload(`${tag}:venueMapUrl`),
    onlineUrl: urlPayload(`${tag}:onlineUrl`),
    feeJa: textPayload(`${tag}:feeJa`),
    feeEn: textPayload(`${tag}:feeEn`),
    organizersJa: textPayload(`${tag}:organizersJa`),
    organizersEn: textPayload(`${tag}:organizersEn`),
    updatedAt: "2026-10-01T00:00:00.000Z",
  };
}

function propsFor(template: EmailTemplate, tag: string): unknown {
  const subscription = { category: "SURVEY" as const, unsubscribeUrl: urlPayload(`${tag}:unsubscribe`), preferencesUrl: "https://app.example/me/x" };
  const registration = {
    name: textPayload(`${tag}:name`),
    event: hostileEvent(tag),
    manageUrl: urlPayload(`${tag}:manageUrl`),
    status: "CONFIRMED" as const,
    waitlistPosition: 2,
    offerExpiresAt: "2026-12-05T14:59:00.000Z",
    reason: textPayload(`${tag}:reason`),
    contactEmail: `"><script>__xss("${tag}:contact")</script>@x.example`,
    appUrl: "https://app.example",
    subscription,
  };
  switch (template) {
    case "event-reminder":
      return { ...registration, hoursBefore: 24, checkin: { code: textPayload(`${tag}:checkinCode`).slice(0, 200), payload: "checkin-payload" } };
    case "survey-invitation":
      return { name: registration.name, event: registration.event, surveyUrl: "https://app.example/survey/x", appUrl: registration.appUrl, contactEmail: registration.contactEmail, subscription };
    case "campaign":
      return {
        campaign: {
          subjectJa: `{{name}} ${textPayload(`${tag}:subjectJa`)}`,
          bodyJa: `{{name}} {{eventTitle}}\n\n${markdownPayload(`${tag}:bodyJa`)}`,
          subjectEn: `{{name}} ${textPayload(`${tag}:subjectEn`)}`,
          bodyEn: `{{name}}\n\n${markdownPayload(`${tag}:bodyEn`)}`,
        },
        category: "FOLLOW_UP",
        name: textPayload(`${tag}:mergeName`),
        eventTitleJa: textPayload(`${tag}:mergeTitleJa`),
        eventTitleEn: textPayload(`${tag}:mergeTitleEn`),
        eventStartsAt: "2026-12-12T05:00:00.000Z",
        appUrl: registration.appUrl,
        contactEmail: registration.contactEmail,
        subscription,
        test: true,
      };
    default:
      return registration;
  }
}

export function hostileMails(): HostileMail[] {
  const mails: HostileMail[] = [];
  for (const locale of ["ja", "en"] as const) {
    for (const template of EMAIL_TEMPLATES) {
      const tag = `${template}/${locale}`;
      const mail = renderEmail(template, propsFor(template, tag) as never, locale);
      mails.push({ name: tag, html: mail.html, subject: mail.subject });
    }
    const signin = renderStaffSignin({ url: urlPayload(`staff-signin/${locale}:url`), minutes: 15 }, locale);
    mails.push({ name: `staff-signin/${locale}`, html: signin.html, subject: signin.subject });
    const invitation = renderStaffInvitation(
      {
        url: urlPayload(`staff-invitation/${locale}:url`),
        organization: textPayload(`staff-invitation/${locale}:organization`),
        role: textPayload(`staff-invitation/${locale}:role`),
        expires: textPayload(`staff-invitation/${locale}:expires`),
      },
      locale,
    );
    mails.push({ name: `staff-invitation/${locale}`, html: invitation.html, subject: invitation.subject });
  }
  return mails;
}

/** Control: the same payloads put into HTML without escaping, as a careless template would. */
export function unsafeControlHtml(): string {
  return `<!doctype html><html><body><h1>${textPayload("control:text")}</h1><div>${markdownPayload("control:markdown")}</div></body></html>`;
}
