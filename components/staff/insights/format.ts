import type { Locale } from "@/lib/i18n/config";
import { parseDay } from "@/lib/insights/period";
import type { Cell, Dashboard, Rate } from "@/lib/insights/types";

// How the dashboard's figures read as text, on the page, in print and in the CSV's labels. A null count is a
// withheld cell (the city's view): 1–4 people, or hidden so that another cannot be worked out. Both carry the
// same mark, which claims no range ("<5" was false for the second kind). A null rate is either withheld (a count
// it comes from is hidden) or has nothing to divide by, and the two must not look alike: × is not "no data".

export const SUPPRESSED = "×";
export const NOT_APPLICABLE = "—";

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(n: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === "ja" ? "ja-JP" : "en-GB");
    numberFormats.set(locale, format);
  }
  return format.format(n);
}

export function formatCell(cell: Cell, locale: Locale): string {
  return cell === null ? SUPPRESSED : formatNumber(cell, locale);
}

/**
 * Why a rate may be missing. A null rate in the full view always means "nothing to divide by"; in the city's
 * view it is withheld unless its denominator is known to be zero.
 */
export type RateContext = { suppressed: boolean; zero: boolean };

/** A null rate that stands for a withheld figure (×), not for one that cannot be computed ("—"). */
export const isWithheld = (value: number | null, context: RateContext) => value === null && context.suppressed && !context.zero;

/** A percentage with one decimal. */
export function formatRate(rate: Rate, context: RateContext): string {
  if (rate !== null) return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
  return isWithheld(rate, context) ? SUPPRESSED : NOT_APPLICABLE;
}

/** A mean (the survey's 1–5 satisfaction) with one decimal. */
export function formatMean(mean: number | null, context: RateContext): string {
  if (mean !== null) return mean.toFixed(1);
  return isWithheld(mean, context) ? SUPPRESSED : NOT_APPLICABLE;
}

/** The contexts of the dashboard's rates: when each one's denominator is known to be zero. */
export function rateContexts(dashboard: Dashboard) {
  const suppressed = dashboard.suppressed;
  const { people, waitlist, survey, events, funnel } = dashboard;
  const noneHeld = events.held === 0;
  return {
    repeatRate: { suppressed, zero: people.attendees === 0 },
    attendanceRate: { suppressed, zero: noneHeld || people.registrations === 0 },
    noShowRate: { suppressed, zero: noneHeld || (people.attendances === 0 && people.noShows === 0) },
    gotSeatRate: { suppressed, zero: waitlist.registrations === 0 },
    satisfactionMean: { suppressed, zero: survey.responses === 0 },
    /** Conversion into funnel step `i` (from step i - 1). */
    conversion: (i: number): RateContext => ({ suppressed, zero: funnel[i - 1]?.reached === 0 }),
    /** A breakdown's shares, of `total` people or responses. */
    share: (total: Cell): RateContext => ({ suppressed, zero: total === 0 }),
  };
}

/** Whether a formatted figure is a suppressed cell (styled and explained by the legend). */
export const isSuppressedText = (text: string) => text === SUPPRESSED;

/** A JST calendar day (YYYY-MM-DD): `2026年4月1日` / `1 Apr 2026`. */
export function formatDay(day: string, locale: Locale): string {
  const d = parseDay(day);
  if (!d) return day;
  if (locale === "ja") return `${d.year}年${d.month}月${d.day}日`;
  const month = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(d.year, d.month - 1, 1)));
  return `${d.day} ${month} ${d.year}`;
}

/**
 * A bar's width in a chart cell, as CSS: a share of the cell, at least a sliver when the value is not zero (so
 * 1 of 2,000 is still seen), nothing for zero or a withheld value.
 */
export function barWidth(part: Cell, whole: number | null): string {
  if (part === null || part <= 0 || whole === null || whole <= 0) return "0";
  return `max(2px, ${Math.min(100, (part / whole) * 100).toFixed(1)}%)`;
}
