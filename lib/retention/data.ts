import "server-only";
import { getDb } from "@/lib/server/db";

// Which rows the retention periods have reached (DESIGN.md §4). Every finder returns one bounded batch of
// ids, oldest first, so the job works through a backlog in small transactions and a second run finds nothing.

export type RetentionSettings = {
  /** Answers to an event's questions and survey comments are purged this many days after the event ends. */
  answersDays: number;
  /** Answers to sensitive questions (the 配慮事項 free text) go sooner: this many days after the event ends. */
  careNoteDays: number;
  /** People with no sign of life for this many months are anonymised. */
  inactiveMonths: number;
};

const DAY = 24 * 3600_000;

/** The instant an event must have ended by for its answers to be purged now: `now − days` (an event that ended exactly N days ago is purged). */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY);
}

/** `now − months` in calendar months (UTC), clamped to the month's last day (31 March − 1 month = 28/29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Registrations whose event ended at or before `endedBy` and whose answers are not purged yet. */
export async function findRegistrationsDueForAnswerPurge(endedBy: Date, take: number): Promise<string[]> {
  const rows = await getDb().registration.findMany({
    where: { answersPurgedAt: null, event: { endsAt: { lte: endedBy } } },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Answers to sensitive questions of events that ended at or before `endedBy`. */
export async function findCareNoteAnswers(endedBy: Date, take: number): Promise<string[]> {
  const rows = await getDb().answer.findMany({
    where: { question: { sensitive: true }, registration: { event: { endsAt: { lte: endedBy } } } },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * People not anonymised whose every sign of life is at or before `cutoff`: their last use of a link
 * (lastActiveAt: a sign-up, a survey, a preference change, a self-reported activity), every registration's
 * creation, every event they held a place at (an upcoming seat is always after the cutoff, so it keeps them),
 * every activity (its date and its recording) and every survey answer.
 */
export async function findInactiveParticipants(cutoff: Date, take: number): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    SELECT p.id::text AS id
    FROM "Participant" p
    WHERE p."anonymizedAt" IS NULL
      AND p."lastActiveAt" <= ${cutoff}
      AND p."createdAt" <= ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM "Registration" r JOIN "Event" e ON e.id = r."eventId"
        WHERE r."participantId" = p.id
          AND (r."createdAt" > ${cutoff} OR (e."endsAt" > ${cutoff} AND r.status NOT IN ('CANCELLED', 'DECLINED'))))
      AND NOT EXISTS (
        SELECT 1 FROM "Activity" a
        WHERE a."participantId" = p.id AND (a."createdAt" > ${cutoff} OR a."occurredOn" > (${cutoff}::timestamptz AT TIME ZONE 'Asia/Tokyo')::date))
      AND NOT EXISTS (SELECT 1 FROM "SurveyResponse" s WHERE s."participantId" = p.id AND s."submittedAt" > ${cutoff})
    ORDER BY p."lastActiveAt", p.id
    LIMIT ${take}`;
  return rows.map((r) => r.id);
}
