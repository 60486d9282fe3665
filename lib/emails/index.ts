import type { Locale } from "@/lib/i18n/config";
import { renderCampaignEmail } from "./campaign";
import { renderEventCancelled } from "./event-cancelled";
import { renderEventReminder } from "./event-reminder";
import { renderRegistrationApproved } from "./registration-approved";
import { renderRegistrationCancelled } from "./registration-cancelled";
import { renderRegistrationConfirmed } from "./registration-confirmed";
import { renderRegistrationDeclined } from "./registration-declined";
import { renderRegistrationExists } from "./registration-exists";
import { renderRegistrationOfferExpired } from "./registration-offer-expired";
import { renderRegistrationOffered } from "./registration-offered";
import { renderRegistrationPending } from "./registration-pending";
import { renderRegistrationWaitlisted } from "./registration-waitlisted";
import { renderSurveyInvitation } from "./survey-invitation";
import type { RenderedEmail } from "./types";

export type { EmailAttachment, EmailEvent, RegistrationEmailProps, RenderedEmail, SubscriptionLinks } from "./types";
export { escapeHtml } from "./layout";

// The outbox stores a template name and its props; this registry turns them into a mail at send time.
const templates = {
  "registration-confirmed": renderRegistrationConfirmed,
  "registration-waitlisted": renderRegistrationWaitlisted,
  "registration-pending": renderRegistrationPending,
  "registration-approved": renderRegistrationApproved,
  "registration-declined": renderRegistrationDeclined,
  "registration-offered": renderRegistrationOffered,
  "registration-offer-expired": renderRegistrationOfferExpired,
  "registration-cancelled": renderRegistrationCancelled,
  "registration-exists": renderRegistrationExists,
  "event-cancelled": renderEventCancelled,
  campaign: renderCampaignEmail,
  "event-reminder": renderEventReminder,
  "survey-invitation": renderSurveyInvitation,
} satisfies Record<string, (props: never, locale: Locale) => RenderedEmail>;

export type EmailTemplate = keyof typeof templates;
export type EmailProps<T extends EmailTemplate> = Parameters<(typeof templates)[T]>[0];

export const EMAIL_TEMPLATES = Object.keys(templates) as EmailTemplate[];

export function isEmailTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(templates, name);
}

/** Japanese unless the locale is English. */
export function renderEmail<T extends EmailTemplate>(template: T, props: EmailProps<T>, locale: Locale | string): RenderedEmail {
  const render = templates[template] as (props: EmailProps<T>, locale: Locale) => RenderedEmail;
  return render(props, locale === "en" ? "en" : "ja");
}
