import type { Stage } from "@/lib/insights/stages";
import type { Period } from "@/lib/insights/period";

// The dashboard's figures. Counts are numbers of people unless named otherwise (registrations, attendances).
// In the city's view (and every export the city gets) a count of 1–4 people is replaced by null (秘匿), and so
// are the counts hidden so that it cannot be worked out, and any rate or average computed from such a count
// (lib/insights/suppression.ts).

/** A count; null when withheld (fewer than 5 people, or hidden so that another cannot be worked out; shown as ×). */
export type Cell = number | null;
/** A share in [0, 1]; null when suppressed or when there is nothing to divide by. */
export type Rate = number | null;

export type BreakdownRow = { key: string; count: Cell; share: Rate };

export const EVENT_AREAS = ["TOKYO_AREA", "OGAKI", "ONLINE", "OTHER"] as const;
export const EVENT_KINDS = ["TALK", "WORKSHOP", "FIELDWORK", "PROJECT", "NETWORKING"] as const;
export type EventArea = (typeof EVENT_AREAS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];

/** The event set and period the figures are for. */
export type DashboardFilter = {
  period: Period;
  areas: EventArea[]; // empty: all
  kinds: EventKind[]; // empty: all
  eventIds: string[]; // empty: all events in the period (and areas/kinds)
};

export type DashboardEventRow = {
  id: string;
  titleJa: string;
  titleEn: string | null;
  startsAt: Date;
  area: EventArea;
  kind: EventKind;
  status: "PUBLISHED" | "CLOSED" | "CANCELLED";
  registrations: Cell;
  attended: Cell;
  noShow: Cell;
};

export type Dashboard = {
  filter: DashboardFilter;
  /** true: the city's view, small cells suppressed. */
  suppressed: boolean;
  /** When the figures were computed; stages are as of min(period end, this). */
  computedAt: Date;
  stagesAsOf: Date;
  events: { count: number; held: number; rows: DashboardEventRow[] };
  people: {
    /** 申込 実人数 / 延べ: distinct people who registered, and registrations (any state). */
    registrants: Cell;
    registrations: Cell;
    /** 参加 実人数 / 延べ人数: distinct people who attended, and attendances. */
    attendees: Cell;
    attendances: Cell;
    /** Attendees whose first attendance at any event is in the period, and the others. */
    newAttendees: Cell;
    returningAttendees: Cell;
    /** Attendees with another attendance within 12 months of one in the period (up to the period end). */
    repeaters: Cell;
    repeatRate: Rate;
    /** Attendances ÷ registrations, at events already held (not cancelled). */
    attendanceRate: Rate;
    /** No-shows ÷ (attendances + no-shows), at events already held. */
    noShows: Cell;
    noShowRate: Rate;
  };
  waitlist: {
    /** Registrations that were ever waitlisted, distinct people, and of those registrations how many got a seat. */
    registrations: Cell;
    people: Cell;
    gotSeat: Cell;
    gotSeatRate: Rate;
  };
  /** Registrants by the deepest stage reached (as of stagesAsOf); conversion = reached ÷ reached at the stage before. */
  funnel: { stage: Stage; reached: Cell; conversion: Rate }[];
  /** Registrants with 3+ activities in the 12 months up to stagesAsOf (the national premium bar). */
  premium: Cell;
  /** Registrants (distinct people) by residence, interests, relationship at sign-up, how they heard. */
  residence: BreakdownRow[];
  interests: BreakdownRow[];
  relationships: BreakdownRow[];
  howHeard: BreakdownRow[];
  /** utm_source / utm_medium / utm_campaign and ref of registrations, most frequent first (top 20); the city's view
   *  leaves out rows of fewer than 5 people. */
  campaigns: { source: string | null; medium: string | null; campaign: string | null; ref: string | null; count: number }[];
  survey: {
    responses: Cell;
    /** Mean satisfaction (1–5). */
    satisfactionMean: number | null;
    satisfaction: BreakdownRow[];
    joinAgain: BreakdownRow[];
    nextSteps: BreakdownRow[];
  };
};
