import { getLocale, getTranslations } from "next-intl/server";
import type { PublicEventSummary } from "@/lib/events/data";
import { SeatBadge } from "@/components/events/SeatBadge";
import { seatState } from "@/lib/events/seats";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatEventDateRange } from "@/lib/time/format";

export async function EventCard({ event, now }: { event: PublicEventSummary; now: Date }) {
  const [locale, t] = await Promise.all([getLocale() as Promise<Locale>, getTranslations("events")]);
  const state = seatState(event, now);
  const title = localized(event.titleJa, event.titleEn, locale);
  const summary = localized(event.summaryJa, event.summaryEn, locale);
  const place = event.format === "ONLINE" ? t("online") : (event.venueName ?? "");
  const organizers = event.organizers
    .map((o) => localized(o.organization.nameJa, o.organization.nameEn, locale))
    .join(" × ");
  return (
    <article className={`event-card event-card--${state.kind}`}>
      <p className="event-card__meta">
        <span className="tag">{t(`kind.${event.kind}`)}</span>
        {event.approvalRequired ? <span className="tag tag--outline">{t("approval")}</span> : null}
      </p>
      <h3 className="event-card__title">
        <a href={`/events/${event.slug}`}>{title}</a>
      </h3>
      <p className="event-card__when">
        <time dateTime={event.startsAt.toISOString()}>
          {formatEventDateRange(event.startsAt, event.endsAt, locale)}
        </time>
      </p>
      {place ? <p className="event-card__where">{place}</p> : null}
      {summary ? <p className="event-card__summary">{summary}</p> : null}
      <p className="event-card__footer">
        <SeatBadge event={event} now={now} />
        {organizers ? (
          <span className="event-card__organizers">{t("organizedBy", { names: organizers })}</span>
        ) : null}
      </p>
    </article>
  );
}
