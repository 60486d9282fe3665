import "server-only";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { isCityRole } from "@/lib/staff/permissions";

// Accountability for personal data (DESIGN.md §4): staff views, exports and changes go to the audit log;
// what city staff see or export is also a provision record (APPI art. 29: date, recipient, persons, items,
// consent reference).

export type AuditEntry = {
  action: string; // registrations.list, registrations.export, registration.approve, event.update …
  targetType?: string;
  targetId?: string;
  eventId?: string | null;
  subjectCount?: number;
  detail?: Record<string, unknown>;
  ip?: string | null;
};

export async function recordAudit(staff: Pick<Staff, "id" | "organizationId">, entry: AuditEntry): Promise<void> {
  await getDb().auditLog.create({
    data: {
      actorUserId: staff.id,
      organizationId: staff.organizationId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      eventId: entry.eventId ?? null,
      subjectCount: entry.subjectCount ?? null,
      detail: (entry.detail ?? undefined) as never,
      ip: entry.ip ?? null,
    },
  });
}

/**
 * The record of personal data shown or given to the city: one row per view or export, one item per person with
 * the consent it relied on. Only for city staff (WDL handles the data as the organiser itself).
 */
export async function recordProvision(
  staff: Pick<Staff, "id" | "organizationId" | "role">,
  provision: { kind: "VIEW" | "EXPORT"; eventId: string | null; items: string[]; persons: { participantId: string; consentId: string }[] },
): Promise<void> {
  if (!isCityRole(staff.role)) return;
  const db = getDb();
  // One statement for the persons, however many: an export of 50,000 people is one provision record.
  await db.$transaction(
    async (tx) => {
      const record = await tx.provisionRecord.create({
        data: {
          recipientOrganizationId: staff.organizationId,
          staffUserId: staff.id,
          kind: provision.kind,
          eventId: provision.eventId,
          items: provision.items,
          personCount: provision.persons.length,
        },
      });
      if (provision.persons.length > 0) {
        await tx.$executeRaw`
          INSERT INTO "ProvisionRecordItem" ("provisionRecordId", "participantId", "consentId")
          SELECT ${record.id}::uuid, x.p, x.c
          FROM unnest(${provision.persons.map((p) => p.participantId)}::uuid[], ${provision.persons.map((p) => p.consentId)}::uuid[]) AS x(p, c)
          ON CONFLICT DO NOTHING`;
      }
    },
    { timeout: 60_000 },
  );
}
