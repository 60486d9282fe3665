import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { eventScope } from "@/lib/staff/scope";

// The audit log and the provision records as an organisation's admins read them. Each organisation sees
// only its own: the audit entries of its own staff, and the provision records where it is the recipient
// (the city). Nothing here writes: reading the log is not itself personal data about participants.

type Scoped = Pick<Staff, "organizationId">;

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = {
  action?: string;
  kind?: "VIEW" | "EXPORT";
  actorId?: string;
  eventId?: string;
  /** Inclusive lower bound (an instant: the start of a JST day). */
  from?: Date;
  /** Exclusive upper bound (the start of the JST day after the last one asked for). */
  to?: Date;
};

function createdAt(filters: AuditFilters) {
  if (!filters.from && !filters.to) return {};
  return { createdAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } };
}

function pageOf(total: number, page: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return { total, pageCount, page: Math.min(Math.max(1, page), pageCount), pageSize };
}

/** The organisation's audit entries, newest first, one page at a time. */
export async function listAuditEntries(staff: Scoped, filters: AuditFilters, page = 1, pageSize = AUDIT_PAGE_SIZE) {
  const db = getDb();
  const where: Prisma.AuditLogWhereInput = {
    organizationId: staff.organizationId,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actorId ? { actorUserId: filters.actorId } : {}),
    ...(filters.eventId ? { eventId: filters.eventId } : {}),
    ...createdAt(filters),
  };
  const total = await db.auditLog.count({ where });
  const paging = pageOf(total, page, pageSize);
  const entries = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (paging.page - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      subjectCount: true,
      detail: true,
      ip: true,
      createdAt: true,
      actor: { select: { id: true, name: true, email: true } },
      event: { select: { id: true, titleJa: true, titleEn: true } },
    },
  });
  return {
    ...paging,
    entries: entries.map(({ id, detail, ...entry }) => ({ ...entry, id: id.toString(), summary: summaryOf(detail) })),
  };
}

/**
 * What the table shows of an entry's detail: the export format and row count. The detail can hold
 * participant ids and staff-typed reasons, which the log page does not need to repeat.
 */
function summaryOf(detail: Prisma.JsonValue): { format?: string; rows?: number } {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return {};
  const { format, rows } = detail as Record<string, unknown>;
  return { ...(typeof format === "string" ? { format } : {}), ...(typeof rows === "number" ? { rows } : {}) };
}

/** The provision records the organisation received (APPI art. 29), newest first, one page at a time. */
export async function listProvisionRecords(staff: Scoped, filters: AuditFilters, page = 1, pageSize = AUDIT_PAGE_SIZE) {
  const db = getDb();
  const where: Prisma.ProvisionRecordWhereInput = {
    recipientOrganizationId: staff.organizationId,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.actorId ? { staffUserId: filters.actorId } : {}),
    ...(filters.eventId ? { eventId: filters.eventId } : {}),
    ...createdAt(filters),
  };
  const total = await db.provisionRecord.count({ where });
  const paging = pageOf(total, page, pageSize);
  const records = await db.provisionRecord.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (paging.page - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      kind: true,
      items: true,
      personCount: true,
      createdAt: true,
      recipient: { select: { nameJa: true, nameEn: true } },
      staffUser: { select: { id: true, name: true, email: true } },
      event: { select: { id: true, titleJa: true, titleEn: true } },
    },
  });
  // Items name answers by question id (`answer:<id>`): their labels, for the questions this organisation may see.
  const questionIds = [...new Set(records.flatMap((r) => r.items.filter((i) => i.startsWith("answer:")).map((i) => i.slice(7))))].filter((id) =>
    /^[0-9a-f-]{36}$/i.test(id),
  );
  const questions =
    questionIds.length === 0
      ? []
      : await db.eventQuestion.findMany({
          where: { id: { in: questionIds }, event: eventScope(staff) },
          select: { id: true, labelJa: true, labelEn: true },
        });
  return { ...paging, records, questionLabels: Object.fromEntries(questions.map((q) => [q.id, { ja: q.labelJa, en: q.labelEn }])) };
}

/** The choices of the filter form: the actions seen in this organisation's log, its staff, and its events. */
export async function auditFilterOptions(staff: Scoped) {
  const db = getDb();
  const [actions, members, events] = await Promise.all([
    db.auditLog.groupBy({ by: ["action"], where: { organizationId: staff.organizationId }, orderBy: { action: "asc" } }),
    db.user.findMany({ where: { organizationId: staff.organizationId }, orderBy: [{ name: "asc" }, { email: "asc" }], select: { id: true, name: true, email: true } }),
    db.event.findMany({ where: eventScope(staff), orderBy: { startsAt: "desc" }, select: { id: true, titleJa: true, titleEn: true, startsAt: true } }),
  ]);
  return { actions: actions.map((a) => a.action), members, events };
}
