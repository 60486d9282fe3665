import { z } from "zod";
import { dayRangePeriod, fiscalYearOf, fiscalYearPeriod, parseDay, type Period } from "@/lib/insights/period";
import { EVENT_AREAS, EVENT_KINDS, type DashboardFilter, type EventArea, type EventKind } from "@/lib/insights/types";

// The dashboard is driven by its URL (the page, the print page and the CSV read the same parameters, so a
// report can be linked, reloaded and reproduced). Each field is checked on its own: a value that does not fit
// is reported for that field and the field falls back to its default, so a hand-edited URL still shows figures.
//
//   fy=2026                     a fiscal year (April–March, JST); default: the current one
//   from=2026-05-01&to=…        JST days, both inclusive, both required; they override fy
//   area=OGAKI&area=ONLINE      event areas (repeatable); none: all
//   kind=TALK                   event kinds (repeatable); none: all
//   event=<uuid>                events (repeatable); none: every event of the period, areas and kinds
//   view=city                   WDL staff: the city's suppressed view (city staff always get it)

export type SearchParams = Record<string, string | string[] | undefined>;

export const DASHBOARD_FIELDS = ["fy", "from", "to", "area", "kind", "event", "view"] as const;
export type DashboardField = (typeof DASHBOARD_FIELDS)[number];

export const DASHBOARD_ERROR_CODES = [
  "invalid_year",
  "invalid_day",
  "range_incomplete",
  "range_reversed",
  "invalid_choice",
  "invalid_event",
  "too_many_events",
  "invalid_view",
] as const;
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];
export type DashboardErrors = Partial<Record<DashboardField, DashboardErrorCode>>;

/** More events than this in one URL is not a selection anyone made by hand (and would make a huge query). */
export const MAX_EVENTS = 100;

/** The checked request: what the figures are for, and how to ask for them again (links, form values). */
export type DashboardQuery = {
  /** A fiscal year, or a range of JST days (then `fy` is what the form's year select shows). */
  period: { kind: "fiscalYear"; fy: number } | { kind: "days"; from: string; to: string };
  areas: EventArea[];
  kinds: EventKind[];
  eventIds: string[];
  /** The city's suppressed view was asked for (it only changes anything for WDL staff). */
  asCity: boolean;
};

export type ParsedDashboardParams = {
  query: DashboardQuery;
  filter: DashboardFilter;
  errors: DashboardErrors;
  /** The period fields as typed, so the form can show a rejected value next to its error. */
  input: { fy: string; from: string; to: string };
};

const yearSchema = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .pipe(z.number().int().min(2000).max(2099));
const daySchema = z.string().refine((value) => parseDay(value) !== null);
const areaSchema = z.enum(EVENT_AREAS);
const kindSchema = z.enum(EVENT_KINDS);
// Any 8-4-4-4-12 hex id (what the uuid column accepts), lower-cased so the same event is not listed twice.
const eventSchema = z.guid().transform((id) => id.toLowerCase());
const viewSchema = z.literal("city");

/** Every non-empty value of a parameter (an empty form field is the same as no field). */
function values(raw: SearchParams, name: DashboardField): string[] {
  const value = raw[name];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((v) => v.trim()).filter((v) => v !== "");
}

/** The valid values of a repeatable parameter, without duplicates; any invalid one marks the field. */
function many<T extends string>(raw: SearchParams, name: DashboardField, schema: z.ZodType<T>, errors: DashboardErrors, code: DashboardErrorCode): T[] {
  const kept = new Set<T>();
  for (const value of values(raw, name)) {
    const parsed = schema.safeParse(value);
    if (parsed.success) kept.add(parsed.data);
    else errors[name] = code;
  }
  return [...kept];
}

export function parseDashboardParams(raw: SearchParams, now: Date): ParsedDashboardParams {
  const errors: DashboardErrors = {};
  const [fyText = ""] = values(raw, "fy");
  const [fromText = ""] = values(raw, "from");
  const [toText = ""] = values(raw, "to");

  let fy = fiscalYearOf(now);
  if (fyText) {
    const parsed = yearSchema.safeParse(fyText);
    if (parsed.success) fy = parsed.data;
    else errors.fy = "invalid_year";
  }

  let range: Period | null = null;
  if (fromText || toText) {
    const from = fromText ? daySchema.safeParse(fromText) : null;
    const to = toText ? daySchema.safeParse(toText) : null;
    if (from && !from.success) errors.from = "invalid_day";
    if (to && !to.success) errors.to = "invalid_day";
    if (!from) errors.from = "range_incomplete";
    if (!to) errors.to = "range_incomplete";
    if (from?.success && to?.success) {
      range = dayRangePeriod(from.data, to.data);
      if (!range) errors.to = "range_reversed";
    }
  }

  let eventIds = many(raw, "event", eventSchema, errors, "invalid_event");
  if (eventIds.length > MAX_EVENTS) {
    errors.event = "too_many_events";
    eventIds = [];
  }
  const areas = many(raw, "area", areaSchema, errors, "invalid_choice");
  const kinds = many(raw, "kind", kindSchema, errors, "invalid_choice");
  const views = many(raw, "view", viewSchema, errors, "invalid_view");

  const query: DashboardQuery = {
    period: range ? { kind: "days", from: range.firstDay, to: range.lastDay } : { kind: "fiscalYear", fy },
    areas,
    kinds,
    eventIds,
    asCity: views.length > 0,
  };
  return {
    query,
    filter: { period: range ?? fiscalYearPeriod(fy), areas, kinds, eventIds },
    errors,
    input: { fy: fyText, from: fromText, to: toText },
  };
}

/**
 * The query as URL parameters, for the CSV and print links: always the explicit period (a fiscal year link
 * made today still means the same year tomorrow, and next April).
 */
export function dashboardSearchParams(query: DashboardQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.period.kind === "days") {
    params.set("from", query.period.from);
    params.set("to", query.period.to);
  } else {
    params.set("fy", String(query.period.fy));
  }
  for (const area of query.areas) params.append("area", area);
  for (const kind of query.kinds) params.append("kind", kind);
  for (const id of query.eventIds) params.append("event", id);
  if (query.asCity) params.set("view", "city");
  return params;
}

/** A route handler's URLSearchParams in the shape pages receive (repeated names become arrays). */
export function searchParamsRecord(params: URLSearchParams): SearchParams {
  const record: SearchParams = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    record[name] = all.length === 1 ? all[0] : all;
  }
  return record;
}
