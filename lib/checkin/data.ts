import "server-only";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { eventScope } from "@/lib/staff/scope";

/** The people the door expects (confirmed), has seen (attended) or marked absent (no-show), by furigana. */
export const CHECKIN_LIST_STATUSES = ["CONFIRMED", "ATTENDED", "NO_SHOW"] as const;

/**
 * The check-in list of one event in the staff member's scope: only what the door needs (name, furigana,
 * check-in code, state), never contact details or answers.
 */
export async function listCheckinRegistrations(staff: Pick<Staff, "organizationId">, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return [];
  const rows = await getDb().registration.findMany({
    where: { eventId, event: eventScope(staff), status: { in: [...CHECKIN_LIST_STATUSES] } },
    select: {
      id: true,
      status: true,
      checkinCode: true,
      checkedInAt: true,
      participant: { select: { name: true, furigana: true } },
    },
    orderBy: [{ participant: { furigana: "asc" } }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    status: r.status as (typeof CHECKIN_LIST_STATUSES)[number],
    checkinCode: r.checkinCode,
    checkedInAt: r.checkedInAt,
    name: r.participant.name,
    furigana: r.participant.furigana,
  }));
}

/**
 * The check-in code of a registration that holds a confirmed place, for the mail worker (the confirmation
 * and approval mails carry it next to the QR code); null otherwise (cancelled before the mail went out).
 */
export async function getMailCheckinCode(registrationId: string): Promise<string | null> {
  const row = await getDb().registration.findFirst({
    where: { id: registrationId, status: { in: ["CONFIRMED", "ATTENDED"] } },
    select: { checkinCode: true },
  });
  return row?.checkinCode ?? null;
}

/** Whether the event is over, so unmarked confirmed people may be recorded as no-shows. */
export function eventHasEnded(event: { endsAt: Date }, now: Date = new Date()): boolean {
  return event.endsAt.getTime() <= now.getTime();
}
