/* eslint-disable @next/next/no-html-link-for-pages, @next/next/no-head-element -- rendered by react-dom/server outside Next: no router, no next/head */
import { createTranslator, NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { Markdown } from "@/components/ui/Markdown";
import type { PublicEvent } from "@/lib/events/data";
import { seatState, type SeatState } from "@/lib/events/seats";
import { TIME_ZONE, type Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

// The page the event-page benchmark's peer renders: the tree of app/layout.tsx and app/events/[slug]/page.tsx,
// element for element, for one event and locale. The app's components read their translations from next-intl's
// server functions (getTranslations, getLocale), which exist only inside a Next request, so here the same
// messages (lib/i18n) are passed in through next-intl's createTranslator and NextIntlClientProvider; the
// description goes through the app's own Markdown component, dates through lib/time/format, seats through
// lib/events/seats. Next's <Link> becomes the <a> it renders, the locale switch's server action a plain form.
// The benchmark checks that the <article> this renders is byte for byte the one the app serves.

type Translate = (key: string, values?: Record<string, string | number>) => string;
type Props = { event: PublicEvent; locale: Locale; messages: AbstractIntlMessages; now: Date; appUrl: string };

/** schema.org Event, as the page builds it. */
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

export function EventDocument({ event, locale, messages, now, appUrl }: Props) {
  // The messages are loaded at run time, so their keys are not known to the type checker: plain string keys.
  const site = createTranslator({ locale, messages, timeZone: TIME_ZONE }) as unknown as Translate;
  const t = createTranslator({ locale, messages, namespace: "events", timeZone: TIME_ZONE }) as unknown as Translate;
  const state = seatState(event, now);
  const cta = state.kind === "open" || state.kind === "waitlist" ? (event.approvalRequired ? "approvalCta" : state.kind === "waitlist" ? "waitlistCta" : "signupCta") : null;
  const title = localized(event.titleJa, event.titleEn, locale);
  const summary = localized(event.summaryJa, event.summaryEn, locale);
  const description = localized(event.descriptionJa, event.descriptionEn, locale);
  const fee = localized(event.feeJa, event.feeEn, locale);
  const organizers = event.organizers.map((o) => localized(o.organization.nameJa, o.organization.nameEn, locale)).join(" × ");
  const jsonLd = eventJsonLd(event, state, title, summary ?? title, appUrl);
  let seatLabel: string;
  if (state.kind === "open") seatLabel = state.seatsLeft === null ? t("seats.openUnlimited") : t("seats.open", { count: state.seatsLeft });
  else if (state.kind === "not_yet_open") seatLabel = t("seats.notYetOpen", { date: formatDateTime(state.opensAt, locale) });
  else seatLabel = t(`seats.${state.kind}`);
  const pageTitle = `${title}｜${site("site.name")}`;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d7a" />
        <title>{pageTitle}</title>
        {summary ? <meta name="description" content={summary} /> : null}
        <link rel="canonical" href={`${appUrl}/events/${event.slug}`} />
        <meta property="og:title" content={title} />
        {summary ? <meta property="og:description" content={summary} /> : null}
        <meta property="og:url" content={`${appUrl}/events/${event.slug}`} />
        <meta property="og:site_name" content="大垣とつながる" />
        <meta property="og:locale" content={locale === "en" ? "en_US" : "ja_JP"} />
        <meta property="og:type" content="website" />
        <meta name="twitter:card" content="summary" />
        <meta name="twitter:title" content={title} />
        {summary ? <meta name="twitter:description" content={summary} /> : null}
      </head>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages} timeZone={TIME_ZONE}>
          <a className="skip-link" href="#main">
            {site("site.skipToContent")}
          </a>
          <header className="site-header">
            <div className="site-header__inner">
              <a href="/" className="site-header__brand">
                <span className="site-header__mark" aria-hidden="true">
                  水
                </span>
                {site("site.name")}
              </a>
              <nav aria-label={site("nav.main")} className="site-header__nav">
                <a href="/events">{site("nav.events")}</a>
              </nav>
              <form method="post" action="/locale" className="locale-switcher" aria-label={site("locale.label")}>
                {(["ja", "en"] as const).map((code) => (
                  <button key={code} type="submit" name="locale" value={code} lang={code} aria-pressed={code === locale} className="locale-switcher__button">
                    {site(`locale.${code}`)}
                  </button>
                ))}
              </form>
            </div>
          </header>
          <main id="main" className="page">
            <article className="event-page">
              <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }} />
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
                  <span className={`seat-badge seat-badge--${state.kind}`}>{seatLabel}</span>
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
                  <a className="button button--wide" href={`/events/${event.slug}/register`}>
                    {t(cta)}
                  </a>
                  {event.format !== "IN_PERSON" ? <p className="muted">{t("onlineLinkNote")}</p> : null}
                </div>
              ) : null}
              <section aria-labelledby="about-heading" className="section">
                <h2 id="about-heading">{t("about")}</h2>
                <Markdown>{description}</Markdown>
              </section>
            </article>
          </main>
          <footer className="site-footer">
            <div className="site-footer__inner">
              <p>{site("site.organizers")}</p>
              <p className="muted">{site("footer.about")}</p>
            </div>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
