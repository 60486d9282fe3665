import "server-only";
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { CONSENT_FOR_CATEGORY } from "@/lib/mail/categories";
import type { Handoff } from "@/lib/mail/smtp";
import { getDb } from "@/lib/server/db";

// The life of an outbox row: PENDING → (claim) SENDING → (hand-off) SENT, or back to PENDING with a later
// nextAttemptAt, or FAILED; SUPPRESSED when, at claim time, the person has stopped this kind of mail or has no
// consent for it. Claims use FOR UPDATE SKIP LOCKED, so any number of workers share the rows; every later step
// is fenced by the claim (claimedBy + claimedAt), so a worker whose claim was taken from it changes nothing.

export type Claim = { worker: string; claimedAt: Date };

export type ClaimedMessage = {
  id: string;
  template: string;
  category: string;
  payload: Record<string, unknown>;
  locale: string;
  toEmail: string;
  toName: string | null;
  participantId: string | null;
  registrationId: string | null;
  eventId: string | null;
  campaignId: string | null;
  attempts: number;
  claimedAt: Date;
};

const CONSENT_CATEGORIES = Object.entries(CONSENT_FOR_CATEGORY)
  .filter(([, purpose]) => purpose !== null)
  .map(([category]) => category);

/**
 * Claims up to `limit` due rows for `worker`. Rows whose recipient may no longer get them are settled here as
 * SUPPRESSED (with the reason in lastError) instead of being claimed: suppression and consent are read at the
 * moment of sending, so an unsubscribe between a campaign's start and its send is honoured.
 */
export async function claimDueMessages(worker: string, limit: number, now: Date = new Date()): Promise<{ claimed: ClaimedMessage[]; suppressed: number }> {
  if (limit <= 0) return { claimed: [], suppressed: 0 };
  // Consent purposes are named after the mail categories they cover (lib/mail/categories.ts).
  const rows = await getDb().$queryRaw<(ClaimedMessage & { status: string })[]>`
    WITH due AS (
      SELECT m.id,
        CASE
          WHEN m."participantId" IS NULL THEN NULL
          WHEN p."anonymizedAt" IS NOT NULL OR p."emailNormalized" IS NULL THEN 'anonymised'
          WHEN m.category = 'TRANSACTIONAL' THEN NULL
          WHEN EXISTS (SELECT 1 FROM "Suppression" s WHERE s."emailNormalized" = p."emailNormalized" AND s.category = m.category) THEN 'unsubscribed'
          WHEN m.category::text IN (${Prisma.join(CONSENT_CATEGORIES)})
               AND NOT EXISTS (SELECT 1 FROM "Consent" c
                               WHERE c."participantId" = m."participantId" AND c."withdrawnAt" IS NULL AND c.purpose::text = m.category::text)
            THEN 'no_consent'
        END AS blocked
      FROM "OutboxMessage" m
      LEFT JOIN "Participant" p ON p.id = m."participantId"
      WHERE m.status = 'PENDING' AND m."nextAttemptAt" <= ${now}
      ORDER BY m."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE OF m SKIP LOCKED
    )
    UPDATE "OutboxMessage" m
    SET status = (CASE WHEN due.blocked IS NULL THEN 'SENDING' ELSE 'SUPPRESSED' END)::"MailStatus",
        "claimedAt" = CASE WHEN due.blocked IS NULL THEN ${now}::timestamptz END,
        "claimedBy" = CASE WHEN due.blocked IS NULL THEN ${worker} END,
        "lastError" = coalesce(due.blocked, m."lastError"),
        "updatedAt" = ${now}
    FROM due WHERE m.id = due.id
    RETURNING m.id, m.template, m.category::text AS category, m.payload, m.locale, m."toEmail", m."toName",
              m."participantId", m."registrationId", m."eventId", m."campaignId", m.attempts, m."claimedAt",
              m.status::text AS status`;
  const claimed = rows.filter((row) => row.status === "SENDING").map(({ status: _status, ...message }) => message);
  return { claimed, suppressed: rows.length - claimed.length };
}

// ───────────────────────────── The hand-off ─────────────────────────────

/** A row whose claim was taken over (released as stale, claimed by another worker): it must not be sent. */
export class ClaimLostError extends Error {
  constructor() {
    super("claim lost to another worker");
    this.name = "ClaimLostError";
  }
}

// Run on a connection of the worker's own (plain pg, not Prisma): the transaction stays open between prepare and
// commit, and the COMMIT must be written to the socket synchronously, in the tick the final dot is (lib/mail/smtp.ts).
const HANDOFF_SQL = `
  WITH sent AS (
    UPDATE "OutboxMessage"
    SET status = 'SENT', "sentAt" = $2, "messageId" = $3, subject = $4, attempts = attempts + 1,
        "lastError" = NULL, "lastErrorClass" = NULL, "updatedAt" = $2
    WHERE id = $1::uuid AND status = 'SENDING' AND "claimedBy" = $5 AND "claimedAt" = $6
    RETURNING id, attempts
  )
  INSERT INTO "DeliveryAttempt" ("outboxMessageId", attempt, worker, ok, "durationMs", "createdAt")
  SELECT id, attempts, $5, true, $7, $2 FROM sent`;

/** Connections for hand-offs, one per parallel send: a client is never shared while its transaction is open. */
export function handoffPool(databaseUrl: string, workerId: string, size: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: size,
    application_name: `outbox hand-off ${workerId}`.slice(0, 63),
    // An open hand-off lasts microseconds; anything longer is a stuck worker, whose row is better released.
    options: "-c lock_timeout=5s -c idle_in_transaction_session_timeout=60s -c TimeZone=UTC",
  });
  pool.on("error", () => {}); // an idle client that lost its connection is dropped by the pool
  return pool;
}

/** The database side of one mail's hand-off (see lib/mail/smtp.ts for the order of events). */
export function rowHandoff(client: pg.ClientBase, id: string, claim: Claim, mail: { messageId: string; subject: string; startedAt: number }): Handoff {
  let open = false;
  let commit: Promise<void> | null = null;
  return {
    async prepare() {
      await client.query("BEGIN");
      open = true;
      const now = new Date();
      const result = await client.query(HANDOFF_SQL, [id, now, mail.messageId, mail.subject, claim.worker, claim.claimedAt, Date.now() - mail.startedAt]);
      if (result.rowCount !== 1) {
        open = false;
        await client.query("ROLLBACK");
        throw new ClaimLostError();
      }
    },
    commit() {
      // client.query writes to the socket before it returns when the connection is idle, as it is here.
      commit = client.query("COMMIT").then(() => undefined);
      open = false;
    },
    committed: () => commit ?? Promise.resolve(),
    async release() {
      if (!open) return;
      open = false;
      await client.query("ROLLBACK");
    },
  };
}

export type Failure = {
  error: string;
  /** 5xx, or a mail that cannot be built: never retried. */
  permanent: boolean;
  smtpCode: number | null;
  nextAttemptAt: Date;
  durationMs: number;
};

const errorText = (error: string) => error.slice(0, 1000);

/**
 * A failed attempt before the hand-off: the row becomes due again later (or FAILED when permanent or out of
 * attempts), and the attempt is logged with its reason.
 */
export async function recordFailure(id: string, claim: Claim, failure: Failure & { maxAttempts: number }, now: Date = new Date()): Promise<boolean> {
  const error = errorText(failure.error);
  const updated = await getDb().$executeRaw`
    WITH failed AS (
      UPDATE "OutboxMessage"
      SET status = (CASE WHEN ${failure.permanent} OR attempts + 1 >= ${failure.maxAttempts} THEN 'FAILED' ELSE 'PENDING' END)::"MailStatus",
          attempts = attempts + 1, "nextAttemptAt" = ${failure.nextAttemptAt}, "lastError" = ${error},
          "lastErrorClass" = ${failure.permanent ? "permanent" : "temporary"}, "claimedAt" = NULL, "claimedBy" = NULL, "updatedAt" = ${now}
      WHERE id = ${id}::uuid AND status = 'SENDING' AND "claimedBy" = ${claim.worker} AND "claimedAt" = ${claim.claimedAt}
      RETURNING id, attempts
    )
    INSERT INTO "DeliveryAttempt" ("outboxMessageId", attempt, worker, ok, "smtpCode", error, "durationMs", "createdAt")
    SELECT id, attempts, ${claim.worker}, false, ${failure.smtpCode}, ${error}, ${failure.durationMs}, ${now} FROM failed`;
  return updated === 1;
}

/**
 * A refusal after the hand-off (the server answered the final dot with 4xx/5xx, or the connection broke before
 * it answered): the row and its attempt are put back as a failure. Fenced by the claim, which SENT rows keep.
 */
export async function undoHandoff(id: string, claim: Claim, failure: Failure & { maxAttempts: number }, now: Date = new Date()): Promise<boolean> {
  const error = errorText(failure.error);
  const db = getDb();
  const [undone] = await db.$transaction([
    db.$executeRaw`
      UPDATE "OutboxMessage"
      SET status = (CASE WHEN ${failure.permanent} OR attempts >= ${failure.maxAttempts} THEN 'FAILED' ELSE 'PENDING' END)::"MailStatus",
          "sentAt" = NULL, "messageId" = NULL, "nextAttemptAt" = ${failure.nextAttemptAt}, "lastError" = ${error},
          "lastErrorClass" = ${failure.permanent ? "permanent" : "temporary"}, "claimedAt" = NULL, "claimedBy" = NULL, "updatedAt" = ${now}
      WHERE id = ${id}::uuid AND status = 'SENT' AND "claimedBy" = ${claim.worker} AND "claimedAt" = ${claim.claimedAt}`,
    db.$executeRaw`
      UPDATE "DeliveryAttempt" SET ok = false, "smtpCode" = ${failure.smtpCode}, error = ${error}, "durationMs" = ${failure.durationMs}
      WHERE "outboxMessageId" = ${id}::uuid AND worker = ${claim.worker} AND ok
        AND attempt = (SELECT attempts FROM "OutboxMessage" WHERE id = ${id}::uuid)`,
  ]);
  return undone === 1;
}

// ───────────────────────────── Claims of workers that are gone ─────────────────────────────

/** Advisory-lock class of worker liveness: each worker holds (this, hashtext(worker id)) while it runs. */
export const WORKER_LOCK_CLASS = 72707371;

/**
 * Rows claimed by a worker that has died are due again at once. A worker holds a session advisory lock for
 * its whole life (lib/mail/outbox/liveness.ts); PostgreSQL drops it when the process dies, so a lock we can
 * take means its owner is gone. Its SENDING rows never reached the hand-off, so no server has them.
 */
export async function releaseDeadWorkersClaims(): Promise<number> {
  const db = getDb();
  const owners = await db.$queryRaw<{ claimedBy: string }[]>`
    SELECT DISTINCT "claimedBy" FROM "OutboxMessage" WHERE status = 'SENDING' AND "claimedBy" IS NOT NULL`;
  let released = 0;
  for (const { claimedBy } of owners) {
    released += await db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ free: boolean }[]>`SELECT pg_try_advisory_xact_lock(${WORKER_LOCK_CLASS}::int, hashtext(${claimedBy})) AS free`;
      if (!lock?.free) return 0;
      return tx.$executeRaw`
        UPDATE "OutboxMessage" SET status = 'PENDING', "claimedAt" = NULL, "claimedBy" = NULL, "updatedAt" = now()
        WHERE status = 'SENDING' AND "claimedBy" = ${claimedBy}`;
    });
  }
  return released;
}

/**
 * The fallback for a worker that is alive but stuck (or whose lock could not be read): claims older than
 * `olderThan` are due again. The stuck worker's hand-off then fails its fence, so it never sends them too.
 */
export async function releaseStaleClaims(olderThan: Date): Promise<number> {
  return getDb().$executeRaw`
    UPDATE "OutboxMessage" SET status = 'PENDING', "claimedAt" = NULL, "claimedBy" = NULL, "updatedAt" = now()
    WHERE status = 'SENDING' AND "claimedAt" < ${olderThan}`;
}

// ───────────────────────────── Rate ─────────────────────────────

const RATE_KEY = "mail:per-minute";

/**
 * Takes up to `wanted` sends from this minute's allowance, shared by every worker (a RateLimitBucket row), and
 * returns how many were granted. `giveBack` returns what a claim did not use.
 */
export async function reserveSendQuota(wanted: number, perMinute: number, now: Date = new Date()): Promise<number> {
  if (perMinute <= 0) return wanted;
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const expiresAt = new Date(windowStart.getTime() + 60_000);
  return getDb().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "RateLimitBucket" (key, "windowStart", count, "expiresAt") VALUES (${RATE_KEY}, ${windowStart}, 0, ${expiresAt})
      ON CONFLICT (key, "windowStart") DO NOTHING`;
    const [row] = await tx.$queryRaw<{ count: number }[]>`
      SELECT count FROM "RateLimitBucket" WHERE key = ${RATE_KEY} AND "windowStart" = ${windowStart} FOR UPDATE`;
    const granted = Math.max(0, Math.min(wanted, perMinute - (row?.count ?? 0)));
    if (granted > 0) {
      await tx.$executeRaw`UPDATE "RateLimitBucket" SET count = count + ${granted} WHERE key = ${RATE_KEY} AND "windowStart" = ${windowStart}`;
    }
    return granted;
  });
}

export async function giveBackSendQuota(unused: number, perMinute: number, now: Date = new Date()): Promise<void> {
  if (perMinute <= 0 || unused <= 0) return;
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  await getDb().$executeRaw`
    UPDATE "RateLimitBucket" SET count = greatest(0, count - ${unused}) WHERE key = ${RATE_KEY} AND "windowStart" = ${windowStart}`;
}
