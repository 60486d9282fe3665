import "server-only";
import type { Staff } from "@/lib/server/auth";
import { REGISTRATION_STATUSES, type RegistrationStatus } from "@/lib/registrations/staff/schema";
import { getDb } from "@/lib/server/db";
import { eventScope } from "@/lib/staff/scope";
import { eventPageSelect, withSeatsTaken } from "@/lib/events/data";

/** The staff home: the events in the staff member's scope, newest first, with counts by state. */
export async function listStaffEvents(staff: Pick<Staff, "organizationId">) {
  const db = getDb();
  const events = await db.event.findMany({
    where: eventScope(staff),
    orderBy: { startsAt: "desc" },
    select: {
      id: true, slug: true, status: true, titleJa: true, titleEn: true, startsAt: true, endsAt: true, capacity: true, approvalRequired: true,
      // Who reviews the approval queue (the home links each reviewer to its queue).
      reviewerKind: true, ownerOrganizationId: true, organizers: { select: { organizationId: true, organization: { select: { kind: true } } } },
    },
  });
  const counts = await db.registration.groupBy({
    by: ["eventId", "status"],
    where: { eventId: { in: events.map((e) => e.id) } },
    _count: { _all: true },
  });
  return events.map((event) => {
    const of = (status: string) => counts.find((c) => c.eventId === event.id && c.status === status)?._count._all ?? 0;
    return { ...event, confirmed: of("CONFIRMED") + of("ATTENDED") + of("OFFERED"), waitlisted: of("WAITLISTED"), pending: of("PENDING") };
  });
}

/** One event in the staff member's scope, or null (another organisation's event answers as if it did not exist). */
export async function getStaffEvent(staff: Pick<Staff, "organizationId">, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
  return getDb().event.findFirst({
    where: { id: eventId, ...eventScope(staff) },
    include: { questions: { orderBy: { position: "asc" } }, organizers: { include: { organization: true } } },
  });
}

/**
 * The event page as the public would see it, in any status (a draft included), for the staff preview: only
 * events in the staff member's scope, so nobody previews another organisation's draft.
 */
export async function getStaffEventPreview(staff: Pick<Staff, "organizationId">, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
  const event = await getDb().event.findFirst({ where: { id: eventId, ...eventScope(staff) }, select: eventPageSelect });
  return event ? withSeatsTaken(event) : null;
}

/**
 * Registrations of one event by state (counts only, no personal data), for the overview and the cancel
 * confirmation ("N people will be told"). Null when the event is not in the staff member's scope.
 */
export async function countEventRegistrations(
  staff: Pick<Staff, "organizationId">,
  eventId: string,
): Promise<Record<RegistrationStatus, number> | null> {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
  const db = getDb();
  const [event, rows] = await Promise.all([
    db.event.findFirst({ where: { id: eventId, ...eventScope(staff) }, select: { id: true } }),
    db.registration.groupBy({ by: ["status"], where: { eventId, event: eventScope(staff) }, _count: { _all: true } }),
  ]);
  if (!event) return null;
  const counts = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
  for (const row of rows) counts[row.status] = row._count._all;
  return counts;
}
