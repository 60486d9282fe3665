import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SignupForm } from "@/components/registrations/SignupForm";
import { captchaConfig } from "@/lib/abuse/captcha";
import { seatState } from "@/lib/events/seats";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getSignupEvent } from "@/lib/registrations/data";
import { toFormQuestions } from "@/lib/registrations/questions";
import { issueFormToken } from "@/lib/registrations/form-token";
import { formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const TRACKING: Record<string, string> = {
  utm_source: "utmSource",
  utm_medium: "utmMedium",
  utm_campaign: "utmCampaign",
  utm_term: "utmTerm",
  utm_content: "utmContent",
  ref: "ref",
};

/** A full event's form puts people on the waitlist, and says so from its title on. */
function formTitle(event: Parameters<typeof seatState>[0] & { approvalRequired: boolean }) {
  return !event.approvalRequired && seatState(event, new Date()).kind === "waitlist" ? "titleWaitlist" : "title";
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const [event, locale, t] = await Promise.all([getSignupEvent(slug), getLocale() as Promise<Locale>, getTranslations("signup")]);
  if (!event) return {};
  return { title: `${t(formTitle(event))}${locale === "ja" ? "：" : ": "}${localized(event.titleJa, event.titleEn, locale)}`, robots: { index: false } };
}

export default async function RegisterPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const [event, locale, t, query] = await Promise.all([
    getSignupEvent(slug),
    getLocale() as Promise<Locale>,
    getTranslations("signup"),
    searchParams,
  ]);
  if (!event) notFound();
  const state = seatState(event, new Date());
  const title = localized(event.titleJa, event.titleEn, locale);

  const tracking: Record<string, string> = {};
  for (const [param, field] of Object.entries(TRACKING)) {
    const value = query[param];
    if (typeof value === "string" && value.length <= 200) tracking[field] = value;
  }
  const questions = toFormQuestions(event.questions, locale);
  const captcha = captchaConfig();

  return (
    <div className="register-page">
      <p>
        <Link href={`/events/${event.slug}`}>← {title}</Link>
      </p>
      <h1>{t(formTitle(event))}</h1>
      <p className="lead">
        {title}
        <br />
        <time dateTime={event.startsAt.toISOString()}>{formatEventDateRange(event.startsAt, event.endsAt, locale)}</time>
      </p>
      {state.kind === "open" || state.kind === "waitlist" ? (
        <SignupForm
          slug={event.slug}
          locale={locale}
          cta={event.approvalRequired ? "approval" : state.kind === "waitlist" ? "waitlist" : "confirm"}
          questions={questions}
          formToken={issueFormToken()}
          tracking={tracking}
          captchaSiteKey={captcha.enabled ? captcha.siteKey : undefined}
          cityReview={event.approvalRequired && event.reviewerKind === "CITY"}
        />
      ) : (
        <p className="outcome outcome--warn" role="status">
          {t(`unavailable.${state.kind}`)}
        </p>
      )}
    </div>
  );
}
