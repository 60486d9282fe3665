import { describe, expect, it } from "vitest";
import { dayRangePeriod, fiscalYearOf, fiscalYearPeriod, fiscalYearsBetween, parseDay, toJstDay } from "@/lib/insights/period";

// Fiscal years run April–March in Japan time; the process runs with TZ=America/Los_Angeles.

describe("fiscal years in Japan time", () => {
  it("puts 23:30 JST on 31 March in the old year and 00:30 JST on 1 April in the new", () => {
    expect(fiscalYearOf(new Date("2026-03-31T23:30:00+09:00"))).toBe(2025);
    expect(fiscalYearOf(new Date("2026-04-01T00:30:00+09:00"))).toBe(2026);
    // 15:30 UTC on 31 March is already 1 April in Japan.
    expect(fiscalYearOf(new Date("2026-03-31T15:30:00Z"))).toBe(2026);
    expect(fiscalYearOf(new Date("2027-01-15T12:00:00+09:00"))).toBe(2026);
  });

  it("bounds 年度 2026 by midnight JST on 1 April 2026 and 1 April 2027", () => {
    const p = fiscalYearPeriod(2026);
    expect(p.from.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(p.to.toISOString()).toBe("2027-03-31T15:00:00.000Z");
    expect(p).toMatchObject({ firstDay: "2026-04-01", lastDay: "2027-03-31", fiscalYear: 2026 });
  });

  it("lists the years from the first event to the current one, newest first", () => {
    expect(fiscalYearsBetween(new Date("2024-05-01T00:00:00Z"), new Date("2026-11-24T00:00:00Z"))).toEqual([2026, 2025, 2024]);
    expect(fiscalYearsBetween(null, new Date("2026-03-01T00:00:00Z"))).toEqual([2025]);
  });
});

describe("day ranges", () => {
  it("includes both days, in Japan time", () => {
    const p = dayRangePeriod("2026-01-01", "2026-01-31")!;
    expect(p.from.toISOString()).toBe("2025-12-31T15:00:00.000Z");
    expect(p.to.toISOString()).toBe("2026-01-31T15:00:00.000Z");
    expect(p.fiscalYear).toBeNull();
    expect(dayRangePeriod("2026-04-01", "2027-03-31")?.fiscalYear).toBe(2026);
  });

  it("refuses impossible days and reversed ranges", () => {
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseDay("2026-2-3")).toBeNull();
    expect(parseDay("1999-12-31")).toBeNull();
    expect(dayRangePeriod("2026-02-01", "2026-01-31")).toBeNull();
    expect(dayRangePeriod("2026-02-01", "2026-02-01")?.to.toISOString()).toBe("2026-02-01T15:00:00.000Z");
  });

  it("names the JST day of an instant", () => {
    expect(toJstDay(new Date("2026-03-31T15:30:00Z"))).toBe("2026-04-01");
  });
});
