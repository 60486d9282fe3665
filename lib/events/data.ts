import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/server/db";
import { SEAT_HOLDING_STATUSES } from "@/lib/registrations/states";

const PUBLIC_STATUSES = ["PUBLISHED", "CLOSED", "CANCELLED"] as const;

const publicEventSelect = {
  id: true,
  slug: true,
  status: true,
  titleJa: true,
  titleEn: true,
  summaryJa: true,
  summaryEn: true,
  startsAt: true,
  endsAt: true,
  format: true,
  area: true,
  kind: true,
  venueName: true,
  capacity: true,
  waitlistEnabled: true,
  approvalRequired: true,
  registrationOpensAt: true,
  registrationClosesAt: true,
  feeJa: true,
  feeEn: true,
  organizers: {
    orderBy: { role: "asc" },
    select: { role: true, organization: { select: { nameJa: true, nameEn: true } } },
  },
} as const;

async function seatsTakenByEvent(eventIds: string[]): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await getDb().registration.groupBy({
    by: ["eventId"],
    where: { eventId: { in: eventIds }, status: { in: [...SEAT_HOLDING_STATUSES] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.eventId, row._count._all]));
}

/** Published, closed and cancelled events for the public list: upcoming first (soonest first), then the archive. */
export async function listPublicEvents(now: Date, options: { archiveLimit?: number } = {}) {
  const db = getDb();
  const [upcoming, past] = await Promise.all([
    db.event.findMany({
      where: { status: { in: [...PUBLIC_STATUSES] }, endsAt: { gt: now } },
      orderBy: { startsAt: "asc" },
      select: publicEventSelect,
    }),
    db.event.findMany({
      where: { status: { in: [...PUBLIC_STATUSES] }, endsAt: { lte: now } },
      orderBy: { startsAt: "desc" },
      take: options.archiveLimit ?? 24,
      select: publicEventSelect,
    }),
  ]);
  const seats = await seatsTakenByEvent(upcoming.map((event) => event.id));
  const withSeats = <T extends { id: string }>(event: T) => ({ ...event, seatsTaken: seats.get(event.id) ?? 0 });
  return { upcoming: upcoming.map(withSeats), past: past.map(withSeats) };
}

export type PublicEventSummary = Awaited<ReturnType<typeof listPublicEvents>>["upcoming"][number];

/**
 * One public event by slug (drafts are not public), with its seats taken. Once per request: the page and its
 * metadata both ask (React's cache; outside a render, e.g. in route handlers, every call queries).
 */
export const getPublicEvent = cache(async (slug: string) => {
  const event = await getDb().event.findFirst({ where: { slug, status: { in: [...PUBLIC_STATUSES] } }, select: eventPageSelect });
  return event ? withSeatsTaken(event) : null;
});

/** What the event page shows (the public page and the staff preview of it read the same fields). */
export const eventPageSelect = {
  ...publicEventSelect,
  descriptionJa: true,
  descriptionEn: true,
  venueAddress: true,
  venueMapUrl: true,
  imageUrl: true,
  updatedAt: true,
} as const;

/** An event page's row with its seats taken. */
export async function withSeatsTaken<T extends { id: string }>(event: T): Promise<T & { seatsTaken: number }> {
  const seats = await seatsTakenByEvent([event.id]);
  return { ...event, seatsTaken: seats.get(event.id) ?? 0 };
}

export type PublicEvent = NonNullable<Awaited<ReturnType<typeof getPublicEvent>>>;
