import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { SeatBadge } from "@/components/events/SeatBadge";
import { Markdown } from "@/components/ui/Markdown";
import { getPublicEvent, type PublicEvent } from "@/lib/events/data";
import { seatState, type SeatState } from "@/lib/events/seats";
import { getEnv } from "@/lib/server/env";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatEventDateRange, formatDateTime } from "@/lib/time/format";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** schema.org Event for search engines and link previews. */
function eventJsonLd(event: PublicEvent, state: SeatState, title: string, description: string, appUrl: string) {
  const place = { "@type": "Place", name: event.venueName ?? undefined, address: event.venueAddress ?? undefined };
  const online = { "@type": "VirtualLocation", url: `${appUrl}/events/${event.slug}` };
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    name: title,
    description,
    startDate: event.startsAt.toISOString(),
    endDate: event.endsAt.toISOString(),
    eventStatus: event.status === "CANCELLED" ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
    eventAttendanceMode:
      event.format === "ONLINE"
        ? "https://schema.org/OnlineEventAttendanceMode"
        : event.format === "HYBRID"
          ? "https://schema.org/MixedEventAttendanceMode"
          : "https://schema.org/OfflineEventAttendanceMode",
    location: event.format === "ONLINE" ? online : event.format === "HYBRID" ? [place, online] : place,
    organizer: event.organizers.map((o) => ({ "@type": "Organization", name: o.organization.nameJa })),
    url: `${appUrl}/events/${event.slug}`,
    offers: {
      "@type": "Offer",
      url: `${appUrl}/events/${event.slug}/register`,
      availability: state.kind === "open" ? "https://schema.org/InStock" : state.kind === "waitlist" ? "https://schema.org/LimitedAvailability" : "https://schema.org/SoldOut",
      price: /^(無料|free|0)/i.test(event.feeJa ?? "無料") ? 0 : undefined,
      priceCurrency: "JPY",
    },
  };
}

/** JSON in a <script>: "<" escaped so no text in it can close the tag. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

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
    openGraph: { type: "website", title, description, url: `/events/${event.slug}`, siteName: "大垣とつながる", locale: locale === "en" ? "en_US" : "ja_JP" },
    twitter: { card: "summary", title, description },
  };
}

export default async function EventPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const [event, locale, t, query] = await Promise.all([
    getPublicEvent(slug),
    getLocale() as Promise<Locale>,
    getTranslations("events"),
    searchParams,
  ]);
  if (!event) notFound();
  const now = new Date();
  const state = seatState(event, now);
  // utm_* and ref travel on to the form, which records them with the registration.
  const passOn = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (/^(utm_(source|medium|campaign|term|content)|ref)$/.test(k) && typeof v === "string" ? [[k, v]] : [])),
  ).toString();
  const cta = state.kind === "open" || state.kind === "waitlist" ? (event.approvalRequired ? "approvalCta" : state.kind === "waitlist" ? "waitlistCta" : "signupCta") : null;
  const title = localized(event.titleJa, event.titleEn, locale);
  const description = localized(event.descriptionJa, event.descriptionEn, locale);
  const fee = localized(event.feeJa, event.feeEn, locale);
  const organizers = event.organizers
    .map((o) => localized(o.organization.nameJa, o.organization.nameEn, locale))
    .join(" × ");
  const jsonLd = eventJsonLd(event, state, title, localized(event.summaryJa, event.summaryEn, locale) ?? title, getEnv().APP_URL);
  return (
    <article className="event-page">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd) }} />
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
          <Link href={`/events/${event.slug}/register${passOn ? `?${passOn}` : ""}`} className="button button--wide">
            {t(cta)}
          </Link>
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
