import "server-only";
import { toEmailEvent, type EmailEvent } from "@/lib/emails/types";
import { getDb } from "@/lib/server/db";

// The event as mails describe it, for mail the system sends on a schedule (reminders, surveys, campaigns).
// Mails caused by a seat change take the same snapshot from the locked row (lib/registrations/mutations.ts).

const ROLE_ORDER = { HOST: 0, CO_HOST: 1 } as const;

export async function getEmailEvents(eventIds: readonly string[]): Promise<Map<string, EmailEvent>> {
  if (eventIds.length === 0) return new Map();
  const events = await getDb().event.findMany({
    where: { id: { in: [...eventIds] } },
    include: { organizers: { include: { organization: true } } },
  });
  return new Map(
    events.map((event) => {
      // Hosts first, then by name: the order of the seat-change mails (ORDER BY role, nameJa in SQL).
      const organisers = [...event.organizers].sort(
        (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.organization.nameJa < b.organization.nameJa ? -1 : a.organization.nameJa > b.organization.nameJa ? 1 : 0),
      );
      const snapshot = toEmailEvent({
        ...event,
        organizersJa: organisers.map((o) => o.organization.nameJa).join(" × "),
        organizersEn: organisers.map((o) => o.organization.nameEn).join(" × "),
      });
      return [event.id, snapshot] as const;
    }),
  );
}
