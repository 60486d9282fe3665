import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SeatBadge } from "@/components/events/SeatBadge";
import { Markdown } from "@/components/ui/Markdown";
import type { PublicEvent } from "@/lib/events/data";
import { seatState } from "@/lib/events/seats";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

type Props = {
  event: PublicEvent;
  now: Date;
  /** The sign-up button's target; null in the staff preview (shown, but going nowhere). */
  ctaHref: string | null;
  /** Extra head-of-article content (the public page's JSON-LD). */
  children?: React.ReactNode;
};

/** The event page's content: one component for the public page and the staff preview, so both show the same. */
export async function EventDetails({ event, now, ctaHref, children }: Props) {
  const [locale, t] = await Promise.all([getLocale() as Promise<Locale>, getTranslations("events")]);
  const state = seatState(event, now);
  const cta = state.kind === "open" || state.kind === "waitlist" ? (event.approvalRequired ? "approvalCta" : state.kind === "waitlist" ? "waitlistCta" : "signupCta") : null;
  const title = localized(event.titleJa, event.titleEn, locale);
  const description = localized(event.descriptionJa, event.descriptionEn, locale);
  const fee = localized(event.feeJa, event.feeEn, locale);
  const organizers = event.organizers
    .map((o) => localized(o.organization.nameJa, o.organization.nameEn, locale))
    .join(" × ");
  return (
    <article className="event-page">
      {children}
      <p className="event-card__meta">
        <span className="tag">{t(`kind.${event.kind}`)}</span>
        {event.approvalRequired ? <span className="tag tag--outline">{t("approval")}</span> : null}
      </p>
      <h1>{title}</h1>
      <dl className="facts">
        <dt>{t("when")}</dt>
        <dd>
          <time dateTime={event.startsAt.toISOString()}>{formatEventDateRange(event.startsAt, event.endsAt, locale)}</time>
        </dd>
        <dt>{t("where")}</dt>
        <dd>
          {event.format === "ONLINE" ? (
            t("online")
          ) : (
            <>
              {event.venueName}
              {event.venueAddress ? <span className="facts__sub">{event.venueAddress}</span> : null}
              {event.venueMapUrl ? (
                <a href={event.venueMapUrl} target="_blank" rel="noopener noreferrer" className="facts__sub">
                  {t("map")}
                </a>
              ) : null}
              {event.format === "HYBRID" ? <span className="facts__sub">{t("alsoOnline")}</span> : null}
            </>
          )}
        </dd>
        {fee ? (
          <>
            <dt>{t("feeLabel")}</dt>
            <dd>{fee}</dd>
          </>
        ) : null}
        <dt>{t("seatsLabel")}</dt>
        <dd>
          <SeatBadge event={event} now={now} />
          {event.capacity !== null ? <span className="facts__sub">{t("capacity", { count: event.capacity })}</span> : null}
        </dd>
        {event.registrationClosesAt ? (
          <>
            <dt>{t("deadline")}</dt>
            <dd>{formatDateTime(event.registrationClosesAt, locale)}</dd>
          </>
        ) : null}
        <dt>{t("organizers")}</dt>
        <dd>{organizers}</dd>
      </dl>
      {cta ? (
        <div className="cta">
          {ctaHref ? (
            <Link href={ctaHref} className="button button--wide">
              {t(cta)}
            </Link>
          ) : (
            // The staff preview: the button as participants will see it, going nowhere.
            <span className="button button--wide" aria-disabled="true">
              {t(cta)}
            </span>
          )}
          {event.format !== "IN_PERSON" ? <p className="muted">{t("onlineLinkNote")}</p> : null}
        </div>
      ) : null}
      <section aria-labelledby="about-heading" className="section">
        <h2 id="about-heading">{t("about")}</h2>
        <Markdown>{description}</Markdown>
      </section>
    </article>
  );
}
