import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SurveyForm } from "@/components/surveys/SurveyForm";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getSurveyByToken } from "@/lib/surveys/data";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ token: string }> };

// The post-event survey behind the link in the invitation mail: no account, the signed token is the
// credential. Never indexed, never cached, never sent on as a Referer; opening it changes nothing (a mail
// scanner prefetching the link records no answer).
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("survey");
  return { title: t("metaTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function SurveyPage({ params }: Props) {
  const [{ token }, locale, t] = await Promise.all([params, getLocale() as Promise<Locale>, getTranslations("survey")]);
  // A forged link, a deleted registration and an anonymised person all get the same 404 page.
  const survey = await getSurveyByToken(token);
  if (!survey) notFound();

  if (survey.status !== "ATTENDED") {
    return (
      <div className="message-page">
        <h1>{t("notAttendedTitle")}</h1>
        <p>{t("notAttendedBody")}</p>
      </div>
    );
  }

  const { event, response } = survey;
  const initial = response
    ? { satisfaction: String(response.satisfaction), joinAgain: response.joinAgain, nextSteps: response.nextSteps, comment: response.comment ?? "" }
    : { satisfaction: "", joinAgain: "", nextSteps: [], comment: "" };

  return (
    <div className="survey-page">
      <h1>{t("title")}</h1>
      {survey.name ? <p>{t("hello", { name: survey.name })}</p> : null}
      <dl className="facts">
        <dt>{t("event")}</dt>
        <dd>{localized(event.titleJa, event.titleEn, locale)}</dd>
        <dt>{t("when")}</dt>
        <dd>{formatEventDateRange(event.startsAt, event.endsAt, locale)}</dd>
      </dl>
      {response ? (
        <p className="notice" role="note">
          {t("answered", { date: formatDateTime(response.submittedAt, locale) })}
        </p>
      ) : (
        <p className="lead">{t("lead")}</p>
      )}
      <SurveyForm token={token} initial={initial} answered={response !== null} />
    </div>
  );
}
