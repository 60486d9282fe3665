// When the door opens. Check-in records that a person came, so it belongs to the event day: a tap or a scan
// weeks before (a staff member trying the page, a participant showing the QR code early) would mark someone
// attended who has not come, and the figures would say so. The door opens at 00:00 JST on the event's day,
// or 3 hours before the start if that is earlier (an event at 00:30 opens its door the evening before).
// Asia/Tokyo has kept UTC+9 without daylight saving since 1951, so JST is a fixed shift of UTC.

const JST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
export const CHECKIN_EARLY_MS = 3 * 3_600_000;

export function checkinOpensAt(startsAt: Date): Date {
  const jstDayStart = Math.floor((startsAt.getTime() + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
  return new Date(Math.min(jstDayStart, startsAt.getTime() - CHECKIN_EARLY_MS));
}

export function checkinIsOpen(event: { startsAt: Date }, now: Date = new Date()): boolean {
  return now.getTime() >= checkinOpensAt(event.startsAt).getTime();
}
