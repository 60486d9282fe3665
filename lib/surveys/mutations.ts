import "server-only";
import { getEmailEvents } from "@/lib/mail/data";
import { getDb } from "@/lib/server/db";
import type { SurveyInput } from "@/lib/surveys/schema";

// The post-event survey: the invitations the scheduled worker queues, and the answers people send back.

export const SURVEY_TEMPLATE = "survey-invitation";
/** Events that ended longer ago get no survey: after an outage nobody is asked about an evening long past. */
export const SURVEY_WINDOW_DAYS = 14;
const DAY_MS = 24 * 3_600_000;
const BATCH = 500;
const MAX_BATCHES = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const surveyDedupeKey = (registrationId: string) => `survey:${registrationId}`;

export type SubmitSurveyOutcome = { ok: true } | { ok: false; reason: "not_attended" | "not_found" };

/**
 * Saves a person's answers: one row per registration, so sending the form again (from the same link, later)
 * replaces the answers. Only people who attended, and never for an anonymised person.
 */
export async function submitSurvey(registrationId: string, input: SurveyInput, options: { now?: Date } = {}): Promise<SubmitSurveyOutcome> {
  const now = options.now ?? new Date();
  if (!UUID.test(registrationId)) return { ok: false, reason: "not_found" };
  return getDb().$transaction(async (tx) => {
    // The registration is share-locked so an undone check-in (ATTENDED → CONFIRMED) cannot slip in between
    // the check and the write; the person's row is locked for update because this transaction updates it
    // (a share lock there would deadlock two submits that both upgrade it).
    const [row] = await tx.$queryRaw<{ status: string; participantId: string; eventId: string; anonymized: boolean }[]>`
      SELECT r.status::text AS status, r."participantId", r."eventId", p."anonymizedAt" IS NOT NULL AS anonymized
      FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
      WHERE r.id = ${registrationId}::uuid
      FOR SHARE OF r FOR NO KEY UPDATE OF p`;
    if (!row || row.anonymized) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "ATTENDED") return { ok: false as const, reason: "not_attended" as const };
    const answers = {
      satisfaction: input.satisfaction,
      joinAgain: input.joinAgain,
      nextSteps: input.nextSteps,
      comment: input.comment,
      submittedAt: now,
    };
    await tx.surveyResponse.upsert({
      where: { registrationId },
      create: { registrationId, participantId: row.participantId, eventId: row.eventId, ...answers },
      update: answers,
    });
    // Answering is taking part: the retention rule anonymises people by inactivity.
    await tx.participant.update({ where: { id: row.participantId }, data: { lastActiveAt: now } });
    return { ok: true as const };
  });
}

type DueInvitation = {
  registrationId: string;
  eventId: string;
  participantId: string;
  locale: string;
  email: string;
  name: string | null;
};

/**
 * Queues the survey invitation of every attended person whose event is due: surveys on, not cancelled,
 * ended `surveyDelayHours` ago or more, but not more than SURVEY_WINDOW_DAYS ago. One row per registration
 * whatever happens (the dedupe key is unique and inserts skip duplicates), so running it again, or on two
 * workers at once, queues nothing twice. Consent and suppression are the worker's decision at send time.
 * Returns how many rows it added.
 */
export async function enqueueDueSurveys(now: Date = new Date()): Promise<number> {
  const db = getDb();
  const oldestEnd = new Date(now.getTime() - SURVEY_WINDOW_DAYS * DAY_MS);
  let created = 0;
  for (let round = 0; round < MAX_BATCHES; round++) {
    // Registrations already queued are left out here, so a run after the first reads only what is new.
    const due = await db.$queryRaw<DueInvitation[]>`
      SELECT r.id AS "registrationId", r."eventId", r."participantId", r.locale, p.email, p.name
      FROM "Event" e
      JOIN "Registration" r ON r."eventId" = e.id
      JOIN "Participant" p ON p.id = r."participantId"
      WHERE e."surveyEnabled"
        AND e.status <> 'CANCELLED'
        AND e."endsAt" + make_interval(hours => e."surveyDelayHours") <= ${now}
        AND e."endsAt" >= ${oldestEnd}
        AND r.status = 'ATTENDED'
        AND p."anonymizedAt" IS NULL
        AND p.email IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" o WHERE o."dedupeKey" = 'survey:' || r.id::text)
      ORDER BY r."eventId", r.id
      LIMIT ${BATCH}`;
    if (due.length === 0) break;
    const events = await getEmailEvents([...new Set(due.map((d) => d.eventId))]);
    const rows = due.flatMap((d) => {
      const event = events.get(d.eventId);
      if (!event) return []; // deleted since the query: its registrations went with it
      return [
        {
          dedupeKey: surveyDedupeKey(d.registrationId),
          template: SURVEY_TEMPLATE,
          category: "SURVEY" as const,
          payload: { name: d.name ?? "", event },
          locale: d.locale,
          toEmail: d.email,
          toName: d.name,
          participantId: d.participantId,
          registrationId: d.registrationId,
          eventId: d.eventId,
          nextAttemptAt: now,
        },
      ];
    });
    created += (await db.outboxMessage.createMany({ data: rows, skipDuplicates: true })).count;
    if (due.length < BATCH) break;
  }
  return created;
}
