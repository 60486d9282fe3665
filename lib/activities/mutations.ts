import "server-only";
import { dayToStored, storedDay } from "@/lib/activities/dates";
import { SELF_REPORTS_PER_DAY, type ActivityInput, type ActivityRefusal } from "@/lib/activities/schema";
import { recordAudit } from "@/lib/audit/mutations";
import { consumeRateLimit } from "@/lib/rate-limit/mutations";
import { participantAccess } from "@/lib/registrations/staff/data";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can } from "@/lib/staff/permissions";

// Writing the ledger's activities (what a person did for or in Ogaki outside our events). Staff record them
// on a person's page; the person reports their own on their page. Either way the stage follows at once,
// because stages are derived from these rows (lib/insights/facts.ts), never stored.
//
// Staff changes re-check, inside the transaction, that the staff member may see the person by the very rule
// of the person's page (participantAccess: a registration in their organisation's events, and for the city a
// current provision consent), since the ids come back from the browser. They are audited; the note is not
// copied into the log (it is free text about a person).

type StaffRef = Pick<Staff, "id" | "organizationId" | "role">;
type Context = { ip?: string | null };

export type ActivityOutcome = { ok: true; activityId: string } | { ok: false; reason: ActivityRefusal };
export type RemovalOutcome = { ok: true } | { ok: false; reason: "not_found" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function recordStaffActivity(staff: StaffRef, participantId: string, input: ActivityInput, context: Context = {}): Promise<ActivityOutcome> {
  if (!can(staff.role, "activities.record")) return { ok: false, reason: "not_found" };
  const outcome = await getDb().$transaction(async (tx): Promise<ActivityOutcome> => {
    if (!(await participantAccess(staff, participantId, tx))) return { ok: false, reason: "not_found" };
    const person = await tx.participant.findUnique({ where: { id: participantId }, select: { anonymizedAt: true } });
    if (!person) return { ok: false, reason: "not_found" };
    // A person who asked to be deleted keeps their past in the figures, but nothing new is written about them.
    if (person.anonymizedAt) return { ok: false, reason: "anonymized" };
    const activity = await tx.activity.create({
      data: { participantId, kind: input.kind, source: "STAFF", occurredOn: dayToStored(input.occurredOn), note: input.note, recordedById: staff.id },
      select: { id: true },
    });
    return { ok: true, activityId: activity.id };
  });
  if (outcome.ok) {
    await recordAudit(staff, {
      action: "activity.record",
      targetType: "Participant",
      targetId: participantId,
      subjectCount: 1,
      detail: { activityId: outcome.activityId, kind: input.kind, occurredOn: input.occurredOn, withNote: input.note !== null },
      ip: context.ip,
    });
  }
  return outcome;
}

/**
 * Removes an activity recorded by staff of the remover's own organisation. Self-reports and the other
 * organisation's records stay: they are not this organisation's to take back.
 */
export async function removeStaffActivity(staff: StaffRef, participantId: string, activityId: string, context: Context = {}): Promise<RemovalOutcome> {
  if (!can(staff.role, "activities.record") || !UUID.test(activityId)) return { ok: false, reason: "not_found" };
  const removed = await getDb().$transaction(async (tx) => {
    if (!(await participantAccess(staff, participantId, tx))) return null;
    const activity = await tx.activity.findFirst({
      where: { id: activityId, participantId, source: "STAFF", recordedBy: { organizationId: staff.organizationId } },
      select: { id: true, kind: true, occurredOn: true, recordedById: true },
    });
    if (!activity) return null;
    // Guarded in the statement too: a second click (or a race with another remover) deletes nothing.
    const { count } = await tx.activity.deleteMany({ where: { id: activity.id, participantId, source: "STAFF" } });
    return count === 1 ? activity : null;
  });
  if (!removed) return { ok: false, reason: "not_found" };
  await recordAudit(staff, {
    action: "activity.delete",
    targetType: "Participant",
    targetId: participantId,
    subjectCount: 1,
    detail: { activityId: removed.id, kind: removed.kind, occurredOn: storedDay(removed.occurredOn), recordedById: removed.recordedById },
    ip: context.ip,
  });
  return { ok: true };
}

// ───────────────────────────── the person's own reports ─────────────────────────────

/** A report from the person's own page (the signed link is the credential, checked by the caller). */
export async function reportOwnActivity(participantId: string, input: ActivityInput, now: Date = new Date()): Promise<ActivityOutcome> {
  const person = await getDb().participant.findUnique({ where: { id: participantId }, select: { anonymizedAt: true } });
  if (!person) return { ok: false, reason: "not_found" };
  if (person.anonymizedAt) return { ok: false, reason: "anonymized" };
  // Each report can move the person's stage and the city's figures: a day's ceiling keeps a script (or a
  // forwarded link) from filling the ledger.
  const limit = await consumeRateLimit(`activity-report:${participantId}`, SELF_REPORTS_PER_DAY, 86_400, now);
  if (limit.limited) return { ok: false, reason: "too_many" };
  return getDb().$transaction(async (tx) => {
    const activity = await tx.activity.create({
      data: { participantId, kind: input.kind, source: "SELF_REPORTED", occurredOn: dayToStored(input.occurredOn), note: input.note },
      select: { id: true },
    });
    await tx.participant.update({ where: { id: participantId }, data: { lastActiveAt: now } });
    return { ok: true, activityId: activity.id };
  });
}

/** The person removes one of their own reports (never one staff recorded about them). */
export async function removeOwnActivity(participantId: string, activityId: string, now: Date = new Date()): Promise<RemovalOutcome> {
  if (!UUID.test(activityId)) return { ok: false, reason: "not_found" };
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.activity.deleteMany({ where: { id: activityId, participantId, source: "SELF_REPORTED", participant: { anonymizedAt: null } } });
    if (count === 0) return { ok: false, reason: "not_found" } as const;
    await tx.participant.update({ where: { id: participantId }, data: { lastActiveAt: now } });
    return { ok: true } as const;
  });
}
