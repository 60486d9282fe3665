import { getTranslations } from "next-intl/server";
import { EventCard } from "@/components/events/EventCard";
import { listPublicEvents } from "@/lib/events/data";

/** The public event list: upcoming events first, then the archive. Used by `/` and `/events`. */
export async function EventList() {
  const now = new Date();
  const [{ upcoming, past }, t] = await Promise.all([listPublicEvents(now), getTranslations("events")]);
  return (
    <>
      <section aria-labelledby="upcoming-heading" className="section">
        <h2 id="upcoming-heading">{t("upcoming")}</h2>
        {upcoming.length === 0 ? (
          <p className="empty">{t("noneUpcoming")}</p>
        ) : (
          <ul className="event-grid">
            {upcoming.map((event) => (
              <li key={event.id}>
                <EventCard event={event} now={now} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-heading" className="section">
        <h2 id="past-heading">{t("past")}</h2>
        {past.length === 0 ? (
          <p className="empty">{t("nonePast")}</p>
        ) : (
          <ul className="event-grid event-grid--past">
            {past.map((event) => (
              <li key={event.id}>
                <EventCard event={event} now={now} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
