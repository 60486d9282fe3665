import { getTranslations } from "next-intl/server";
import { EventCard } from "@/components/events/EventCard";
import { listPublicEvents, type PublicEventSummary } from "@/lib/events/data";

function EventSection(props: { id: string; heading: string; empty: string; events: PublicEventSummary[]; now: Date; past?: boolean }) {
  return (
    <section aria-labelledby={props.id} className="section">
      <h2 id={props.id}>{props.heading}</h2>
      {props.events.length === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <ul className={props.past ? "event-grid event-grid--past" : "event-grid"}>
          {props.events.map((event) => (
            <li key={event.id}>
              <EventCard event={event} now={props.now} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The public event list: upcoming events first, then the archive. Used by `/` and `/events`. */
export async function EventList() {
  const now = new Date();
  const [{ upcoming, past }, t] = await Promise.all([listPublicEvents(now), getTranslations("events")]);
  return (
    <>
      <EventSection id="upcoming-heading" heading={t("upcoming")} empty={t("noneUpcoming")} events={upcoming} now={now} />
      <EventSection id="past-heading" heading={t("past")} empty={t("nonePast")} events={past} now={now} past />
    </>
  );
}
