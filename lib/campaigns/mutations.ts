import "server-only";
import { getPreviewRecipient, RECIPIENT_ROW_PREFIX, TEST_ROW_PREFIX } from "@/lib/campaigns/data";
import { parseSegment, type CampaignInput, type FieldErrors } from "@/lib/campaigns/schema";
import { segmentRecipients } from "@/lib/campaigns/segment";
import type { CampaignCategory } from "@/lib/mail/categories";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";

// The life of a campaign: DRAFT → (SCHEDULED →) SENDING → SENT, or CANCELLED. Every function takes explicit
// ids and carries the organisation in its `where`, so another organisation's campaign answers "not_found"
// exactly like one that does not exist. Transitions are guarded in SQL (`UPDATE … WHERE status IN (…)`): a
// double click, two organisers, or two workers reaching a scheduled campaign together change it once.
//
// Starting a campaign fixes its recipients: in the transaction that moves it to SENDING, one INSERT … SELECT
// writes an outbox row per recipient of the segment (lib/campaigns/segment.ts), PENDING for those who get the
// mail and SUPPRESSED (with the reason) for those skipped. The dedupe key `campaign:<campaign>:<person>` makes
// a person's row unique, whatever happens. From then on the worker sends the rows; finishCampaigns() closes a
// campaign once none is left to send. A campaign's rows are locked in this order: campaign row first, then its
// outbox rows (every function here does the same), which is what keeps finishCampaigns() honest.

export type CampaignActor = Pick<Staff, "id" | "organizationId" | "role">;

export type Refusal = { ok: false; reason: "not_found" | "not_allowed" };
export type Invalid = { ok: false; errors: FieldErrors };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = { ok: false, reason: "not_found" } as const;
const notAllowed = { ok: false, reason: "not_allowed" } as const;
const TRANSACTION = { timeout: 120_000, maxWait: 10_000 } as const;

const mayManage = (staff: CampaignActor, campaignId?: string) => can(staff.role, "campaigns.manage") && (campaignId === undefined || UUID.test(campaignId));

/** Why a guarded change changed nothing: the campaign is not the organisation's, or not in that state. */
async function refusal(campaignId: string, organizationId: string): Promise<Refusal> {
  const exists = await getDb().campaign.count({ where: { id: campaignId, organizationId } });
  return exists ? notAllowed : notFound;
}

/** Every event a segment names must be one the organisation organises (the SQL ignores any other anyway). */
async function unknownEvents(staff: CampaignActor, eventIds: string[]): Promise<boolean> {
  if (eventIds.length === 0) return false;
  const found = await getDb().event.count({ where: { id: { in: eventIds }, ...eventScope(staff) } });
  return found !== eventIds.length;
}

// ───────────────────────────── Drafts ─────────────────────────────

export async function createCampaign(staff: CampaignActor, input: CampaignInput): Promise<{ ok: true; campaignId: string } | Invalid | Refusal> {
  if (!mayManage(staff)) return notFound;
  if (await unknownEvents(staff, input.segment.eventIds)) return { ok: false, errors: { eventIds: { code: "unknown_event" } } };
  const campaign = await getDb().campaign.create({
    data: {
      organizationId: staff.organizationId,
      category: input.category,
      subjectJa: input.subjectJa,
      bodyJa: input.bodyJa,
      subjectEn: input.subjectEn,
      bodyEn: input.bodyEn,
      segment: input.segment,
      status: "DRAFT",
      createdById: staff.id,
    },
    select: { id: true },
  });
  return { ok: true, campaignId: campaign.id };
}

/** Saves the composer. Only a draft is edited: once scheduled or sent, what people get is fixed. */
export async function updateCampaign(staff: CampaignActor, campaignId: string, input: CampaignInput): Promise<{ ok: true } | Invalid | Refusal> {
  if (!mayManage(staff, campaignId)) return notFound;
  if (await unknownEvents(staff, input.segment.eventIds)) return { ok: false, errors: { eventIds: { code: "unknown_event" } } };
  const updated = await getDb().campaign.updateMany({
    where: { id: campaignId, organizationId: staff.organizationId, status: "DRAFT" },
    data: {
      category: input.category,
      subjectJa: input.subjectJa,
      bodyJa: input.bodyJa,
      subjectEn: input.subjectEn,
      bodyEn: input.bodyEn,
      segment: input.segment,
    },
  });
  return updated.count === 1 ? { ok: true } : refusal(campaignId, staff.organizationId);
}

/** Deletes a draft; test sends still waiting are cancelled with it (their content would be gone). */
export async function deleteCampaignDraft(staff: CampaignActor, campaignId: string, now: Date = new Date()): Promise<{ ok: true } | Refusal> {
  if (!mayManage(staff, campaignId)) return notFound;
  const deleted = await getDb().$transaction(async (tx) => {
    const [draft] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Campaign"
      WHERE id = ${campaignId}::uuid AND "organizationId" = ${staff.organizationId}::uuid AND status = 'DRAFT'
      FOR UPDATE`;
    if (!draft) return false;
    await tx.outboxMessage.updateMany({ where: { campaignId, status: "PENDING" }, data: { status: "CANCELLED", updatedAt: now } });
    await tx.campaign.delete({ where: { id: campaignId } });
    return true;
  });
  return deleted ? { ok: true } : refusal(campaignId, staff.organizationId);
}

// ───────────────────────────── Sending ─────────────────────────────

export type StartResult =
  | { ok: true; recipientCount: number; skippedCount: number }
  | { ok: false; reason: "not_found" | "already_started" | "not_allowed" };

/**
 * DRAFT | SCHEDULED → SENDING, and the fan-out, in one transaction. A second call (a double click, a second
 * worker) waits for the first's row lock, then finds the campaign SENDING and changes nothing.
 */
export async function startCampaign(campaignId: string, organizationId: string, now: Date = new Date()): Promise<StartResult> {
  if (!UUID.test(campaignId) || !UUID.test(organizationId)) return notFound;
  const db = getDb();
  const started = await db.$transaction(async (tx) => {
    const [campaign] = await tx.$queryRaw<{ id: string; category: CampaignCategory; segment: unknown }[]>`
      UPDATE "Campaign" SET status = 'SENDING', "startedAt" = ${now}, "updatedAt" = ${now}
      WHERE id = ${campaignId}::uuid AND "organizationId" = ${organizationId}::uuid AND status IN ('DRAFT', 'SCHEDULED')
      RETURNING id, category::text AS category, segment`;
    if (!campaign) return null;
    const recipients = segmentRecipients(organizationId, campaign.category, parseSegment(campaign.segment));
    await tx.$executeRaw`
      INSERT INTO "OutboxMessage" (id, "dedupeKey", template, category, payload, locale, "toEmail", "toName",
        "participantId", "registrationId", "eventId", "campaignId", status, "lastError", "nextAttemptAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${RECIPIENT_ROW_PREFIX}::text || ${campaignId}::text || ':' || rc."participantId"::text, 'campaign',
        ${campaign.category}::"MailCategory",
        jsonb_build_object(
          'name', coalesce(rc.name, ''),
          'eventTitleJa', rc."eventTitleJa",
          'eventTitleEn', rc."eventTitleEn",
          'eventStartsAt', to_char(rc."eventStartsAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        rc.locale, rc.email, rc.name, rc."participantId", rc."registrationId", rc."eventId", ${campaignId}::uuid,
        (CASE WHEN rc."skipReason" IS NULL THEN 'PENDING' ELSE 'SUPPRESSED' END)::"MailStatus", rc."skipReason",
        ${now}, ${now}, ${now}
      FROM ${recipients} rc
      ON CONFLICT ("dedupeKey") DO NOTHING`;
    // Counted from the rows themselves, so the numbers are what the worker will actually work through.
    const [counts] = await tx.$queryRaw<{ sendable: number; skipped: number }[]>`
      SELECT count(*) FILTER (WHERE status <> 'SUPPRESSED')::int AS sendable, count(*) FILTER (WHERE status = 'SUPPRESSED')::int AS skipped
      FROM "OutboxMessage" WHERE "campaignId" = ${campaignId}::uuid AND "dedupeKey" LIKE ${`${RECIPIENT_ROW_PREFIX}%`}`;
    const recipientCount = counts?.sendable ?? 0;
    const skippedCount = counts?.skipped ?? 0;
    await tx.campaign.update({ where: { id: campaignId }, data: { recipientCount, skippedCount } });
    return { recipientCount, skippedCount };
  }, TRANSACTION);
  if (started) return { ok: true, ...started };
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, organizationId }, select: { status: true } });
  if (!campaign) return notFound;
  return campaign.status === "SENDING" || campaign.status === "SENT" ? { ok: false, reason: "already_started" } : notAllowed;
}

/** DRAFT → SCHEDULED: the worker starts it at `at` (startDueCampaigns). */
export async function scheduleCampaign(
  campaignId: string,
  organizationId: string,
  at: Date,
  now: Date = new Date(),
): Promise<{ ok: true } | Refusal | { ok: false; reason: "schedule_in_past" }> {
  if (!UUID.test(campaignId) || !UUID.test(organizationId)) return notFound;
  if (at.getTime() <= now.getTime()) return { ok: false, reason: "schedule_in_past" };
  const updated = await getDb().campaign.updateMany({
    where: { id: campaignId, organizationId, status: "DRAFT" },
    data: { status: "SCHEDULED", scheduledAt: at },
  });
  return updated.count === 1 ? { ok: true } : refusal(campaignId, organizationId);
}

/** SCHEDULED → DRAFT: back to editing. */
export async function unscheduleCampaign(campaignId: string, organizationId: string): Promise<{ ok: true } | Refusal> {
  if (!UUID.test(campaignId) || !UUID.test(organizationId)) return notFound;
  const updated = await getDb().campaign.updateMany({
    where: { id: campaignId, organizationId, status: "SCHEDULED" },
    data: { status: "DRAFT", scheduledAt: null },
  });
  return updated.count === 1 ? { ok: true } : refusal(campaignId, organizationId);
}

/**
 * SCHEDULED → CANCELLED, or SENDING → CANCELLED with the rows not yet sent cancelled in the same transaction.
 * Rows already sent stay SENT; a row a worker holds at this moment finishes its attempt.
 */
export async function cancelCampaign(
  campaignId: string,
  organizationId: string,
  now: Date = new Date(),
): Promise<{ ok: true; cancelledMessages: number } | Refusal> {
  if (!UUID.test(campaignId) || !UUID.test(organizationId)) return notFound;
  const cancelled = await getDb().$transaction(async (tx) => {
    const [campaign] = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Campaign" SET status = 'CANCELLED', "cancelledAt" = ${now}, "updatedAt" = ${now}
      WHERE id = ${campaignId}::uuid AND "organizationId" = ${organizationId}::uuid AND status IN ('SCHEDULED', 'SENDING')
      RETURNING id`;
    if (!campaign) return null;
    const rows = await tx.outboxMessage.updateMany({
      where: { campaignId, status: "PENDING", dedupeKey: { startsWith: RECIPIENT_ROW_PREFIX } },
      data: { status: "CANCELLED", updatedAt: now },
    });
    return rows.count;
  }, TRANSACTION);
  return cancelled === null ? refusal(campaignId, organizationId) : { ok: true, cancelledMessages: cancelled };
}

/** Starts every scheduled campaign that is due, of any organisation (the worker calls it every minute). */
export async function startDueCampaigns(now: Date = new Date()): Promise<number> {
  const due = await getDb().campaign.findMany({
    where: { status: "SCHEDULED", scheduledAt: { lte: now } },
    select: { id: true, organizationId: true },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
  });
  let started = 0;
  for (const campaign of due) {
    // Another worker may have started it a moment ago: then this is a no-op ("already_started").
    const result = await startCampaign(campaign.id, campaign.organizationId, now);
    if (result.ok) started++;
  }
  return started;
}

/** SENDING → SENT for every campaign with no row left to send (PENDING or SENDING). */
export async function finishCampaigns(now: Date = new Date()): Promise<number> {
  return getDb().$transaction(async (tx) => {
    // Lock first, look second (a new statement sees everything committed before the lock was taken): a retry of
    // failed rows locks the campaign row before it makes rows PENDING again, so it either finished before
    // this look or waits and reopens the campaign after it. A campaign locked by a retry is left for next time.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Campaign" WHERE status = 'SENDING' FOR UPDATE SKIP LOCKED`;
    if (locked.length === 0) return 0;
    return tx.$executeRaw`
      UPDATE "Campaign" c SET status = 'SENT', "finishedAt" = ${now}, "updatedAt" = ${now}
      WHERE c.id = ANY(${locked.map((row) => row.id)}::uuid[]) AND c.status = 'SENDING'
        AND NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" m
          WHERE m."campaignId" = c.id AND m.status IN ('PENDING', 'SENDING') AND m."dedupeKey" LIKE ${`${RECIPIENT_ROW_PREFIX}%`})`;
  }, TRANSACTION);
}

/**
 * The campaign's FAILED rows are due again now (their last error stays until the next attempt says otherwise);
 * a campaign that had finished is SENDING again until they are settled.
 */
export async function retryFailedMessages(
  campaignId: string,
  organizationId: string,
  now: Date = new Date(),
): Promise<{ ok: true; retried: number } | Refusal> {
  if (!UUID.test(campaignId) || !UUID.test(organizationId)) return notFound;
  const retried = await getDb().$transaction(async (tx) => {
    const [campaign] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Campaign"
      WHERE id = ${campaignId}::uuid AND "organizationId" = ${organizationId}::uuid AND status IN ('SENDING', 'SENT')
      FOR UPDATE`;
    if (!campaign) return null;
    const rows = await tx.outboxMessage.updateMany({
      where: { campaignId, status: "FAILED", dedupeKey: { startsWith: RECIPIENT_ROW_PREFIX } },
      data: { status: "PENDING", nextAttemptAt: now, claimedAt: null, claimedBy: null, updatedAt: now },
    });
    if (rows.count > 0) {
      await tx.campaign.updateMany({ where: { id: campaignId, status: "SENT" }, data: { status: "SENDING", finishedAt: null } });
    }
    return rows.count;
  }, TRANSACTION);
  return retried === null ? refusal(campaignId, organizationId) : { ok: true, retried };
}

// ───────────────────────────── Test send ─────────────────────────────

/** What a test mail greets when the segment has nobody yet. */
const PLACEHOLDERS = { name: "山田 花子", eventTitleJa: "（イベント名）", eventTitleEn: "(Event title)" };

/**
 * One mail to the staff member's own address, rendered like a recipient's (with the first real recipient's
 * merge values, or placeholders), the subject marked as a test. Not a recipient row: it is neither counted
 * nor listed among the campaign's recipients.
 */
export async function sendCampaignTest(
  campaignId: string,
  staff: CampaignActor & Pick<Staff, "email" | "name" | "locale">,
  options: { locale?: "ja" | "en"; now?: Date } = {},
): Promise<{ ok: true; toEmail: string; usesRecipient: boolean } | Refusal> {
  if (!mayManage(staff, campaignId)) return notFound;
  const now = options.now ?? new Date();
  const db = getDb();
  const campaign = await db.campaign.findFirst({
    where: { id: campaignId, organizationId: staff.organizationId },
    select: { id: true, category: true, segment: true, status: true },
  });
  if (!campaign) return notFound;
  if (campaign.status === "CANCELLED") return notAllowed;
  const category = campaign.category as CampaignCategory;
  const recipient = await getPreviewRecipient(staff.organizationId, category, parseSegment(campaign.segment));
  const payload = recipient
    ? {
        name: recipient.name ?? "",
        eventTitleJa: recipient.eventTitleJa,
        eventTitleEn: recipient.eventTitleEn,
        eventStartsAt: recipient.eventStartsAt.toISOString(),
        test: true,
      }
    : { ...PLACEHOLDERS, eventStartsAt: null, test: true };
  await db.outboxMessage.createMany({
    data: [
      {
        dedupeKey: `${TEST_ROW_PREFIX}${campaignId}:${staff.id}:${now.getTime()}`,
        template: "campaign",
        category,
        payload,
        locale: options.locale ?? (staff.locale === "en" ? "en" : "ja"),
        toEmail: staff.email,
        toName: staff.name,
        campaignId,
        nextAttemptAt: now,
        createdAt: now,
      },
    ],
    // Two clicks in the same millisecond are one test mail.
    skipDuplicates: true,
  });
  return { ok: true, toEmail: staff.email, usesRecipient: recipient !== null };
}
