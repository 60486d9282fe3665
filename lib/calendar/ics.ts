import { TIME_ZONE } from "@/lib/i18n/config";

// iCalendar (RFC 5545) for one event, and the Google Calendar "add event" link.

export type IcsInput = {
  uid: string;
  sequence: number;
  method: "PUBLISH" | "CANCEL";
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location?: string;
  url?: string;
  organizerName: string;
  organizerEmail: string;
  now?: Date;
};

export const PRODID = "-//Work Design Lab x Ogaki City//Events//JA";

const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const MAX_LINE_OCTETS = 75;

/** Stable per event, so a later mail for the same event replaces the calendar entry instead of adding one. */
export function eventUid(eventId: string): string {
  return `event-${eventId}@ogaki-kankei`;
}

/** Minutes since 2020-01-01 of the event's last change: grows with every edit, so calendars take the newest. */
export function eventSequence(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - SEQUENCE_EPOCH) / 60_000));
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, "\\n");
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/** Folds a content line at 75 octets of UTF-8, never inside a character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    // Continuation lines begin with a space, which counts towards their 75 octets.
    const limit = out.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

// Japan has kept +09:00 without daylight saving since 1951, so the shift is exact and matches the VTIMEZONE.
function tokyoLocal(date: Date): string {
  return basic(new Date(date.getTime() + JST_OFFSET_MS)).slice(0, -1);
}

/** `YYYYMMDDTHHMMSSZ` */
function basic(date: Date): string {
  return date.toISOString().replace(/\.\d{3}/, "").replace(/[-:]/g, "");
}

// Values that are not TEXT (UID, URI, parameter values) cannot be escaped, only kept on one line.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ");
const httpUrl = (value: string | undefined) => (value && /^https?:\/\//i.test(value) ? oneLine(value) : undefined);

export function buildIcs(input: IcsInput): string {
  const url = httpUrl(input.url);
  const organizerName = oneLine(input.organizerName).replace(/"/g, "'");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${input.method}`,
    "BEGIN:VTIMEZONE",
    `TZID:${TIME_ZONE}`,
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    `UID:${oneLine(input.uid)}`,
    `SEQUENCE:${Math.trunc(input.sequence)}`,
    `DTSTAMP:${basic(input.now ?? new Date())}`,
    `DTSTART;TZID=${TIME_ZONE}:${tokyoLocal(input.start)}`,
    `DTEND;TZID=${TIME_ZONE}:${tokyoLocal(input.end)}`,
    `SUMMARY:${escapeText(input.summary)}`,
    `DESCRIPTION:${escapeText(input.description)}`,
    ...(input.location ? [`LOCATION:${escapeText(input.location)}`] : []),
    ...(url ? [`URL:${url}`] : []),
    `ORGANIZER;CN="${organizerName}":mailto:${oneLine(input.organizerEmail)}`,
    `STATUS:${input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

export type GoogleCalendarInput = { title: string; start: Date; end: Date; details?: string; location?: string };

export function googleCalendarUrl({ title, start, end, details, location }: GoogleCalendarInput): string {
  const params = new URLSearchParams({ action: "TEMPLATE", text: title, dates: `${basic(start)}/${basic(end)}` });
  if (details) params.set("details", details);
  if (location) params.set("location", location);
  params.set("ctz", TIME_ZONE);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
