import type { PublicEvent, PublicEventSummary } from "@/lib/events/data";
import { seatState } from "@/lib/events/seats";
import type { SignupEvent } from "@/lib/registrations/data";

// The JSON API's wire shapes (app/api/events/**): what partners' sites may rely on. Plain mapping, no database.
// Only what the public event page shows: never the online URL (confirmed people get it by mail), never ids
// of rows other than questions (a partner needs those to send answers).

type Localized = { ja: string; en: string | null };
type OptionalLocalized = { ja: string | null; en: string | null };

export type ApiSeats = {
  state: "open" | "waitlist" | "full" | "not_yet_open" | "closed" | "ended" | "cancelled";
  /** Seats left while open (null: no limit); 0 when full or waitlisting; null when sign-up is not possible. */
  left: number | null;
};

export type ApiEventSummary = {
  slug: string;
  title: Localized;
  summary: OptionalLocalized;
  startsAt: string;
  endsAt: string;
  format: string;
  area: string;
  kind: string;
  venueName: string | null;
  approvalRequired: boolean;
  fee: OptionalLocalized;
  organizers: { role: string; name: { ja: string; en: string | null } }[];
  seats: ApiSeats;
  url: string;
};

export type ApiQuestion = {
  id: string;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  label: Localized;
  help: OptionalLocalized;
  required: boolean;
  options: { id: string; label: Localized }[];
};

export type ApiEventDetail = ApiEventSummary & {
  description: Localized;
  venueAddress: string | null;
  venueMapUrl: string | null;
  imageUrl: string | null;
  questions: ApiQuestion[];
};

function apiSeats(event: PublicEventSummary, now: Date): ApiSeats {
  const state = seatState(event, now);
  switch (state.kind) {
    case "open":
      return { state: "open", left: state.seatsLeft };
    case "waitlist":
    case "full":
      return { state: state.kind, left: 0 };
    default:
      return { state: state.kind, left: null };
  }
}

export function toApiEventSummary(event: PublicEventSummary, now: Date, appUrl: string): ApiEventSummary {
  return {
    slug: event.slug,
    title: { ja: event.titleJa, en: event.titleEn },
    summary: { ja: event.summaryJa, en: event.summaryEn },
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    format: event.format,
    area: event.area,
    kind: event.kind,
    venueName: event.venueName,
    approvalRequired: event.approvalRequired,
    fee: { ja: event.feeJa, en: event.feeEn },
    organizers: event.organizers.map((o) => ({ role: o.role, name: { ja: o.organization.nameJa, en: o.organization.nameEn } })),
    seats: apiSeats(event, now),
    url: `${appUrl.replace(/\/+$/, "")}/events/${encodeURIComponent(event.slug)}`,
  };
}

export function toApiEventDetail(
  event: PublicEvent,
  questions: SignupEvent["questions"],
  now: Date,
  appUrl: string,
): ApiEventDetail {
  return {
    ...toApiEventSummary(event, now, appUrl),
    description: { ja: event.descriptionJa, en: event.descriptionEn },
    venueAddress: event.venueAddress,
    venueMapUrl: event.venueMapUrl,
    imageUrl: event.imageUrl,
    questions: questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      label: { ja: q.labelJa, en: q.labelEn },
      help: { ja: q.helpJa, en: q.helpEn },
      required: q.required,
      options: q.options.map((o) => ({ id: o.id, label: { ja: o.labelJa, en: o.labelEn ?? null } })),
    })),
  };
}
