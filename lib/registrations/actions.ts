"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { TURNSTILE_FORM_FIELD } from "@/lib/abuse/captcha";
import { googleCalendarUrl } from "@/lib/calendar/ics";
import { getSignupEvent } from "@/lib/registrations/data";
import { checkFormToken, issueFastConfirmation, issueFormToken, isFastConfirmation } from "@/lib/registrations/form-token";
import type { FieldErrors } from "@/lib/registrations/schema";
import { signUp } from "@/lib/registrations/signup";
import { expectActionArgs } from "@/lib/server/action-input";
import { getEnv } from "@/lib/server/env";
import { clientIp } from "@/lib/server/request";

export type FormValues = Record<string, string | string[]>;

/**
 * What the screen shows after a sign-up: the same for a new address, a known one and one already registered
 * (only the event's state varies), so it tells nobody whose address is registered. The person's status,
 * waitlist position and manage link are in the mail. The calendar links are the event's public ones.
 * `intake` is absent when a bot check answered (nothing was looked up).
 */
export type SignupOutcomeView =
  | { kind: "received"; intake?: "open" | "waitlist" | "review"; cityReview?: boolean; email?: string; googleUrl?: string | null; icsUrl?: string | null }
  | { kind: "full" | "closed" };

export type SignupFormState = {
  submission: number;
  formToken: string;
  errors?: FieldErrors;
  values?: FormValues;
  outcome?: SignupOutcomeView;
  /** Sent too fast to be sure it was a person: the form asks for one more tap and sends this along. */
  fastConfirmation?: string;
};

const SINGLE_FIELDS = ["name", "furigana", "email", "affiliation", "prefectureCode", "municipality", "howHeard", "howHeardOther", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "ref"] as const;
const CONSENTS = ["CITY_PROVISION", "CITY_REVIEW", "WDL_NEWS", "CITY_NEWS", "SURVEY"] as const;

/** The form's fields as the shared schema expects them (the JSON API sends the same shape). */
function toSignupInput(formData: FormData, multiChoice: Set<string>, locale: string) {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const answers: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (!key.startsWith("answers.")) continue;
    const id = key.slice("answers.".length);
    answers[id] = multiChoice.has(id) ? formData.getAll(key).map(String) : String(formData.get(key) ?? "");
  }
  return {
    ...Object.fromEntries(SINGLE_FIELDS.map((name) => [name, text(name)]).filter(([, v]) => v !== undefined)),
    name: String(formData.get("name") ?? ""),
    furigana: String(formData.get("furigana") ?? ""),
    email: String(formData.get("email") ?? ""),
    prefectureCode: String(formData.get("prefectureCode") ?? ""),
    relationships: formData.getAll("relationships").map(String),
    interests: formData.getAll("interests").map(String),
    answers,
    consents: Object.fromEntries(CONSENTS.map((p) => [p, formData.get(`consents.${p}`) === "on"])),
    locale: locale === "en" ? "en" : "ja",
  };
}

function echo(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$") || key === "formToken" || key === "fastConfirmation" || key === "website" || key === TURNSTILE_FORM_FIELD) continue;
    const all = formData.getAll(key).map(String);
    values[key] = all.length > 1 || ["relationships", "interests"].includes(key) ? all : (all[0] ?? "");
  }
  return values;
}

export async function submitSignupForm(slug: string, previous: SignupFormState, formData: FormData): Promise<SignupFormState> {
  expectActionArgs({ strings: [slug], forms: [formData] });
  // The token keeps the time the page was first shown: correcting a field and sending again is not "too fast".
  const next = { submission: (Number(previous?.submission) || 0) + 1, formToken: previous?.formToken };
  const env = getEnv();
  // Bots: a filled honeypot or a forged token is refused quietly. A form sent faster than a person could
  // type it may be a person whose browser filled it in: they confirm with a second tap, nothing is lost.
  const honeypot = formData.get("website");
  const token = checkFormToken(formData.get("formToken"), env.SIGNUP_MIN_FILL_SECONDS);
  if ((typeof honeypot === "string" && honeypot !== "") || token === "invalid") {
    return { ...next, outcome: { kind: "received" } };
  }
  if (token === "too_fast" && !isFastConfirmation(formData.get("formToken"), formData.get("fastConfirmation"))) {
    // Bound to the token this form was sent with (its signature is valid: it was only too early).
    const sent = String(formData.get("formToken"));
    return { ...next, formToken: sent, values: echo(formData), fastConfirmation: issueFastConfirmation(sent) };
  }
  if (token === "expired") {
    return { ...next, formToken: issueFormToken(), values: echo(formData), errors: { form: { code: "form_expired" } } };
  }

  // A slug PostgreSQL cannot compare (NUL, lone surrogates; any value can arrive over HTTP) names no event.
  const event = typeof slug === "string" && !/[\u0000\ud800-\udfff]/.test(slug) ? await getSignupEvent(slug) : null;
  if (!event) return { ...next, outcome: { kind: "closed" } };
  const multiChoice = new Set(event.questions.filter((q) => q.kind === "MULTI_CHOICE").map((q) => q.id));
  const locale = await getLocale();
  const result = await signUp(slug, toSignupInput(formData, multiChoice, locale), {
    ip: clientIp(await headers()),
    captchaToken: formData.get(TURNSTILE_FORM_FIELD),
  });

  switch (result.kind) {
    case "invalid":
      return { ...next, values: echo(formData), errors: result.errors };
    case "rate_limited":
      return { ...next, values: echo(formData), errors: { form: { code: "rate_limited" } } };
    case "captcha_failed":
      // Fails closed (lib/abuse/captcha.ts): the person keeps what they typed and sends it again.
      return { ...next, values: echo(formData), errors: { form: { code: "captcha_failed" } } };
    case "received": {
      const title = locale === "en" && event.titleEn ? event.titleEn : event.titleJa;
      const eventUrl = `${env.APP_URL}/events/${event.slug}`;
      const open = result.intake === "open";
      return {
        ...next,
        outcome: {
          kind: "received",
          intake: result.intake,
          // The form said before any typing who decides (CityReviewConsent); the outcome says the same.
          cityReview: event.approvalRequired && event.reviewerKind === "CITY",
          email: result.email,
          googleUrl: open
            ? googleCalendarUrl({ title, start: event.startsAt, end: event.endsAt, details: eventUrl, location: event.venueName ?? undefined })
            : null,
          icsUrl: open ? `/api/events/${event.slug}/calendar` : null,
        },
      };
    }
    case "full":
    case "closed":
      return { ...next, outcome: { kind: result.kind } };
    case "not_found":
      return { ...next, outcome: { kind: "closed" } };
  }
}
