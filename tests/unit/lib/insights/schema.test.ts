import { describe, expect, it } from "vitest";
import { fiscalYearPeriod } from "@/lib/insights/period";
import { dashboardSearchParams, MAX_EVENTS, parseDashboardParams, searchParamsRecord } from "@/lib/insights/schema";

// 2026-11-24 10:00 JST: fiscal year 2026. The tests run in a non-Japanese TZ, so the fiscal-year boundary test
// below also proves the default year is taken in Japan time, not the server's.
const NOW = new Date("2026-11-24T01:00:00Z");
const EVENT_A = "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const EVENT_B = "0199A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5C";

describe("parseDashboardParams", () => {
  it("defaults to the current fiscal year (JST), every area, kind and event, the full view", () => {
    const { query, filter, errors } = parseDashboardParams({}, NOW);
    expect(errors).toEqual({});
    expect(query).toEqual({ period: { kind: "fiscalYear", fy: 2026 }, areas: [], kinds: [], eventIds: [], asCity: false });
    expect(filter).toEqual({ period: fiscalYearPeriod(2026), areas: [], kinds: [], eventIds: [] });
  });

  it("takes the current fiscal year from Japan time: 1 April 00:30 JST is already the new year", () => {
    // 31 March 15:30 UTC = 1 April 00:30 JST.
    expect(parseDashboardParams({}, new Date("2027-03-31T15:30:00Z")).query.period).toEqual({ kind: "fiscalYear", fy: 2027 });
    expect(parseDashboardParams({}, new Date("2027-03-31T14:30:00Z")).query.period).toEqual({ kind: "fiscalYear", fy: 2026 });
  });

  it("reads a fiscal year", () => {
    const { filter, errors } = parseDashboardParams({ fy: "2025" }, NOW);
    expect(errors).toEqual({});
    expect(filter.period).toEqual(fiscalYearPeriod(2025));
    expect(filter.period.from.toISOString()).toBe("2025-03-31T15:00:00.000Z");
  });

  it("reads a range of JST days, both inclusive, which overrides the fiscal year", () => {
    const { query, filter, errors } = parseDashboardParams({ fy: "2025", from: "2026-05-01", to: "2026-06-30" }, NOW);
    expect(errors).toEqual({});
    expect(query.period).toEqual({ kind: "days", from: "2026-05-01", to: "2026-06-30" });
    expect(filter.period.from.toISOString()).toBe("2026-04-30T15:00:00.000Z");
    expect(filter.period.to.toISOString()).toBe("2026-06-30T15:00:00.000Z"); // the end of 30 June, JST
    expect(filter.period.fiscalYear).toBeNull();
  });

  it("knows a range that is exactly a fiscal year as that year", () => {
    expect(parseDashboardParams({ from: "2026-04-01", to: "2027-03-31" }, NOW).filter.period.fiscalYear).toBe(2026);
  });

  it("treats empty form fields as absent", () => {
    const { query, errors } = parseDashboardParams({ fy: "", from: "", to: " ", area: "", event: ["", ""] }, NOW);
    expect(errors).toEqual({});
    expect(query).toEqual({ period: { kind: "fiscalYear", fy: 2026 }, areas: [], kinds: [], eventIds: [], asCity: false });
  });

  it("reads repeated areas, kinds and events, without duplicates (event ids lower-cased)", () => {
    const { query, filter, errors } = parseDashboardParams(
      { area: ["OGAKI", "ONLINE", "OGAKI"], kind: "TALK", event: [EVENT_A, EVENT_B, EVENT_A.toUpperCase()] },
      NOW,
    );
    expect(errors).toEqual({});
    expect(query.areas).toEqual(["OGAKI", "ONLINE"]);
    expect(query.kinds).toEqual(["TALK"]);
    expect(query.eventIds).toEqual([EVENT_A, EVENT_B.toLowerCase()]);
    expect(filter).toMatchObject({ areas: ["OGAKI", "ONLINE"], kinds: ["TALK"], eventIds: [EVENT_A, EVENT_B.toLowerCase()] });
  });

  it("reads view=city", () => {
    expect(parseDashboardParams({ view: "city" }, NOW).query.asCity).toBe(true);
  });

  it("reports each invalid field and falls back to its default, keeping the valid ones", () => {
    const { query, filter, errors, input } = parseDashboardParams(
      { fy: "20x6", area: ["OGAKI", "MARS"], kind: "talk", event: [EVENT_A, "not-a-uuid"], view: "wdl" },
      NOW,
    );
    expect(errors).toEqual({ fy: "invalid_year", area: "invalid_choice", kind: "invalid_choice", event: "invalid_event", view: "invalid_view" });
    expect(query).toEqual({ period: { kind: "fiscalYear", fy: 2026 }, areas: ["OGAKI"], kinds: [], eventIds: [EVENT_A], asCity: false });
    expect(filter.period).toEqual(fiscalYearPeriod(2026));
    expect(input.fy).toBe("20x6");
  });

  it("rejects years outside 2000–2099", () => {
    expect(parseDashboardParams({ fy: "1999" }, NOW).errors).toEqual({ fy: "invalid_year" });
    expect(parseDashboardParams({ fy: "12026" }, NOW).errors).toEqual({ fy: "invalid_year" });
  });

  it("needs both ends of a range, and falls back to the fiscal year without them", () => {
    const onlyFrom = parseDashboardParams({ fy: "2025", from: "2026-05-01" }, NOW);
    expect(onlyFrom.errors).toEqual({ to: "range_incomplete" });
    expect(onlyFrom.query.period).toEqual({ kind: "fiscalYear", fy: 2025 });
    expect(parseDashboardParams({ to: "2026-05-01" }, NOW).errors).toEqual({ from: "range_incomplete" });
  });

  it("rejects days that do not exist and reversed ranges", () => {
    expect(parseDashboardParams({ from: "2026-02-30", to: "2026-03-10" }, NOW).errors).toEqual({ from: "invalid_day" });
    expect(parseDashboardParams({ from: "2026-02-01", to: "2026/03/10" }, NOW).errors).toEqual({ to: "invalid_day" });
    const reversed = parseDashboardParams({ from: "2026-06-01", to: "2026-05-31" }, NOW);
    expect(reversed.errors).toEqual({ to: "range_reversed" });
    expect(reversed.query.period).toEqual({ kind: "fiscalYear", fy: 2026 });
    // A single day is a valid range.
    expect(parseDashboardParams({ from: "2026-06-01", to: "2026-06-01" }, NOW).errors).toEqual({});
  });

  it("drops an event list longer than anyone picks by hand", () => {
    const ids = Array.from({ length: MAX_EVENTS + 1 }, (_, i) => `0199a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, "0")}`);
    const { query, errors } = parseDashboardParams({ event: ids }, NOW);
    expect(errors).toEqual({ event: "too_many_events" });
    expect(query.eventIds).toEqual([]);
  });

  it("ignores parameters it does not know", () => {
    expect(parseDashboardParams({ format: "csv", page: "2" }, NOW).errors).toEqual({});
  });
});

describe("dashboardSearchParams", () => {
  it("writes the explicit period and every filter, and reads back to the same query", () => {
    const parsed = parseDashboardParams({ area: ["OGAKI", "ONLINE"], kind: "TALK", event: EVENT_A, view: "city" }, NOW);
    const params = dashboardSearchParams(parsed.query);
    expect(params.toString()).toBe(`fy=2026&area=OGAKI&area=ONLINE&kind=TALK&event=${EVENT_A}&view=city`);
    expect(parseDashboardParams(searchParamsRecord(params), NOW).query).toEqual(parsed.query);
  });

  it("writes a range without the fiscal year", () => {
    const parsed = parseDashboardParams({ fy: "2024", from: "2026-05-01", to: "2026-06-30" }, NOW);
    expect(dashboardSearchParams(parsed.query).toString()).toBe("from=2026-05-01&to=2026-06-30");
  });
});

describe("searchParamsRecord", () => {
  it("turns repeated names into arrays and single ones into strings", () => {
    expect(searchParamsRecord(new URLSearchParams("fy=2026&area=OGAKI&area=ONLINE"))).toEqual({ fy: "2026", area: ["OGAKI", "ONLINE"] });
  });
});
