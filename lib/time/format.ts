import { TIME_ZONE, type Locale } from "@/lib/i18n/config";

// Times are stored in UTC and always shown in Asia/Tokyo, whatever the server's TZ.

type Parts = { year: string; month: string; day: string; weekday: string; hour: string; minute: string };

const partFormatters = new Map<Locale, Intl.DateTimeFormat>();

function tokyoParts(date: Date, locale: Locale): Parts {
  let formatter = partFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
      timeZone: TIME_ZONE,
      year: "numeric",
      month: locale === "ja" ? "numeric" : "short",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partFormatters.set(locale, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    weekday: parts.weekday ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
  };
}

function day(p: Parts, locale: Locale, withYear = true): string {
  if (locale === "ja") return `${withYear ? `${p.year}年` : ""}${p.month}月${p.day}日(${p.weekday})`;
  return `${p.weekday}, ${p.day} ${p.month}${withYear ? ` ${p.year}` : ""}`;
}

const time = (p: Parts) => `${p.hour}:${p.minute}`;

/** `2026年12月12日(土) 14:00–17:00` / `Sat, 12 Dec 2026, 14:00–17:00` (JST). */
export function formatEventDateRange(start: Date, end: Date, locale: Locale): string {
  const s = tokyoParts(start, locale);
  const e = tokyoParts(end, locale);
  const sep = locale === "ja" ? " " : ", ";
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day;
  if (sameDay) return `${day(s, locale)}${sep}${time(s)}–${time(e)}`;
  return `${day(s, locale)}${sep}${time(s)} – ${day(e, locale, s.year !== e.year)}${sep}${time(e)}`;
}

/** A single instant: `2026年12月5日(土) 23:59` / `Sat, 5 Dec 2026, 23:59` (JST). */
export function formatDateTime(date: Date, locale: Locale): string {
  const p = tokyoParts(date, locale);
  return `${day(p, locale)}${locale === "ja" ? " " : ", "}${time(p)}`;
}
