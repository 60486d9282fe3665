import { describe, expect, it } from "vitest";
import { barWidth, formatCell, formatDay, formatMean, formatRate } from "@/components/staff/insights/format";

// "×" (withheld for the city) and "—" (nothing to compute) must never be confused: a city officer reading
// "×" for a rate over zero people would report a figure that does not exist.

describe("dashboard figures as text", () => {
  it("shows counts with digit grouping, and a withheld count as ×", () => {
    expect(formatCell(12345, "ja")).toBe("12,345");
    expect(formatCell(0, "en")).toBe("0");
    expect(formatCell(null, "ja")).toBe("×");
  });

  it("shows rates as percentages with one decimal", () => {
    const shown = { suppressed: false, zero: false };
    expect(formatRate(1 / 15, shown)).toBe("6.7%");
    expect(formatRate(0.875, shown)).toBe("87.5%");
    expect(formatRate(1, shown)).toBe("100.0%");
    expect(formatRate(0, shown)).toBe("0.0%");
  });

  it("tells a withheld rate from one with nothing to divide by", () => {
    expect(formatRate(null, { suppressed: true, zero: false })).toBe("×");
    expect(formatRate(null, { suppressed: true, zero: true })).toBe("—");
    expect(formatRate(null, { suppressed: false, zero: false })).toBe("—");
    expect(formatMean(null, { suppressed: true, zero: false })).toBe("×");
    expect(formatMean(null, { suppressed: true, zero: true })).toBe("—");
    expect(formatMean(4.3333, { suppressed: true, zero: false })).toBe("4.3");
  });

  it("writes JST days in each language", () => {
    expect(formatDay("2026-04-01", "ja")).toBe("2026年4月1日");
    expect(formatDay("2027-03-31", "en")).toBe("31 Mar 2027");
  });

  it("draws no bar for zero or a withheld value, and a visible sliver for a tiny one", () => {
    expect(barWidth(0, 10)).toBe("0");
    expect(barWidth(null, 10)).toBe("0");
    expect(barWidth(3, 0)).toBe("0");
    expect(barWidth(3, 4)).toBe("max(2px, 75.0%)");
    expect(barWidth(1, 2000)).toBe("max(2px, 0.1%)");
  });
});
