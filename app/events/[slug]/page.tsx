import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SeatBadge } from "@/components/events/SeatBadge";
import { Markdown } from "@/components/ui/Markdown";
import { getPublicEvent } from "@/lib/events/data";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatEventDateRange, formatDateTime } from "@/lib/time/format";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const [event, locale] = await Promise.all([getPublicEvent(slug), getLocale() as Promise<Locale>]);
  if (!event) return {};
  const title = localized(event.titleJa, event.titleEn, locale);
  const description = localized(event.summaryJa, event.summaryEn, locale) ?? undefined;
  return {
    title,
    description,
    alternates: { canonical: `/events/${event.slug}` },
    openGraph: { type: "website", title, description, url: `/events/${event.slug}` },
  };
}

export default async function EventPage({ params }: Props) {
  const { slug } = await params;
  const [event, locale, t] = await Promise.all([
    getPublicEvent(slug),
    getLocale() as Promise<Locale>,
    getTranslations("events"),
  ]);
  if (!event) notFound();
  const now = new Date();
  const title = localized(event.titleJa, event.titleEn, locale);
  const description = localized(event.descriptionJa, event.descriptionEn, locale);
  const fee = localized(event.feeJa, event.feeEn, locale);
  const organizers = event.organizers
    .map((o) => localized(o.organization.nameJa, o.organization.nameEn, locale))
    .join(" × ");
  return (
    <article className="event-page">
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
      <section aria-labelledby="about-heading" className="section">
        <h2 id="about-heading">{t("about")}</h2>
        <Markdown>{description}</Markdown>
      </section>
    </article>
  );
}
