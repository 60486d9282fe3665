import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RegistrationStatus } from "@/lib/generated/prisma/enums";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { eventScope } from "@/lib/staff/scope";
import { checkinOpensAt } from "@/lib/checkin/window";

// Check-in at the door and no-show marking after the event (DESIGN.md §3: after the event CONFIRMED →
// ATTENDED | NO_SHOW). Transitions are guarded in SQL (`… WHERE status = 'CONFIRMED'`), so two phones
// scanning the same code, or a double tap, check a person in once: the second answer is "already checked in"
// and changes nothing. Every change appends a history row and an audit entry. ATTENDED keeps the seat, so a
// check-in needs no event lock; the changes that free or take a seat (no-show marking, correcting a no-show)
// take the event row lock first, like every seat change.

type Tx = Prisma.TransactionClient;
type CheckinStaff = Pick<Staff, "id" | "organizationId">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A registration id (from a verified QR token or the list), or an event's check-in code typed at the door. */
export type CheckinTarget = string | { eventId: string; registrationId: string } | { eventId: string; checkinCode: string };

export type CheckinMethod = "list" | "qr" | "code";

export type CheckinPerson = { registrationId: string; eventId: string; name: string | null; furigana: string | null };

export type CheckinRefusal =
  | "not_found" // no such registration in the staff member's events, or no such code at this event
  | "other_event" // a valid ticket, for another event
  | "cancelled" // cancelled or declined
  | "not_confirmed" // pending, waitlisted, offered: no confirmed place
  | "event_cancelled"
  | "too_early" // before the door opens (lib/checkin/window.ts)
  | "full"; // a no-show correction with every seat taken

export type CheckinOutcome =
  | { ok: true; already: boolean; person: CheckinPerson; checkedInAt: Date | null; from: "CONFIRMED" | "NO_SHOW" | "ATTENDED" }
  | {
      ok: false;
      reason: CheckinRefusal;
      person?: CheckinPerson;
      otherEvent?: { titleJa: string; titleEn: string | null; startsAt: Date };
      opensAt?: Date;
    };

function lookup(target: CheckinTarget): Prisma.RegistrationWhereInput | null {
  if (typeof target === "string") return UUID.test(target) ? { id: target } : null;
  if (!UUID.test(target.eventId)) return null;
  if ("registrationId" in target) return UUID.test(target.registrationId) ? { id: target.registrationId } : null;
  return { eventId: target.eventId, checkinCode: target.checkinCode };
}

/** Takes the event row lock (seat changes), within the staff member's scope. */
async function lockScopedEvent(tx: Tx, staff: CheckinStaff, eventId: string) {
  const event = await tx.event.findFirst({ where: { id: eventId, ...eventScope(staff) }, select: { id: true } });
  if (!event) return null;
  const [locked] = await tx.$queryRaw<{ status: string; endsAt: Date; capacity: number | null }[]>`
    SELECT status::text AS status, "endsAt", capacity FROM "Event" WHERE id = ${eventId}::uuid FOR UPDATE`;
  if (!locked) return null;
  const [counts] = await tx.$queryRaw<{ seats: number }[]>`
    SELECT count(*)::int AS seats FROM "Registration"
    WHERE "eventId" = ${eventId}::uuid AND status IN ('CONFIRMED', 'OFFERED', 'ATTENDED')`;
  return { ...locked, seats: counts?.seats ?? 0 };
}

async function history(tx: Tx, rows: { id: string; from: RegistrationStatus; to: RegistrationStatus }[], staff: CheckinStaff, reason: string, now: Date) {
  if (rows.length === 0) return;
  await tx.registrationTransition.createMany({
    data: rows.map((r) => ({
      registrationId: r.id,
      fromStatus: r.from,
      toStatus: r.to,
      actorType: "STAFF" as const,
      actorUserId: staff.id,
      reason,
      createdAt: now,
    })),
  });
}

/**
 * Checks a person in: CONFIRMED → ATTENDED with the time and the staff member. Checking in twice answers
 * "already checked in" and changes nothing. A ticket of another event, a cancelled registration or one
 * without a confirmed place is refused. A person marked no-show by mistake can be checked in (a correction,
 * within capacity).
 */
export async function checkIn(
  target: CheckinTarget,
  staff: CheckinStaff,
  options: { method?: CheckinMethod; now?: Date } = {},
): Promise<CheckinOutcome> {
  const where = lookup(target);
  if (!where) return { ok: false, reason: "not_found" };
  const now = options.now ?? new Date();
  const outcome = await getDb().$transaction(async (tx): Promise<CheckinOutcome> => {
    const found = await tx.registration.findFirst({
      where: { ...where, event: eventScope(staff) },
      select: {
        id: true,
        eventId: true,
        participant: { select: { name: true, furigana: true } },
        event: { select: { status: true, titleJa: true, titleEn: true, startsAt: true } },
      },
    });
    if (!found) {
      // A code typed at the wrong door: codes are unique within an event only, so name the event (of this
      // staff member's organisation) the code belongs to, the one nearest in time if there are several.
      if (typeof target === "string" || !("checkinCode" in target)) return { ok: false, reason: "not_found" };
      const elsewhere = await tx.registration.findMany({
        where: { checkinCode: target.checkinCode, eventId: { not: target.eventId }, event: eventScope(staff) },
        select: { event: { select: { titleJa: true, titleEn: true, startsAt: true } } },
        take: 5,
      });
      const nearest = elsewhere
        .map((r) => r.event)
        .sort((a, b) => Math.abs(a.startsAt.getTime() - now.getTime()) - Math.abs(b.startsAt.getTime() - now.getTime()))[0];
      return nearest ? { ok: false, reason: "other_event", otherEvent: nearest } : { ok: false, reason: "not_found" };
    }
    const person: CheckinPerson = { registrationId: found.id, eventId: found.eventId, ...found.participant };
    if (typeof target !== "string" && found.eventId !== target.eventId) {
      const { titleJa, titleEn, startsAt } = found.event;
      return { ok: false, reason: "other_event", otherEvent: { titleJa, titleEn, startsAt } };
    }
    if (found.event.status === "CANCELLED") return { ok: false, reason: "event_cancelled", person };
    const opensAt = checkinOpensAt(found.event.startsAt);
    if (now < opensAt) return { ok: false, reason: "too_early", person, opensAt };

    const checkedIn = await tx.$queryRaw<{ checkedInAt: Date }[]>`
      UPDATE "Registration"
      SET status = 'ATTENDED', "checkedInAt" = ${now}, "checkedInById" = ${staff.id}::uuid, "updatedAt" = ${now}
      WHERE id = ${found.id}::uuid AND status = 'CONFIRMED'
      RETURNING "checkedInAt"`;
    if (checkedIn.length === 1) {
      await history(tx, [{ id: found.id, from: "CONFIRMED", to: "ATTENDED" }], staff, "checked_in", now);
      return { ok: true, already: false, person, checkedInAt: now, from: "CONFIRMED" };
    }

    // Not confirmed (any more): read the state as it is now to say why.
    const current = await tx.registration.findUniqueOrThrow({ where: { id: found.id }, select: { status: true, checkedInAt: true } });
    switch (current.status) {
      case "ATTENDED":
        return { ok: true, already: true, person, checkedInAt: current.checkedInAt, from: "ATTENDED" };
      case "CANCELLED":
      case "DECLINED":
        return { ok: false, reason: "cancelled", person };
      case "NO_SHOW": {
        // Taking the seat back: under the event lock, within capacity (a seat freed by the no-show may have
        // been given to someone else since).
        const event = await lockScopedEvent(tx, staff, found.eventId);
        if (!event) return { ok: false, reason: "not_found" };
        if (event.capacity !== null && event.seats >= event.capacity) return { ok: false, reason: "full", person };
        const corrected = await tx.$executeRaw`
          UPDATE "Registration"
          SET status = 'ATTENDED', "checkedInAt" = ${now}, "checkedInById" = ${staff.id}::uuid, "updatedAt" = ${now}
          WHERE id = ${found.id}::uuid AND status = 'NO_SHOW'`;
        if (corrected !== 1) return { ok: false, reason: "not_confirmed", person };
        await history(tx, [{ id: found.id, from: "NO_SHOW", to: "ATTENDED" }], staff, "checked_in_after_no_show", now);
        return { ok: true, already: false, person, checkedInAt: now, from: "NO_SHOW" };
      }
      default:
        return { ok: false, reason: "not_confirmed", person };
    }
  });
  if (outcome.ok && !outcome.already) {
    await recordAudit(staff, {
      action: "registration.checkin",
      targetType: "Registration",
      targetId: outcome.person.registrationId,
      eventId: outcome.person.eventId,
      subjectCount: 1,
      detail: { method: options.method ?? "list", from: outcome.from },
    });
  }
  return outcome;
}

export type UndoOutcome = { ok: true; person: CheckinPerson } | { ok: false; reason: "not_found" | "not_checked_in" };

/** Undoes a check-in tapped by mistake: ATTENDED → CONFIRMED (both hold the seat). */
export async function undoCheckIn(
  target: { eventId: string; registrationId: string },
  staff: CheckinStaff,
  options: { now?: Date } = {},
): Promise<UndoOutcome> {
  const where = lookup(target);
  if (!where) return { ok: false, reason: "not_found" };
  const now = options.now ?? new Date();
  const outcome = await getDb().$transaction(async (tx): Promise<UndoOutcome> => {
    const found = await tx.registration.findFirst({
      where: { ...where, eventId: target.eventId, event: eventScope(staff) },
      select: { id: true, eventId: true, participant: { select: { name: true, furigana: true } } },
    });
    if (!found) return { ok: false, reason: "not_found" };
    const undone = await tx.$executeRaw`
      UPDATE "Registration" SET status = 'CONFIRMED', "checkedInAt" = NULL, "checkedInById" = NULL, "updatedAt" = ${now}
      WHERE id = ${found.id}::uuid AND status = 'ATTENDED'`;
    if (undone !== 1) return { ok: false, reason: "not_checked_in" };
    await history(tx, [{ id: found.id, from: "ATTENDED", to: "CONFIRMED" }], staff, "checkin_undone", now);
    return { ok: true, person: { registrationId: found.id, eventId: found.eventId, ...found.participant } };
  });
  if (outcome.ok) {
    await recordAudit(staff, {
      action: "registration.checkin.undo",
      targetType: "Registration",
      targetId: outcome.person.registrationId,
      eventId: outcome.person.eventId,
      subjectCount: 1,
    });
  }
  return outcome;
}

export type NoShowOutcome = { ok: true; marked: number } | { ok: false; reason: "not_found" | "not_ended" | "event_cancelled" };

/**
 * After the event has ended: every confirmed person who was not checked in becomes NO_SHOW, in one
 * transaction under the event lock (it frees seats), each with a history row. Running it again marks nobody.
 */
export async function markNoShows(eventId: string, staff: CheckinStaff, options: { now?: Date } = {}): Promise<NoShowOutcome> {
  if (!UUID.test(eventId)) return { ok: false, reason: "not_found" };
  const now = options.now ?? new Date();
  const outcome = await getDb().$transaction(async (tx): Promise<NoShowOutcome> => {
    const event = await lockScopedEvent(tx, staff, eventId);
    if (!event) return { ok: false, reason: "not_found" };
    if (event.status === "CANCELLED") return { ok: false, reason: "event_cancelled" };
    if (now < event.endsAt) return { ok: false, reason: "not_ended" };
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Registration" SET status = 'NO_SHOW', "updatedAt" = ${now}
      WHERE "eventId" = ${eventId}::uuid AND status = 'CONFIRMED'
      RETURNING id`;
    await history(tx, rows.map((r) => ({ id: r.id, from: "CONFIRMED" as const, to: "NO_SHOW" as const })), staff, "not_checked_in", now);
    return { ok: true, marked: rows.length };
  });
  if (outcome.ok && outcome.marked > 0) {
    await recordAudit(staff, { action: "registrations.mark_no_show", targetType: "Event", targetId: eventId, eventId, subjectCount: outcome.marked });
  }
  return outcome;
}
