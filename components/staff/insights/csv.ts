import { formatJst } from "@/lib/export/columns";
import type { Locale } from "@/lib/i18n/config";
import { STAGES } from "@/lib/insights/stages";
import type { BreakdownRow, Cell, Dashboard, DashboardFilter, Rate } from "@/lib/insights/types";
import { isWithheld, rateContexts, SUPPRESSED, type RateContext } from "@/components/staff/insights/format";
import { formatDateTime } from "@/lib/time/format";
import type { Breakdown, Labels } from "@/components/staff/insights/labels";

// The dashboard as one long table for the city's reports: one figure per row, so the file sorts, filters and
// pivots in Excel without reshaping. Machine-readable codes (section, item, key, unit) never change with the
// reader's language; both languages' labels are in every row. The header is fixed and bilingual because
// scripts and pivot tables refer to it.
//
// Withheld cells (the city's view: 1–4 people, or hidden so that another cannot be worked out from a total):
// the value is left blank, so SUM and AVERAGE skip it instead of choking on text, and the "suppressed" column
// says × for either reason (the header says both). A blank value without that mark means there is nothing to
// compute (a rate over zero people). Rates and shares are fractions (0.4667 = 46.67 %).

export const INSIGHTS_CSV_HEADER = [
  "区分 section",
  "項目 item",
  "キー key",
  "ラベル（日本語） label (ja)",
  "ラベル（英語） label (en)",
  "単位 unit",
  "値 value（空欄で秘匿欄に×があれば秘匿 / blank with × in suppressed: withheld）",
  "秘匿 suppressed（× = 5人未満、または他の数から逆算されないよう秘匿 / fewer than 5, or withheld so that another figure cannot be worked out）",
  "割合 share（0–1）",
] as const;

export type CsvUnit = "" | "people" | "registrations" | "attendances" | "events" | "responses" | "ratio" | "score";

type Row = string[];

const ratio = (value: number) => String(Math.round(value * 10_000) / 10_000);

export function insightsCsvRows(
  dashboard: Dashboard,
  labels: { ja: Labels; en: Labels },
  context: { organization: { ja: string; en: string }; eventTitle: (id: string, locale: Locale) => string | null },
): Row[] {
  const { ja, en } = labels;
  const rows: Row[] = [];

  const push = (section: string, item: string, key: string, labelJa: string, labelEn: string, unit: CsvUnit, value: string, suppressed: boolean, share = "") =>
    rows.push([section, item, key, labelJa, labelEn, unit, value, suppressed ? SUPPRESSED : "", share]);
  const count = (section: string, item: string, unit: CsvUnit, cell: Cell, key = "", labelJa = ja.figure(section, item), labelEn = en.figure(section, item)) =>
    push(section, item, key, labelJa, labelEn, unit, cell === null ? "" : String(cell), cell === null);
  const rate = (section: string, item: string, value: Rate, context: RateContext, key = "", labelJa = ja.figure(section, item), labelEn = en.figure(section, item)) =>
    push(section, item, key, labelJa, labelEn, "ratio", value === null ? "" : ratio(value), isWithheld(value, context));
  // One "suppressed" mark per row, for the count: a share is withheld with its count, or with a withheld total
  // (then every non-zero count of the breakdown is withheld too).
  const breakdown = (section: Breakdown, unit: CsvUnit, list: BreakdownRow[]) => {
    for (const row of list) {
      const value = row.count === null ? "" : String(row.count);
      push(section, unit, row.key, ja.breakdown(section, row.key), en.breakdown(section, row.key), unit, value, row.count === null, row.share === null ? "" : ratio(row.share));
    }
  };
  const contexts = rateContexts(dashboard);

  // What the figures are for, so a file on its own still says which report it is.
  const { filter } = dashboard;
  const meta = (item: string, key: string, labelJa: string, labelEn: string) => push("meta", item, key, labelJa, labelEn, "", "", false);
  meta("period", `${filter.period.firstDay}/${filter.period.lastDay}`, ja.period(filter.period), en.period(filter.period));
  meta("eventSet", eventSetKey(filter), ja.eventSet(filter, (id) => context.eventTitle(id, "ja")), en.eventSet(filter, (id) => context.eventTitle(id, "en")));
  meta("view", dashboard.suppressed ? "city" : "full", ja.view(dashboard.suppressed), en.view(dashboard.suppressed));
  meta("organization", "", context.organization.ja, context.organization.en);
  meta("computedAt", formatJst(dashboard.computedAt), formatDateTime(dashboard.computedAt, "ja"), formatDateTime(dashboard.computedAt, "en"));
  meta("stagesAsOf", formatJst(dashboard.stagesAsOf), formatDateTime(dashboard.stagesAsOf, "ja"), formatDateTime(dashboard.stagesAsOf, "en"));

  push("events", "count", "", ja.figure("events", "count"), en.figure("events", "count"), "events", String(dashboard.events.count), false);
  push("events", "held", "", ja.figure("events", "held"), en.figure("events", "held"), "events", String(dashboard.events.held), false);

  const p = dashboard.people;
  count("people", "registrants", "people", p.registrants);
  count("people", "registrations", "registrations", p.registrations);
  count("people", "attendees", "people", p.attendees);
  count("people", "attendances", "attendances", p.attendances);
  count("people", "newAttendees", "people", p.newAttendees);
  count("people", "returningAttendees", "people", p.returningAttendees);
  count("people", "repeaters", "people", p.repeaters);
  rate("people", "repeatRate", p.repeatRate, contexts.repeatRate);
  rate("people", "attendanceRate", p.attendanceRate, contexts.attendanceRate);
  count("people", "noShows", "attendances", p.noShows);
  rate("people", "noShowRate", p.noShowRate, contexts.noShowRate);

  const w = dashboard.waitlist;
  count("waitlist", "registrations", "registrations", w.registrations);
  count("waitlist", "people", "people", w.people);
  count("waitlist", "gotSeat", "registrations", w.gotSeat);
  rate("waitlist", "gotSeatRate", w.gotSeatRate, contexts.gotSeatRate);

  for (const step of dashboard.funnel) count("funnel", "reached", "people", step.reached, step.stage, ja.stage(step.stage), en.stage(step.stage));
  dashboard.funnel.forEach((step, i) => {
    if (i === 0) return;
    const name = (l: Labels) => `${l.stage(STAGES[i - 1]!)}→${l.stage(step.stage)}`;
    rate("funnel", "conversion", step.conversion, contexts.conversion(i), step.stage, name(ja), name(en));
  });
  count("funnel", "premium", "people", dashboard.premium);

  breakdown("residence", "people", dashboard.residence);
  breakdown("interests", "people", dashboard.interests);
  breakdown("relationships", "people", dashboard.relationships);
  breakdown("howHeard", "people", dashboard.howHeard);

  for (const row of dashboard.campaigns) {
    const key = campaignKey(row);
    const label = ja.campaign(row);
    push("campaigns", "people", key, label, label, "people", row.count === null ? "" : String(row.count), row.count === null);
  }

  const s = dashboard.survey;
  count("survey", "responses", "responses", s.responses);
  push(
    "survey",
    "satisfactionMean",
    "",
    ja.figure("survey", "satisfactionMean"),
    en.figure("survey", "satisfactionMean"),
    "score",
    s.satisfactionMean === null ? "" : ratio(s.satisfactionMean),
    isWithheld(s.satisfactionMean, contexts.satisfactionMean),
  );
  breakdown("satisfaction", "responses", s.satisfaction);
  breakdown("joinAgain", "responses", s.joinAgain);
  breakdown("nextSteps", "responses", s.nextSteps);

  for (const event of dashboard.events.rows) {
    const when = formatJst(event.startsAt).slice(0, 10);
    const title = (l: Labels, text: string) => `${text}（${when}・${l.area(event.area)}・${l.kind(event.kind)}・${l.status(event.status)}）`;
    const labelJa = title(ja, event.titleJa);
    const labelEn = title(en, event.titleEn ?? event.titleJa);
    count("perEvent", "registrations", "registrations", event.registrations, event.id, labelJa, labelEn);
    count("perEvent", "attended", "attendances", event.attended, event.id, labelJa, labelEn);
    count("perEvent", "noShow", "attendances", event.noShow, event.id, labelJa, labelEn);
  }
  return rows;
}

/** `area=OGAKI;kind=TALK;event=<id>` (empty: every event of the period). */
export function eventSetKey(filter: DashboardFilter): string {
  return [...filter.areas.map((a) => `area=${a}`), ...filter.kinds.map((k) => `kind=${k}`), ...filter.eventIds.map((id) => `event=${id}`)].join(";");
}

/** `utm_source=…;utm_medium=…;utm_campaign=…;ref=…`, the parts that were recorded. */
export function campaignKey(row: { source: string | null; medium: string | null; campaign: string | null; ref: string | null }): string {
  const parts: [string, string | null][] = [
    ["utm_source", row.source],
    ["utm_medium", row.medium],
    ["utm_campaign", row.campaign],
    ["ref", row.ref],
  ];
  return parts
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `${name}=${value}`)
    .join(";");
}

/** `kankei-jinkou-FY2026.csv`, `kankei-jinkou-20260501-20260630.csv`; `-city` for the suppressed view. */
export function insightsCsvFileName(dashboard: Dashboard): { ascii: string; utf8: string } {
  const { period } = dashboard.filter;
  const span = period.fiscalYear !== null ? `FY${period.fiscalYear}` : `${period.firstDay.replaceAll("-", "")}-${period.lastDay.replaceAll("-", "")}`;
  const spanJa = period.fiscalYear !== null ? `${period.fiscalYear}年度` : `${period.firstDay.replaceAll("-", "")}-${period.lastDay.replaceAll("-", "")}`;
  const city = dashboard.suppressed;
  return {
    ascii: `kankei-jinkou-${span}${city ? "-city" : ""}.csv`,
    utf8: `関係人口_${spanJa}${city ? "_市提供用" : ""}.csv`,
  };
}
