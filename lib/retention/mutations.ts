import "server-only";
import { anonymizeParticipant } from "@/lib/participants/mutations";
import { daysBefore, findCareNoteAnswers, findInactiveParticipants, findRegistrationsDueForAnswerPurge, monthsBefore, type RetentionSettings } from "@/lib/retention/data";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

// The retention job (daily, lib/jobs/schedule.ts): what a person typed is kept only as long as it is useful
// (DESIGN.md §4). Answers and survey comments go RETENTION_ANSWERS_DAYS after the event, the sensitive 配慮事項
// answers RETENTION_CARE_NOTE_DAYS after it, and people inactive for RETENTION_INACTIVE_MONTHS are anonymised
// (lib/participants/mutations.ts). The figures survive: registrations, their states and history, survey scores
// and the coarse profile are kept. Idempotent and batched: each batch is its own transaction, and a second run
// finds nothing to do. Each run that changed something is one audit-log row with the counts.

export type RetentionCounts = { answerRegistrations: number; answersDeleted: number; surveyComments: number; careNotes: number; anonymized: number };

const BATCH = 500;
const PEOPLE_BATCH = 50;

export function retentionSettings(): RetentionSettings {
  const env = getEnv();
  return { answersDays: env.RETENTION_ANSWERS_DAYS, careNoteDays: env.RETENTION_CARE_NOTE_DAYS, inactiveMonths: env.RETENTION_INACTIVE_MONTHS };
}

export async function runRetention(now: Date = new Date(), settings: RetentionSettings = retentionSettings(), limits = { maxPeople: 1000 }): Promise<RetentionCounts> {
  const db = getDb();
  const counts: RetentionCounts = { answerRegistrations: 0, answersDeleted: 0, surveyComments: 0, careNotes: 0, anonymized: 0 };

  // 1. The sensitive answers first (the shorter period).
  const careBy = daysBefore(now, settings.careNoteDays);
  for (;;) {
    const ids = await findCareNoteAnswers(careBy, BATCH);
    if (ids.length === 0) break;
    counts.careNotes += (await db.answer.deleteMany({ where: { id: { in: ids }, question: { sensitive: true } } })).count;
  }

  // 2. Every answer of events ended N days ago; the registration is stamped so it is not looked at again.
  const answersBy = daysBefore(now, settings.answersDays);
  for (;;) {
    const ids = await findRegistrationsDueForAnswerPurge(answersBy, BATCH);
    if (ids.length === 0) break;
    const deleted = await db.$transaction(async (tx) => {
      const answers = await tx.answer.deleteMany({ where: { registrationId: { in: ids } } });
      await tx.registration.updateMany({ where: { id: { in: ids }, answersPurgedAt: null }, data: { answersPurgedAt: now } });
      return answers.count;
    });
    counts.answerRegistrations += ids.length;
    counts.answersDeleted += deleted;
  }
  // Survey comments of the same events (scores, next steps and join-again stay: they are the figures). Not tied
  // to the stamp above, so a comment that arrived late is purged on the next run.
  counts.surveyComments = (await db.surveyResponse.updateMany({ where: { comment: { not: null }, event: { endsAt: { lte: answersBy } } }, data: { comment: null } })).count;

  // What an unverified sign-up typed for a known address (lib/registrations/mutations.ts) lives only as long
  // as the link that could apply it.
  await db.pendingSignupChange.deleteMany({ where: { expiresAt: { lte: now } } });

  // 3. People inactive for M months, a batch at a time, each through the same path as a deletion request.
  const cutoff = monthsBefore(now, settings.inactiveMonths);
  const skipped = new Set<string>();
  while (counts.anonymized + skipped.size < limits.maxPeople) {
    const ids = (await findInactiveParticipants(cutoff, PEOPLE_BATCH + skipped.size)).filter((id) => !skipped.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      const outcome = await anonymizeParticipant(id, { via: "retention", now });
      if (outcome.ok) counts.anonymized += 1;
      else skipped.add(id);
    }
  }

  if (counts.answerRegistrations + counts.surveyComments + counts.careNotes + counts.anonymized > 0) {
    const organizer = await db.organization.findFirst({ where: { kind: "WDL" }, orderBy: { createdAt: "asc" }, select: { id: true } });
    await db.auditLog.create({
      data: {
        actorUserId: null,
        organizationId: organizer?.id ?? null,
        action: "retention.run",
        targetType: "Retention",
        subjectCount: counts.anonymized,
        detail: { ...counts, settings, answersEndedBy: answersBy.toISOString(), careNotesEndedBy: careBy.toISOString(), inactiveSince: cutoff.toISOString() },
        createdAt: now,
      },
    });
  }
  return counts;
}

/** The job's log line: null when nothing was due. */
export function describeRetention(counts: RetentionCounts): string | null {
  const parts = [
    counts.careNotes ? `${counts.careNotes} care-note answer(s) purged` : null,
    counts.answerRegistrations ? `answers of ${counts.answerRegistrations} registration(s) purged (${counts.answersDeleted} answer(s))` : null,
    counts.surveyComments ? `${counts.surveyComments} survey comment(s) purged` : null,
    counts.anonymized ? `${counts.anonymized} inactive person(s) anonymised` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}
