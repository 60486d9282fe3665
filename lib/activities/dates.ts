import { TIME_ZONE, type Locale } from "@/lib/i18n/config";

// Activities are dated by Japan-time calendar day (Activity.occurredOn is a `date` column, read back as UTC
// midnight of that day). These helpers keep every comparison and every label on that day, whatever the
// server's TZ.

const JST_OFFSET_MS = 9 * 3_600_000;

/** The Japan-time calendar day of an instant, as YYYY-MM-DD. */
export function jstDay(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar day a `date` column holds (UTC midnight of that day), as YYYY-MM-DD. */
export function storedDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD day as the value Prisma writes to a `date` column. */
export function dayToStored(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

const dayFormatters = new Map<Locale, Intl.DateTimeFormat>();

/**
 * `2026年3月5日(木)` / `Thu, 5 Mar 2026`. Works for instants (shown on their Japan-time day) and for stored
 * days alike: UTC midnight of a day is 09:00 that same day in Japan.
 */
export function formatDay(date: Date, locale: Locale): string {
  let formatter = dayFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
      timeZone: TIME_ZONE,
      year: "numeric",
      month: locale === "ja" ? "numeric" : "short",
      day: "numeric",
      weekday: "short",
    });
    dayFormatters.set(locale, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return locale === "ja"
    ? `${parts.year}年${parts.month}月${parts.day}日(${parts.weekday})`
    : `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}`;
}
