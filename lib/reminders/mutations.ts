import "server-only";
import { getEmailEvents } from "@/lib/mail/data";
import { getDb } from "@/lib/server/db";

// Reminders before an event (Event.reminderHoursBefore, by default 3 days and 1 day before). The scheduled
// worker calls this every minute; the dedupe key `reminder:<registration>:<hours>h` makes every run, and any
// number of workers running it at once, create each reminder once.

const HOUR = 3_600_000;
const MAX_LEAD_HOURS = 30 * 24;

/**
 * The reminder due now for an event: of the reminders whose time has come, the latest one (a worker that was
 * down for two days sends the 1-day reminder, not the 3-day one followed by the 1-day one). Null when none is due.
 */
export function dueReminderHours(startsAt: Date, hoursBefore: readonly number[], now: Date): number | null {
  if (startsAt <= now) return null;
  const due = hoursBefore.filter((h) => h > 0 && startsAt.getTime() - h * HOUR <= now.getTime());
  return due.length ? Math.min(...due) : null;
}

/** Writes the outbox rows of every reminder now due; returns how many are new. */
export async function enqueueDueReminders(now: Date = new Date()): Promise<number> {
  const db = getDb();
  const events = await db.event.findMany({
    where: {
      status: { in: ["PUBLISHED", "CLOSED"] },
      startsAt: { gt: now, lte: new Date(now.getTime() + MAX_LEAD_HOURS * HOUR) },
      NOT: { reminderHoursBefore: { isEmpty: true } },
    },
    select: { id: true, startsAt: true, reminderHoursBefore: true },
  });
  const due = events
    .map((event) => ({ event, hours: dueReminderHours(event.startsAt, event.reminderHoursBefore, now) }))
    .filter((d): d is { event: (typeof events)[number]; hours: number } => d.hours !== null);
  if (due.length === 0) return 0;

  const snapshots = await getEmailEvents(due.map((d) => d.event.id));
  let created = 0;
  for (const { event, hours } of due) {
    const snapshot = snapshots.get(event.id);
    if (!snapshot) continue;
    const dueAt = new Date(event.startsAt.getTime() - hours * HOUR);
    // Only people confirmed before the reminder's time: someone confirmed since has just had the confirmation.
    const registrations = await db.registration.findMany({
      where: {
        eventId: event.id,
        status: "CONFIRMED",
        confirmedAt: { lt: dueAt },
        participant: { anonymizedAt: null, email: { not: null } },
      },
      select: { id: true, locale: true, participantId: true, participant: { select: { email: true, name: true } } },
    });
    if (registrations.length === 0) continue;
    const result = await db.outboxMessage.createMany({
      data: registrations.map((r) => ({
        dedupeKey: `reminder:${r.id}:${hours}h`,
        template: "event-reminder",
        category: "REMINDER" as const,
        locale: r.locale,
        toEmail: r.participant.email!,
        toName: r.participant.name,
        participantId: r.participantId,
        registrationId: r.id,
        eventId: event.id,
        payload: { name: r.participant.name ?? "", status: "CONFIRMED", event: snapshot, hoursBefore: hours },
        nextAttemptAt: now,
      })),
      skipDuplicates: true,
    });
    created += result.count;
  }
  return created;
}
