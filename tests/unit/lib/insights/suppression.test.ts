import { describe, expect, it } from "vitest";
import { breakdown, cell, mean, rate, suppressColumn } from "@/lib/insights/suppression";

describe("small-cell suppression", () => {
  it("withholds 1–4 people, keeps 0 and 5+", () => {
    expect([0, 1, 4, 5, 12].map((n) => cell(n, true))).toEqual([0, null, null, 5, 12]);
    expect([0, 1, 4].map((n) => cell(n, false))).toEqual([0, 1, 4]);
  });

  it("withholds a rate or mean made from a small count", () => {
    expect(rate(3, 100, true)).toBeNull();
    expect(rate(30, 4, true)).toBeNull();
    expect(rate(0, 10, true)).toBe(0);
    expect(rate(5, 10, true)).toBe(0.5);
    expect(rate(3, 100, false)).toBe(0.03);
    expect(rate(1, 0, false)).toBeNull();
    expect(mean(12, 4, true)).toBeNull();
    expect(mean(12, 4, false)).toBe(3);
  });

  it("also withholds the next smallest row of a partition when only one row is small", () => {
    const counts = new Map([["13", 20], ["14", 6], ["11", 2], ["27", 9]]);
    expect(breakdown(counts, { total: 37, suppress: true, partition: true }).map((r) => [r.key, r.count])).toEqual([
      ["13", 20],
      ["27", 9],
      ["14", null], // 6 would give away the 2: 37 − 20 − 9 − 6
      ["11", null],
    ]);
    // Not a partition (people can have several interests): no secondary suppression.
    expect(breakdown(counts, { total: 37, suppress: true, partition: false }).map((r) => r.count)).toEqual([20, 9, 6, null]);
    // Two small rows already protect each other.
    const two = new Map([["a", 10], ["b", 3], ["c", 2]]);
    expect(breakdown(two, { total: 15, suppress: true, partition: true }).map((r) => r.count)).toEqual([10, null, null]);
  });

  it("keeps the given order and zero rows when asked (survey scales)", () => {
    const rows = breakdown(new Map([["4", 6], ["5", 7]]), { total: 13, suppress: false, partition: true, order: ["5", "4", "3"], keepZero: true });
    expect(rows).toEqual([
      { key: "5", count: 7, share: 7 / 13 },
      { key: "4", count: 6, share: 6 / 13 },
      { key: "3", count: 0, share: 0 },
    ]);
  });

  it("suppresses down a column the same way", () => {
    expect(suppressColumn([6, 3, 5], (n) => n, true)).toEqual([6, null, null]);
    expect(suppressColumn([1, 1, 0], (n) => n, true)).toEqual([null, null, 0]);
    expect(suppressColumn([6, 3, 5], (n) => n, false)).toEqual([6, 3, 5]);
  });
});
