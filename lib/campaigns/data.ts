import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import {
  MAIL_STATUSES,
  OUTBOX_PAGE_SIZE,
  parseSegment,
  type CampaignContent,
  type CampaignSegment,
  type MailStatusId,
  type OutboxQuery,
} from "@/lib/campaigns/schema";
import { segmentRecipients, type SegmentRecipient } from "@/lib/campaigns/segment";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CampaignCategory } from "@/lib/mail/categories";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";

// What the campaign and outbox pages read. Each staff function takes the staff member explicitly, checks the
// permission again, and carries the organisation in its `where`: another organisation's campaign is null, as
// if it did not exist. Counts and previews of a segment go through segmentRecipients() (lib/campaigns/segment.ts),
// the same SQL the fan-out inserts from. Lists that show addresses are audited (DESIGN.md §4).

type StaffRef = Pick<Staff, "id" | "organizationId" | "role">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The outbox rows that are a campaign's recipients. Test sends to staff (`campaign-test:…`) belong to the
 * campaign too (the worker reads its content through campaignId) but are neither counted nor listed as
 * recipients, and never hold a campaign back from being finished.
 */
export const RECIPIENT_ROW_PREFIX = "campaign:";
export const TEST_ROW_PREFIX = "campaign-test:";
const recipientRows = { dedupeKey: { startsWith: RECIPIENT_ROW_PREFIX } } satisfies Prisma.OutboxMessageWhereInput;

export type MailStatusCounts = Record<MailStatusId, number>;

export function emptyMailCounts(): MailStatusCounts {
  return Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as MailStatusCounts;
}

// ───────────────────────────── The segment ─────────────────────────────

export type SegmentSummary = { recipients: number; skipped: number; unsubscribed: number; noConsent: number };

/** How many people a segment reaches now, and how many of them would be skipped (and why). */
export async function countSegmentRecipients(organizationId: string, category: CampaignCategory, segment: CampaignSegment): Promise<SegmentSummary> {
  const [row] = await getDb().$queryRaw<{ recipients: number; unsubscribed: number; noConsent: number }[]>`
    SELECT count(*) FILTER (WHERE rc."skipReason" IS NULL)::int AS recipients,
           count(*) FILTER (WHERE rc."skipReason" = 'unsubscribed')::int AS unsubscribed,
           count(*) FILTER (WHERE rc."skipReason" = 'no_consent')::int AS "noConsent"
    FROM ${segmentRecipients(organizationId, category, segment)} rc`;
  const { recipients = 0, unsubscribed = 0, noConsent = 0 } = row ?? {};
  return { recipients, skipped: unsubscribed + noConsent, unsubscribed, noConsent };
}

/** The first recipient who would get the mail: whose data the preview and the test send use. */
export async function getPreviewRecipient(organizationId: string, category: CampaignCategory, segment: CampaignSegment): Promise<SegmentRecipient | null> {
  const [row] = await getDb().$queryRaw<SegmentRecipient[]>`
    SELECT rc.* FROM ${segmentRecipients(organizationId, category, segment)} rc
    WHERE rc."skipReason" IS NULL
    ORDER BY rc."participantId"
    LIMIT 1`;
  return row ?? null;
}

// ───────────────────────────── Campaigns ─────────────────────────────

const campaignSelect = {
  id: true,
  category: true,
  status: true,
  subjectJa: true,
  bodyJa: true,
  subjectEn: true,
  bodyEn: true,
  segment: true,
  scheduledAt: true,
  startedAt: true,
  finishedAt: true,
  cancelledAt: true,
  recipientCount: true,
  skippedCount: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { name: true, email: true } },
} satisfies Prisma.CampaignSelect;

type CampaignRow = Prisma.CampaignGetPayload<{ select: typeof campaignSelect }>;
export type StaffCampaign = Omit<CampaignRow, "segment" | "category"> & { category: CampaignCategory; segment: CampaignSegment };

function toStaffCampaign(row: CampaignRow): StaffCampaign {
  return { ...row, category: row.category as CampaignCategory, segment: parseSegment(row.segment) };
}

async function countsByCampaign(campaignIds: string[]): Promise<Map<string, MailStatusCounts>> {
  const counts = new Map(campaignIds.map((id) => [id, emptyMailCounts()]));
  if (campaignIds.length === 0) return counts;
  const groups = await getDb().outboxMessage.groupBy({
    by: ["campaignId", "status"],
    where: { campaignId: { in: campaignIds }, ...recipientRows },
    _count: { _all: true },
  });
  for (const group of groups) {
    const row = group.campaignId ? counts.get(group.campaignId) : undefined;
    if (row) row[group.status] = group._count._all;
  }
  return counts;
}

export type CampaignListItem = StaffCampaign & { counts: MailStatusCounts };
export type CampaignList = { campaigns: CampaignListItem[]; total: number; page: number; pageCount: number };

/** The organisation's campaigns, newest first, each with its recipients' rows counted by state. */
export async function listCampaigns(staff: StaffRef, page = 1): Promise<CampaignList | null> {
  if (!can(staff.role, "campaigns.view")) return null;
  const db = getDb();
  const where = { organizationId: staff.organizationId } satisfies Prisma.CampaignWhereInput;
  const total = await db.campaign.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db.campaign.findMany({
    where,
    select: campaignSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * OUTBOX_PAGE_SIZE,
    take: OUTBOX_PAGE_SIZE,
  });
  const counts = await countsByCampaign(rows.map((r) => r.id));
  return {
    campaigns: rows.map((row) => ({ ...toStaffCampaign(row), counts: counts.get(row.id) ?? emptyMailCounts() })),
    total,
    page: current,
    pageCount,
  };
}

export type TestSend = { id: string; toEmail: string; status: MailStatusId; createdAt: Date; sentAt: Date | null; lastError: string | null };
export type CampaignDetail = StaffCampaign & { counts: MailStatusCounts; tests: TestSend[] };

/** One campaign of the organisation with its recipients' rows counted by state and its latest test sends. */
export async function getCampaign(staff: StaffRef, campaignId: string): Promise<CampaignDetail | null> {
  if (!can(staff.role, "campaigns.view") || !UUID.test(campaignId)) return null;
  const db = getDb();
  const row = await db.campaign.findFirst({ where: { id: campaignId, organizationId: staff.organizationId }, select: campaignSelect });
  if (!row) return null;
  const [counts, tests] = await Promise.all([
    countsByCampaign([row.id]),
    db.outboxMessage.findMany({
      where: { campaignId: row.id, dedupeKey: { startsWith: TEST_ROW_PREFIX } },
      select: { id: true, toEmail: true, status: true, createdAt: true, sentAt: true, lastError: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
    }),
  ]);
  return { ...toStaffCampaign(row), counts: counts.get(row.id) ?? emptyMailCounts(), tests };
}

/** The campaign's content as the composer edits it (no counts). */
export async function getCampaignForEditing(staff: StaffRef, campaignId: string): Promise<StaffCampaign | null> {
  if (!can(staff.role, "campaigns.manage") || !UUID.test(campaignId)) return null;
  const row = await getDb().campaign.findFirst({ where: { id: campaignId, organizationId: staff.organizationId }, select: campaignSelect });
  return row ? toStaffCampaign(row) : null;
}

/**
 * What the worker renders a campaign mail from (it has no session: no staff gate). Null when the campaign is
 * gone, so the row fails as "cannot build" instead of sending something else.
 */
export async function getCampaignContentForSending(campaignId: string | null | undefined): Promise<CampaignContent | null> {
  if (!campaignId || !UUID.test(campaignId)) return null;
  return getDb().campaign.findUnique({ where: { id: campaignId }, select: { subjectJa: true, bodyJa: true, subjectEn: true, bodyEn: true } });
}

// ───────────────────────────── Composer ─────────────────────────────

export type CampaignEvent = {
  id: string;
  titleJa: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  registrations: number;
  attended: number;
};

const COMPOSER_EVENTS = 200;

/** The events a segment can name: the organisation's own, latest first, with how many registered and came. */
export async function listCampaignEvents(staff: StaffRef): Promise<CampaignEvent[]> {
  if (!can(staff.role, "campaigns.manage")) return [];
  const db = getDb();
  const events = await db.event.findMany({
    where: { ...eventScope(staff), status: { not: "DRAFT" } },
    select: { id: true, titleJa: true, titleEn: true, startsAt: true, endsAt: true, status: true, _count: { select: { registrations: true } } },
    orderBy: [{ startsAt: "desc" }, { id: "desc" }],
    take: COMPOSER_EVENTS,
  });
  const attended = await db.registration.groupBy({
    by: ["eventId"],
    where: { eventId: { in: events.map((e) => e.id) }, status: "ATTENDED" },
    _count: { _all: true },
  });
  const attendedBy = new Map(attended.map((a) => [a.eventId, a._count._all]));
  return events.map(({ _count, ...event }) => ({ ...event, registrations: _count.registrations, attended: attendedBy.get(event.id) ?? 0 }));
}

/** Titles of the segment's events, for the campaign page (only events of the organisation's scope). */
export async function getSegmentEvents(staff: StaffRef, eventIds: string[]) {
  if (eventIds.length === 0) return [];
  return getDb().event.findMany({
    where: { id: { in: eventIds }, ...eventScope(staff) },
    select: { id: true, titleJa: true, titleEn: true, startsAt: true, endsAt: true },
    orderBy: [{ startsAt: "desc" }, { id: "desc" }],
  });
}

// ───────────────────────────── Per-recipient rows and the outbox ─────────────────────────────

const rowSelect = {
  id: true,
  toEmail: true,
  toName: true,
  template: true,
  category: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  sentAt: true,
  messageId: true,
  createdAt: true,
  participantId: true,
  campaignId: true,
  event: { select: { id: true, titleJa: true, titleEn: true } },
  campaign: { select: { id: true, subjectJa: true } },
} satisfies Prisma.OutboxMessageSelect;

export type OutboxRow = Prisma.OutboxMessageGetPayload<{ select: typeof rowSelect }>;
export type OutboxPage = { rows: OutboxRow[]; counts: MailStatusCounts; total: number; page: number; pageCount: number; pageSize: number };

type Context = { ip?: string | null };

// A page that refreshes itself while a campaign sends would write an entry every few seconds: one entry per
// person, list and few minutes says the same thing.
const AUDIT_QUIET_MS = 10 * 60_000;

async function auditListView(staff: StaffRef, action: string, targetType: string, targetId: string | undefined, subjectCount: number, context: Context) {
  const recent = await getDb().auditLog.findFirst({
    where: { actorUserId: staff.id, action, targetId: targetId ?? null, createdAt: { gte: new Date(Date.now() - AUDIT_QUIET_MS) } },
    select: { id: true },
  });
  if (recent) return;
  await recordAudit(staff, { action, targetType, targetId, subjectCount, ip: context.ip ?? null });
}

async function outboxPage(where: Prisma.OutboxMessageWhereInput, query: OutboxQuery, orderBy: Prisma.OutboxMessageOrderByWithRelationInput[]): Promise<OutboxPage> {
  const db = getDb();
  const filtered: Prisma.OutboxMessageWhereInput = {
    AND: [where, ...(query.status ? [{ status: query.status }] : []), ...(query.category ? [{ category: query.category }] : [])],
  };
  const countWhere: Prisma.OutboxMessageWhereInput = query.category ? { AND: [where, { category: query.category }] } : where;
  const [groups, total] = await Promise.all([
    db.outboxMessage.groupBy({ by: ["status"], where: countWhere, _count: { _all: true } }),
    db.outboxMessage.count({ where: filtered }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await db.outboxMessage.findMany({ where: filtered, select: rowSelect, orderBy, skip: (page - 1) * OUTBOX_PAGE_SIZE, take: OUTBOX_PAGE_SIZE });
  const counts = emptyMailCounts();
  for (const group of groups) counts[group.status] = group._count._all;
  return { rows, counts, total, page, pageCount, pageSize: OUTBOX_PAGE_SIZE };
}

/** A campaign's recipients with their delivery state, filtered by state, a page at a time. */
export async function listCampaignRecipients(staff: StaffRef, campaignId: string, query: OutboxQuery, context: Context = {}): Promise<OutboxPage | null> {
  if (!can(staff.role, "campaigns.view") || !UUID.test(campaignId)) return null;
  const campaign = await getDb().campaign.findFirst({ where: { id: campaignId, organizationId: staff.organizationId }, select: { id: true } });
  if (!campaign) return null;
  const result = await outboxPage({ campaignId, ...recipientRows }, { ...query, category: null }, [{ toEmail: "asc" }, { id: "asc" }]);
  if (result.rows.length > 0) await auditListView(staff, "campaign.recipients.view", "Campaign", campaignId, result.rows.length, context);
  return result;
}

/**
 * Every outbox row of the organisation's scope, newest first: mail about its events (registrations, reminders,
 * surveys, campaigns) and mail of its campaigns (test sends to its staff included).
 */
export async function listOutbox(staff: StaffRef, query: OutboxQuery, context: Context = {}): Promise<OutboxPage | null> {
  if (!can(staff.role, "outbox.view")) return null;
  const scope: Prisma.OutboxMessageWhereInput = { OR: [{ event: eventScope(staff) }, { campaign: { organizationId: staff.organizationId } }] };
  const result = await outboxPage(scope, query, [{ createdAt: "desc" }, { id: "desc" }]);
  if (result.rows.length > 0) await auditListView(staff, "outbox.view", "Outbox", undefined, result.rows.length, context);
  return result;
}
