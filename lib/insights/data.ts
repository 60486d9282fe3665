import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { buildDashboard, type RawDashboard, type RawEventRow, type RawPersonRow } from "@/lib/insights/build";
import { eventSetSql, personFactsSql, type PersonFactsRow } from "@/lib/insights/facts";
import { isPremium, stageOf, type Stage } from "@/lib/insights/stages";
import type { Dashboard, DashboardFilter } from "@/lib/insights/types";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can, isCityRole } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";

type StaffRef = Pick<Staff, "id" | "organizationId" | "role">;

/**
 * The 関係人口 dashboard for a period and event set, within the staff member's organisation's events. City staff
 * always get the suppressed view (cells under 5 people withheld); WDL staff get the full figures, or the city's
 * view with `asCity` (to see and export exactly what the city receives). Aggregates include anonymised people:
 * deleting one's data removes what identifies a person, not the fact that someone came.
 */
export async function getDashboard(
  staff: StaffRef,
  filter: DashboardFilter,
  options: { now?: Date; asCity?: boolean } = {},
): Promise<Dashboard | null> {
  if (!can(staff.role, "insights.view")) return null;
  const now = options.now ?? new Date();
  const suppress = isCityRole(staff.role) || options.asCity === true;
  const stagesAsOf = filter.period.to < now ? filter.period.to : now;
  const db = getDb();
  const set = eventSetSql(staff.organizationId, filter);

  const [events, people, waitlist, campaigns, surveyTotals, surveyRows] = await Promise.all([
    db.$queryRaw<RawEventRow[]>`
      SELECT e.id, e."titleJa", e."titleEn", e."startsAt", e.area::text AS area, e.kind::text AS kind, e.status::text AS status,
             count(r.id)::int AS registrations,
             (count(r.id) FILTER (WHERE r.status = 'ATTENDED'))::int AS attended,
             (count(r.id) FILTER (WHERE r.status = 'NO_SHOW'))::int AS "noShow",
             (count(r.id) FILTER (WHERE r."waitlistedAt" IS NOT NULL))::int AS waitlisted,
             (count(r.id) FILTER (WHERE r."waitlistedAt" IS NOT NULL AND r."confirmedAt" IS NOT NULL))::int AS "gotSeat"
      FROM "Event" e
      LEFT JOIN "Registration" r ON r."eventId" = e.id
      WHERE e.id IN (${set})
      GROUP BY e.id
      ORDER BY e."startsAt", e.id`,
    db.$queryRaw<RawPersonRow[]>`
      WITH first_registration AS (
        SELECT DISTINCT ON (r."participantId") r."participantId" AS pid, r."relationshipsAtSignup", r."howHeard"
        FROM "Registration" r
        WHERE r."eventId" IN (${set})
        ORDER BY r."participantId", r."createdAt", r.id
      )
      SELECT f.*, p."prefectureCode", p.interests, fr."relationshipsAtSignup"::text[] AS "relationshipsAtSignup", fr."howHeard"::text AS "howHeard"
      FROM (${personFactsSql({
        organizationId: staff.organizationId,
        people: Prisma.sql`SELECT pid FROM first_registration`,
        asOf: stagesAsOf,
        inSet: set,
      })}) f
      JOIN first_registration fr ON fr.pid = f."participantId"
      JOIN "Participant" p ON p.id = f."participantId"`,
    db.$queryRaw<{ people: number }[]>`
      SELECT count(DISTINCT r."participantId")::int AS people
      FROM "Registration" r WHERE r."eventId" IN (${set}) AND r."waitlistedAt" IS NOT NULL`,
    db.$queryRaw<RawDashboard["campaigns"]>`
      SELECT r."utmSource" AS source, r."utmMedium" AS medium, r."utmCampaign" AS campaign, r.ref,
             count(DISTINCT r."participantId")::int AS people
      FROM "Registration" r
      WHERE r."eventId" IN (${set})
        AND (r."utmSource" IS NOT NULL OR r."utmMedium" IS NOT NULL OR r."utmCampaign" IS NOT NULL OR r.ref IS NOT NULL)
      GROUP BY 1, 2, 3, 4
      ORDER BY people DESC, 1, 2, 3, 4
      LIMIT 20`,
    db.$queryRaw<{ responses: number; satisfactionSum: number }[]>`
      SELECT count(*)::int AS responses, coalesce(sum(s.satisfaction), 0)::int AS "satisfactionSum"
      FROM "SurveyResponse" s WHERE s."eventId" IN (${set})`,
    db.$queryRaw<{ dimension: "satisfaction" | "joinAgain" | "nextSteps"; key: string; count: number }[]>`
      SELECT 'satisfaction' AS dimension, s.satisfaction::text AS key, count(*)::int AS count
        FROM "SurveyResponse" s WHERE s."eventId" IN (${set}) GROUP BY 2
      UNION ALL
      SELECT 'joinAgain', s."joinAgain"::text, count(*)::int
        FROM "SurveyResponse" s WHERE s."eventId" IN (${set}) GROUP BY 2
      UNION ALL
      SELECT 'nextSteps', step::text, count(*)::int
        FROM "SurveyResponse" s, unnest(s."nextSteps") AS step WHERE s."eventId" IN (${set}) GROUP BY 2`,
  ]);

  const survey: RawDashboard["survey"] = {
    responses: surveyTotals[0]?.responses ?? 0,
    satisfactionSum: surveyTotals[0]?.satisfactionSum ?? 0,
    satisfaction: new Map(),
    joinAgain: new Map(),
    nextSteps: new Map(),
  };
  for (const row of surveyRows) survey[row.dimension].set(row.key, row.count);

  return buildDashboard(
    { events, people, waitlistPeople: waitlist[0]?.people ?? 0, campaigns, survey },
    { filter, suppress, now, stagesAsOf },
  );
}

/** The events the filter offers: the organisation's published (or past) events, newest first. */
export async function listInsightEvents(staff: StaffRef) {
  if (!can(staff.role, "insights.view")) return [];
  return getDb().event.findMany({
    where: { ...eventScope(staff), status: { not: "DRAFT" } },
    orderBy: [{ startsAt: "desc" }, { id: "asc" }],
    select: { id: true, titleJa: true, titleEn: true, startsAt: true, area: true, kind: true },
  });
}

export type PersonStage = { stage: Stage | null; premium: boolean; facts: PersonFactsRow; asOf: Date };

/**
 * Where one person stands now, from the same facts the dashboard counts. The caller has already decided that
 * this staff member may see the person (lib/registrations/staff/data.ts getStaffParticipant).
 */
export async function getPersonStage(staff: StaffRef, participantId: string, options: { now?: Date } = {}): Promise<PersonStage | null> {
  const asOf = options.now ?? new Date();
  const [facts] = await getDb().$queryRaw<PersonFactsRow[]>(
    personFactsSql({ organizationId: staff.organizationId, people: Prisma.sql`SELECT ${participantId}::uuid AS pid`, asOf }),
  );
  if (!facts) return null;
  return { stage: stageOf(facts), premium: isPremium(facts), facts, asOf };
}
