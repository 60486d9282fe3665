// Reporting periods for the 関係人口 figures. The city reports by fiscal year (April–March) in Japan time: an
// event belongs to a period by its start in Asia/Tokyo, whatever the server's TZ: an event at 23:30 JST on
// 31 March (14:30 UTC) is in the old fiscal year, one at 00:30 JST on 1 April (15:30 UTC on 31 March) in the new.

const JST_OFFSET_MS = 9 * 3600_000; // Japan has no daylight saving time

/** A half-open interval [from, to) of instants, with the JST calendar days it was made from. */
export type Period = {
  from: Date;
  to: Date;
  /** First and last JST day, YYYY-MM-DD, both inclusive. */
  firstDay: string;
  lastDay: string;
  /** The fiscal year (start year) when the period is exactly one. */
  fiscalYear: number | null;
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight JST at the start of the given JST calendar day. */
function jstMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - JST_OFFSET_MS);
}

function jstDay(date: Date): { year: number; month: number; day: number } {
  const shifted = new Date(date.getTime() + JST_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The JST calendar day of an instant, YYYY-MM-DD. */
export function toJstDay(date: Date): string {
  const d = jstDay(date);
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** The fiscal year (年度, named by the year it starts) an instant falls in, in JST. */
export function fiscalYearOf(date: Date): number {
  const { year, month } = jstDay(date);
  return month >= 4 ? year : year - 1;
}

/** 年度 `fy`: 1 April fy 00:00 JST up to 1 April fy+1 00:00 JST. */
export function fiscalYearPeriod(fy: number): Period {
  return {
    from: jstMidnight(fy, 4, 1),
    to: jstMidnight(fy + 1, 4, 1),
    firstDay: `${pad(fy, 4)}-04-01`,
    lastDay: `${pad(fy + 1, 4)}-03-31`,
    fiscalYear: fy,
  };
}

/** Parses YYYY-MM-DD as a real calendar day, or null. */
export function parseDay(value: string | undefined | null): { year: number; month: number; day: number } | null {
  const match = value ? DAY.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (year < 2000 || year > 2100) return null;
  return { year, month, day };
}

/** From the first to the last JST day, both inclusive; null when a day is invalid or the range is reversed. */
export function dayRangePeriod(firstDay: string, lastDay: string): Period | null {
  const first = parseDay(firstDay);
  const last = parseDay(lastDay);
  if (!first || !last) return null;
  const from = jstMidnight(first.year, first.month, first.day);
  const to = jstMidnight(last.year, last.month, last.day + 1);
  if (to <= from) return null;
  const fy = fiscalYearOf(from);
  const exact = from.getTime() === fiscalYearPeriod(fy).from.getTime() && to.getTime() === fiscalYearPeriod(fy).to.getTime();
  return { from, to, firstDay, lastDay, fiscalYear: exact ? fy : null };
}

/** The fiscal years offered in the period picker: from the first year with events to the current one. */
export function fiscalYearsBetween(first: Date | null, now: Date): number[] {
  const last = fiscalYearOf(now);
  const start = first ? Math.min(fiscalYearOf(first), last) : last;
  const years: number[] = [];
  for (let fy = last; fy >= start; fy -= 1) years.push(fy);
  return years;
}
