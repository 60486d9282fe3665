import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AnswersForm } from "@/components/registrations/AnswersForm";
import { qrSvgPath } from "@/lib/checkin/qr";
import { checkinPayloadFor } from "@/lib/checkin/token";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getRegistrationByManageToken } from "@/lib/registrations/data";
import { toFormQuestions } from "@/lib/registrations/questions";
import { acceptOfferByToken } from "@/lib/registrations/manage-actions";
import { participantPagePathFromLink } from "@/lib/subscriptions/links";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string; failed?: string }> };

// The personal page behind the manage link: no account, the token is the credential. It is never indexed
// and never sent on as a Referer (the map link leaves the site).
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const ACTIVE = ["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED"];

export default async function ManagePage({ params, searchParams }: Props) {
  const [{ token }, query, locale, t, tc] = await Promise.all([
    params,
    searchParams,
    getLocale() as Promise<Locale>,
    getTranslations("manage"),
    getTranslations("staffCheckin.ticket"),
  ]);
  const registration = await getRegistrationByManageToken(token);
  if (!registration) {
    return (
      <div className="message-page">
        <h1>{t("notFoundTitle")}</h1>
        <p>{t("notFoundBody")}</p>
      </div>
    );
  }
  const { event } = registration;
  const myPage = await participantPagePathFromLink(registration.participantId, registration.createdAt);
  const title = localized(event.titleJa, event.titleEn, locale);
  const status = registration.status;
  const statusText = t(`statusText.${status}`, {
    position: registration.waitlistPosition ?? "-",
    deadline: registration.offerExpiresAt ? formatDateTime(registration.offerExpiresAt, locale) : "-",
  });
  const confirmed = status === "CONFIRMED" || status === "ATTENDED";
  const done = query.done === "cancelled" || query.done === "confirmed" ? query.done : null;
  const failed = query.failed === "not_allowed" || query.failed === "offer_expired" || query.failed === "not_found" ? query.failed : null;
  const answerValues = Object.fromEntries(
    registration.answers.map((a) => {
      const question = event.questions.find((q) => q.id === a.questionId);
      return [`answers.${a.questionId}`, question?.kind === "MULTI_CHOICE" ? a.choices : question?.kind === "SINGLE_CHOICE" ? (a.choices[0] ?? "") : (a.text ?? "")];
    }),
  );
  const questions = toFormQuestions(event.questions, locale);
  // The check-in QR code: derived from the registration id (never stored), shown while the place is confirmed.
  const qr = status === "CONFIRMED" ? qrSvgPath(checkinPayloadFor(registration.id)) : null;

  return (
    <div className="manage-page">
      <h1>{t("title")}</h1>
      {done ? (
        <p className="outcome" role="status">
          {t(`done.${done}`)}
        </p>
      ) : null}
      {failed ? (
        <p className="outcome outcome--warn" role="alert">
          {t(`failed.${failed}`)}
        </p>
      ) : null}
      <p>{t("hello", { name: registration.participant.name ?? "" })}</p>
      <dl className="facts">
        <dt>{t("event")}</dt>
        <dd>
          <Link href={`/events/${event.slug}`}>{title}</Link>
        </dd>
        <dt>{t("when")}</dt>
        <dd>{formatEventDateRange(event.startsAt, event.endsAt, locale)}</dd>
        <dt>{t("where")}</dt>
        <dd>
          {event.format === "ONLINE" ? t("online") : event.venueName}
          {event.format !== "ONLINE" && event.venueMapUrl ? (
            <a href={event.venueMapUrl} className="facts__sub" target="_blank" rel="noopener noreferrer">
              {event.venueAddress ?? event.venueMapUrl}
            </a>
          ) : null}
        </dd>
        {confirmed && event.onlineUrl ? (
          <>
            <dt>{t("onlineUrl")}</dt>
            <dd>
              <a href={event.onlineUrl} target="_blank" rel="noopener noreferrer">
                {event.onlineUrl}
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t("status")}</dt>
        <dd>
          <strong className={`status status--${status.toLowerCase()}`}>{statusText}</strong>
        </dd>
        {confirmed ? (
          <>
            <dt>{t("checkinCode")}</dt>
            <dd>
              <code className="checkin-code">{registration.checkinCode}</code>
            </dd>
          </>
        ) : null}
      </dl>

      {qr ? (
        <section className="section staff-checkin-ticket" aria-labelledby="checkin-ticket-heading">
          <h2 id="checkin-ticket-heading">{tc("title")}</h2>
          <p>{tc("lead")}</p>
          <svg
            className="staff-checkin-ticket__qr"
            role="img"
            aria-label={tc("alt")}
            viewBox={`0 0 ${qr.size} ${qr.size}`}
            width="240"
            height="240"
            shapeRendering="crispEdges"
          >
            <rect width={qr.size} height={qr.size} fill="#fff" />
            <path d={qr.path} fill="#000" />
          </svg>
        </section>
      ) : null}

      {status === "OFFERED" ? (
        <form action={acceptOfferByToken.bind(null, token)}>
          <button type="submit" className="button button--wide">
            {t("acceptOffer")}
          </button>
        </form>
      ) : null}

      {ACTIVE.includes(status) && questions.length > 0 ? (
        <section className="section" aria-labelledby="answers-heading">
          <h2 id="answers-heading">{t("answersTitle")}</h2>
          <AnswersForm token={token} questions={questions} values={answerValues} />
        </section>
      ) : null}

      {ACTIVE.includes(status) ? (
        <p className="section">
          <Link href={`/manage/${encodeURIComponent(token)}/cancel`} className="button button--secondary">
            {t("cancel")}
          </Link>
        </p>
      ) : null}

      {/* The manage link travels only by mail to the stored address (never on a sign-up's screen or in the API's
          answer), so whoever holds this page has that mail; the person's page is linked only when that mail is newer
          than the person's last "sign out everywhere". */}
      {myPage ? (
        <p className="section">
          <Link href={myPage}>{t("myPage")}</Link>
        </p>
      ) : null}
    </div>
  );
}
