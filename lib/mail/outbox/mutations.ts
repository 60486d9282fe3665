import "server-only";
import { getDb } from "@/lib/server/db";

// Claiming and settling outbox rows. Claims use FOR UPDATE SKIP LOCKED, so several workers (processes or
// machines) share the work without taking the same row.

export type ClaimedMessage = {
  id: string;
  template: string;
  payload: Record<string, unknown>;
  locale: string;
  toEmail: string;
  toName: string | null;
  registrationId: string | null;
  attempts: number;
};

export async function claimDueMessages(worker: string, limit: number, now: Date = new Date()): Promise<ClaimedMessage[]> {
  return getDb().$queryRaw<ClaimedMessage[]>`
    WITH due AS (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "OutboxMessage" m
    SET status = 'SENDING', "claimedAt" = ${now}, "claimedBy" = ${worker}, "updatedAt" = ${now}
    FROM due WHERE m.id = due.id
    RETURNING m.id, m.template, m.payload, m.locale, m."toEmail", m."toName", m."registrationId", m.attempts`;
}

export async function markSent(id: string, result: { messageId: string; subject: string; worker: string; durationMs: number }, now = new Date()) {
  const db = getDb();
  await db.$transaction([
    db.outboxMessage.update({
      where: { id },
      data: { status: "SENT", sentAt: now, messageId: result.messageId, subject: result.subject, attempts: { increment: 1 }, lastError: null, lastErrorClass: null },
    }),
    db.deliveryAttempt.create({
      data: { outboxMessageId: id, attempt: 0, worker: result.worker, ok: true, durationMs: result.durationMs, createdAt: now },
    }),
  ]);
}

/** A failed attempt: the row stays due (with back-off) unless the failure is permanent. */
export async function markFailed(
  id: string,
  failure: { error: string; permanent: boolean; smtpCode: number | null; nextAttemptAt: Date; worker: string; durationMs: number },
  now = new Date(),
) {
  const db = getDb();
  await db.$transaction([
    db.outboxMessage.update({
      where: { id },
      data: {
        status: failure.permanent ? "FAILED" : "PENDING",
        attempts: { increment: 1 },
        nextAttemptAt: failure.nextAttemptAt,
        lastError: failure.error.slice(0, 1000),
        lastErrorClass: failure.permanent ? "permanent" : "temporary",
        claimedAt: null,
        claimedBy: null,
      },
    }),
    db.deliveryAttempt.create({
      data: {
        outboxMessageId: id,
        attempt: 0,
        worker: failure.worker,
        ok: false,
        smtpCode: failure.smtpCode,
        error: failure.error.slice(0, 1000),
        durationMs: failure.durationMs,
        createdAt: now,
      },
    }),
  ]);
}

/** Rows claimed by a worker that died before settling them become due again. */
export async function releaseStaleClaims(olderThan: Date): Promise<number> {
  const result = await getDb().outboxMessage.updateMany({
    where: { status: "SENDING", claimedAt: { lt: olderThan } },
    data: { status: "PENDING", claimedAt: null, claimedBy: null },
  });
  return result.count;
}
