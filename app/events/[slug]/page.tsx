import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale } from "next-intl/server";
import { EventDetails } from "@/components/events/EventDetails";
import { getPublicEvent, type PublicEvent } from "@/lib/events/data";
import { seatState, type SeatState } from "@/lib/events/seats";
import { getEnv } from "@/lib/server/env";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";

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
  const [event, locale, query] = await Promise.all([getPublicEvent(slug), getLocale() as Promise<Locale>, searchParams]);
  if (!event) notFound();
  const now = new Date();
  const state = seatState(event, now);
  // utm_* and ref travel on to the form, which records them with the registration.
  const passOn = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (/^(utm_(source|medium|campaign|term|content)|ref)$/.test(k) && typeof v === "string" ? [[k, v]] : [])),
  ).toString();
  const title = localized(event.titleJa, event.titleEn, locale);
  const jsonLd = eventJsonLd(event, state, title, localized(event.summaryJa, event.summaryEn, locale) ?? title, getEnv().APP_URL);
  return (
    <EventDetails event={event} now={now} ctaHref={`/events/${event.slug}/register${passOn ? `?${passOn}` : ""}`}>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd) }} />
    </EventDetails>
  );
}
