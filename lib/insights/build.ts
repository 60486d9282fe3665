import type { PersonFactsRow } from "@/lib/insights/facts";
import { isPremium, reached, STAGES, stageOf } from "@/lib/insights/stages";
import { breakdown, cell, isSmall, mean, rate, suppressColumn, suppressEventTable } from "@/lib/insights/suppression";
import type { Cell, Dashboard, DashboardEventRow, DashboardFilter, Rate } from "@/lib/insights/types";

// From the raw counts the queries return (lib/insights/data.ts) to the dashboard's figures, with or without the
// city's small-cell suppression. Pure, so the definitions below are unit-tested without a database.

export type RawEventRow = Omit<DashboardEventRow, "registrations" | "attended" | "noShow"> & {
  registrations: number;
  attended: number;
  noShow: number;
  waitlisted: number;
  gotSeat: number;
};

/** A registrant of the event set: the ledger's facts plus what the breakdowns group by. */
export type RawPersonRow = PersonFactsRow & {
  prefectureCode: string | null;
  interests: string[];
  /** From their first registration in the set. */
  relationshipsAtSignup: string[];
  howHeard: string | null;
};

export type RawSurvey = {
  responses: number;
  satisfactionSum: number;
  satisfaction: Map<string, number>;
  joinAgain: Map<string, number>;
  nextSteps: Map<string, number>;
};

export type RawDashboard = {
  events: RawEventRow[];
  people: RawPersonRow[];
  waitlistPeople: number;
  campaigns: { source: string | null; medium: string | null; campaign: string | null; ref: string | null; people: number }[];
  survey: RawSurvey;
};

const SATISFACTION_KEYS = ["5", "4", "3", "2", "1"] as const;
const JOIN_AGAIN_KEYS = ["YES", "MAYBE", "NO"] as const;
const UNKNOWN = "unknown";

function tally(rows: RawPersonRow[], keysOf: (row: RawPersonRow) => string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) for (const key of new Set(keysOf(row))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** A rate is withheld with any count it is made from. */
const withheldWith = (value: Rate, ...counts: Cell[]): Rate => (counts.some((n) => n === null) ? null : value);

const sum = <T>(rows: T[], get: (row: T) => number) => rows.reduce((total, row) => total + get(row), 0);

export function buildDashboard(
  raw: RawDashboard,
  options: { filter: DashboardFilter; suppress: boolean; now: Date; stagesAsOf: Date },
): Dashboard {
  const { filter, suppress, now, stagesAsOf } = options;
  const c = (n: number) => cell(n, suppress);

  // Events: held = started and not cancelled; rates are over held events only (upcoming ones have no outcome).
  const held = raw.events.filter((e) => e.startsAt < now && e.status !== "CANCELLED");
  const heldRegistrations = sum(held, (e) => e.registrations);
  const heldAttended = sum(held, (e) => e.attended);
  const heldNoShows = sum(held, (e) => e.noShow);
  // The per-event table and the totals on the cards are protected together (each column adds up to its card).
  const table = suppressEventTable(raw.events, suppress);
  const cells = table.rows;
  const eventRows: DashboardEventRow[] = raw.events.map((e, i) => ({
    id: e.id,
    titleJa: e.titleJa,
    titleEn: e.titleEn,
    startsAt: e.startsAt,
    area: e.area,
    kind: e.kind,
    status: e.status,
    registrations: cells[i]!.registrations,
    attended: cells[i]!.attended,
    noShow: cells[i]!.noShow,
  }));

  // People.
  const people = raw.people;
  const attendees = people.filter((p) => p.attendedInSet > 0);
  const newcomers = attendees.filter((p) => p.firstAttendedAt !== null && p.firstAttendedAt >= filter.period.from).length;
  const [newAttendees, returningAttendees] = suppressColumn([newcomers, attendees.length - newcomers], (n) => n, suppress);
  const repeaters = attendees.filter((p) => p.repeatedAroundSet).length;
  const waitlisted = sum(raw.events, (e) => e.waitlisted);
  const gotSeat = sum(raw.events, (e) => e.gotSeat);

  // Stages as of stagesAsOf, counted as "reached at least".
  const stages = people.map((p) => stageOf(p));
  const reachedCounts = STAGES.map((stage) => stages.filter((s) => reached(s, stage)).length);
  const funnel = STAGES.map((stage, i) => ({
    stage,
    reached: c(reachedCounts[i]!),
    conversion: i === 0 ? null : rate(reachedCounts[i]!, reachedCounts[i - 1]!, suppress),
  }));

  const total = people.length;
  const satisfaction = breakdown(raw.survey.satisfaction, { total: raw.survey.responses, suppress, partition: true, order: SATISFACTION_KEYS, keepZero: true });
  // The mean is one more equation over the satisfaction counts: with a withheld count it would help solve for it.
  const satisfactionWithheld = satisfaction.some((row) => row.count === null);
  return {
    filter,
    suppressed: suppress,
    computedAt: now,
    stagesAsOf,
    events: { count: raw.events.length, held: held.length, rows: eventRows },
    people: {
      registrants: c(total),
      registrations: table.totals.registrations,
      attendees: c(attendees.length),
      attendances: table.totals.attended,
      newAttendees: newAttendees ?? null,
      returningAttendees: returningAttendees ?? null,
      repeaters: c(repeaters),
      repeatRate: rate(repeaters, attendees.length, suppress),
      // A rate next to a withheld count would give it back (no-shows and the rate give attendances).
      attendanceRate: withheldWith(rate(heldAttended, heldRegistrations, suppress), table.totals.attended, table.totals.registrations),
      noShows: table.totals.noShow,
      noShowRate: withheldWith(rate(heldNoShows, heldAttended + heldNoShows, suppress), table.totals.attended, table.totals.noShow),
    },
    waitlist: {
      registrations: c(waitlisted),
      people: c(raw.waitlistPeople),
      gotSeat: c(gotSeat),
      gotSeatRate: rate(gotSeat, waitlisted, suppress),
    },
    funnel,
    premium: c(people.filter(isPremium).length),
    residence: breakdown(
      tally(people, (p) => [p.prefectureCode ?? UNKNOWN]),
      { total, suppress, partition: true },
    ),
    interests: breakdown(
      tally(people, (p) => p.interests),
      { total, suppress, partition: false },
    ),
    relationships: breakdown(
      tally(people, (p) => p.relationshipsAtSignup),
      { total, suppress, partition: false },
    ),
    howHeard: breakdown(
      tally(people, (p) => [p.howHeard ?? UNKNOWN]),
      { total, suppress, partition: true },
    ),
    // A tag used by fewer than 5 people can name someone (a personal `ref`): the city's view leaves such rows out.
    campaigns: raw.campaigns
      .filter((row) => !suppress || !isSmall(row.people))
      .map((row) => ({ source: row.source, medium: row.medium, campaign: row.campaign, ref: row.ref, count: row.people })),
    survey: {
      responses: c(raw.survey.responses),
      satisfactionMean: satisfactionWithheld ? null : mean(raw.survey.satisfactionSum, raw.survey.responses, suppress),
      satisfaction,
      joinAgain: breakdown(raw.survey.joinAgain, { total: raw.survey.responses, suppress, partition: true, order: JOIN_AGAIN_KEYS, keepZero: true }),
      nextSteps: breakdown(raw.survey.nextSteps, { total: raw.survey.responses, suppress, partition: false }),
    },
  };
}
