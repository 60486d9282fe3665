import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ENGAGEMENT_ACTIVITIES, VISIT_ACTIVITIES } from "@/lib/insights/stages";
import type { DashboardFilter } from "@/lib/insights/types";

// The ledger's facts about people, defined ONCE in SQL: the person's page (one id) and the dashboard (every
// registrant of an event set, 20,000 people alike) select from personFactsSql(), and lib/insights/stages.ts
// turns the facts into a stage, so the two can never disagree.
//
// Only events the staff member's organisation organises count (EventOrganizer, as eventScope() does), and only
// what happened before `asOf` (sign-ups made, events held, activities dated): a past period's funnel does not
// move when people go on to do more.
// Calendar arithmetic ("within 12 months") is done on Japan-time timestamps with `interval '12 months'`, never by
// comparing intervals (PostgreSQL would count 12 months as 360 days there).

const TZ = "Asia/Tokyo";

/** Events of the organisation (staff scope), as a condition on `e`. */
export function organizedBy(organizationId: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "EventOrganizer" o WHERE o."eventId" = e.id AND o."organizationId" = ${organizationId}::uuid)`;
}

/** The dashboard's event set: in the period (by start), of the chosen areas, kinds and events; drafts never. */
export function eventSetSql(organizationId: string, filter: DashboardFilter): Prisma.Sql {
  const parts = [
    organizedBy(organizationId),
    Prisma.sql`e.status <> 'DRAFT'`,
    Prisma.sql`e."startsAt" >= ${filter.period.from}`,
    Prisma.sql`e."startsAt" < ${filter.period.to}`,
  ];
  if (filter.areas.length > 0) parts.push(Prisma.sql`e.area = ANY(${filter.areas}::text[]::"EventArea"[])`);
  if (filter.kinds.length > 0) parts.push(Prisma.sql`e.kind = ANY(${filter.kinds}::text[]::"EventKind"[])`);
  if (filter.eventIds.length > 0) parts.push(Prisma.sql`e.id = ANY(${filter.eventIds}::uuid[])`);
  return Prisma.sql`SELECT e.id FROM "Event" e WHERE ${Prisma.join(parts, " AND ")}`;
}

/** The last JST calendar day before `asOf` (activities are dated by day). */
function lastDayBefore(asOf: Date): string {
  const shifted = new Date(asOf.getTime() - 1 + 9 * 3600_000);
  return shifted.toISOString().slice(0, 10);
}

/** One row per person of `people`, as the ledger sees them at `asOf`. */
export type PersonFactsRow = {
  participantId: string;
  registrations: number;
  attended: number;
  attendedTwiceWithin12Months: boolean;
  visitedOgaki: boolean;
  engaged: boolean;
  activitiesLast12Months: number;
  /** The first event attended (any time before asOf). */
  firstAttendedAt: Date | null;
  /** Attendances at events of `inSet` (the dashboard's set; 0 without one). */
  attendedInSet: number;
  /** An attendance in the set with another attendance within 12 months of it (before or after, before asOf). */
  repeatedAroundSet: boolean;
};

/**
 * Facts for the people selected by `people` (a query returning one column `pid`, each person once), counting the organisation's
 * events and all recorded activities before `asOf`. `inSet` (a query returning event ids) marks the dashboard's
 * event set.
 */
export function personFactsSql(options: { organizationId: string; people: Prisma.Sql; asOf: Date; inSet?: Prisma.Sql }): Prisma.Sql {
  const { organizationId, people, asOf } = options;
  const inSet = options.inSet ?? Prisma.sql`SELECT NULL::uuid AS id WHERE false`;
  const lastDay = lastDayBefore(asOf);
  return Prisma.sql`
    WITH people AS (${people}),
    regs AS (
      SELECT r."participantId" AS pid, r.id, r.status, e.id AS "eventId", e."startsAt", e.area, e.kind,
             (e."startsAt" AT TIME ZONE ${TZ}) AS local_start
      FROM people
      JOIN "Registration" r ON r."participantId" = people.pid
      JOIN "Event" e ON e.id = r."eventId"
      -- Registered by asOf (a sign-up for an upcoming event is already 関心), or for an event held by then
      -- (a walk-in added at the door is recorded after the event started).
      WHERE (r."createdAt" < ${asOf} OR e."startsAt" < ${asOf}) AND ${organizedBy(organizationId)}
    ),
    att AS (
      SELECT pid, "startsAt", area, kind, local_start,
             "eventId" IN (${inSet}) AS in_set,
             lag(local_start) OVER w + interval '12 months' >= local_start AS near_previous,
             lead(local_start) OVER w <= local_start + interval '12 months' AS near_next
      FROM regs
      WHERE status = 'ATTENDED' AND "startsAt" < ${asOf}
      WINDOW w AS (PARTITION BY pid ORDER BY "startsAt", id)
    ),
    att_facts AS (
      SELECT pid,
             count(*)::int AS attended,
             coalesce(bool_or(near_previous), false) AS twice,
             bool_or(area = 'OGAKI') AS ogaki,
             bool_or(kind = 'PROJECT') AS project,
             count(*) FILTER (WHERE local_start >= (${asOf}::timestamptz AT TIME ZONE ${TZ}) - interval '12 months')::int AS recent,
             min("startsAt") AS first_attended,
             count(*) FILTER (WHERE in_set)::int AS attended_in_set,
             coalesce(bool_or(in_set AND (near_previous OR near_next)), false) AS repeated
      FROM att GROUP BY pid
    ),
    reg_facts AS (SELECT pid, count(*)::int AS registrations FROM regs GROUP BY pid),
    act_facts AS (
      SELECT a."participantId" AS pid,
             bool_or(a.kind::text = ANY(${[...VISIT_ACTIVITIES]}::text[])) AS visited,
             bool_or(a.kind::text = ANY(${[...ENGAGEMENT_ACTIVITIES]}::text[])) AS engaged,
             count(*) FILTER (WHERE a."occurredOn" > ${lastDay}::date - interval '12 months')::int AS recent
      FROM people
      JOIN "Activity" a ON a."participantId" = people.pid
      WHERE a."occurredOn" <= ${lastDay}::date
      GROUP BY 1
    )
    SELECT p.pid AS "participantId",
           coalesce(rf.registrations, 0) AS registrations,
           coalesce(af.attended, 0) AS attended,
           coalesce(af.twice, false) AS "attendedTwiceWithin12Months",
           coalesce(af.ogaki, false) OR coalesce(xf.visited, false) AS "visitedOgaki",
           coalesce(af.project, false) OR coalesce(xf.engaged, false) AS engaged,
           coalesce(af.recent, 0) + coalesce(xf.recent, 0) AS "activitiesLast12Months",
           af.first_attended AS "firstAttendedAt",
           coalesce(af.attended_in_set, 0) AS "attendedInSet",
           coalesce(af.repeated, false) AS "repeatedAroundSet"
    FROM people p
    LEFT JOIN reg_facts rf ON rf.pid = p.pid
    LEFT JOIN att_facts af ON af.pid = p.pid
    LEFT JOIN act_facts xf ON xf.pid = p.pid`;
}
