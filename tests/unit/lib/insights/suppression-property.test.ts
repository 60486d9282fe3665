import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breakdown, isSmall, MIN_CELL, suppressColumn, suppressEventTable, WITHHELD_ROWS } from "@/lib/insights/suppression";

// What a reader of the city's figures can work out, checked by exhaustive search rather than by the bounds
// reasoning the suppression code itself uses. The reader knows: every shown cell; each total (exactly, or only
// that it is 1–4 when the total is itself withheld); that the cells of a partition add up to its total; that
// an event's registrations are at least its attended + no-shows; and that a withheld cell is not zero, because
// zeros are printed (unless every cell of its group is withheld, when a hidden zero is possible). A withheld cell
// about people (true value ≥ 1) must then still have at least two possible values: otherwise it has been given away.

type Model = {
  truth: number[];
  hidden: boolean[];
  /** The least value the reader can assume for each cell. */
  floor: number[];
  /** Cells adding up to a total the reader sees (exactly, or 1–4 when it is small), or to another cell. */
  groups: { cells: number[]; total: number; totalCell?: number }[];
  /** Per event: registrations ≥ attended + no-shows. */
  atLeast: { whole: number; parts: number[] }[];
};

const totalRange = (total: number): [number, number] => (isSmall(total) ? [1, MIN_CELL - 1] : [total, total]);

/** Whether some table consistent with what is shown gives cell `target` a value other than its true one. */
function hasAlternative(model: Model, target: number): boolean {
  const { truth, hidden, floor, groups, atLeast } = model;
  const unknown = truth.map((_, i) => i).filter((i) => hidden[i]);
  // Values beyond this are never needed to show a second possibility (the search only has to find one).
  const cap = Math.max(MIN_CELL - 1, ...groups.map((g) => g.total), ...truth) + 2;
  const value = truth.map((v, i) => (hidden[i] ? -1 : v));
  const consistent = (complete: boolean) => {
    for (const g of groups) {
      let [lo, hi] = totalRange(g.total);
      let open = false;
      if (g.totalCell !== undefined) {
        if (value[g.totalCell]! < 0) [lo, hi, open] = [0, Number.POSITIVE_INFINITY, true];
        else lo = hi = value[g.totalCell]!;
      }
      let sum = 0;
      for (const i of g.cells) {
        if (value[i]! < 0) open = true;
        else sum += value[i]!;
      }
      if (sum > hi) return false;
      if ((complete || !open) && sum < lo) return false;
    }
    for (const { whole, parts } of atLeast) {
      if (value[whole]! < 0) continue;
      const known = parts.filter((i) => value[i]! >= 0).reduce((s, i) => s + value[i]!, 0);
      if (known > value[whole]!) return false;
    }
    return true;
  };
  const search = (k: number): boolean => {
    if (k === unknown.length) return consistent(true) && value[target] !== truth[target];
    const i = unknown[k]!;
    for (let v = floor[i]!; v <= cap; v++) {
      if (i === target && k === unknown.length - 1 && v === truth[i]) continue;
      value[i] = v;
      if (consistent(false) && search(k + 1)) return true;
    }
    value[i] = -1;
    return false;
  };
  // Visit the target first, so the search tries its other values directly.
  unknown.sort((a, b) => (a === target ? -1 : b === target ? 1 : a - b));
  const first = (k: number): boolean => {
    const i = unknown[0]!;
    for (let v = floor[i]!; v <= cap; v++) {
      if (v === truth[i]) continue;
      value[i] = v;
      if (consistent(false) && search(k)) return true;
    }
    value[i] = -1;
    return false;
  };
  return first(1);
}

function givenAway(model: Model): number[] {
  return model.truth.flatMap((v, i) => (model.hidden[i] && v > 0 && !hasAlternative(model, i) ? [i] : []));
}

const small = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 11 }));

describe("secondary suppression, against a reader who searches every table consistent with what is shown", () => {
  it("finds the leaks of the rule it replaces: two hidden 1s, and a lone small cell next to a 5", () => {
    // The old rule hid only one extra cell; with two small cells it hid nothing more. Both 1s follow from the sum.
    const twoOnes: Model = { truth: [1, 1, 9], hidden: [true, true, false], floor: [1, 1, 1], groups: [{ cells: [0, 1, 2], total: 11 }], atLeast: [] };
    expect(givenAway(twoOnes)).toEqual([0, 1]);
    // Registrations 6, attended 5 shown: the hidden no-show is 1.
    const row: Model = { truth: [6, 5, 1], hidden: [false, false, true], floor: [1, 1, 1], groups: [], atLeast: [{ whole: 0, parts: [1, 2] }] };
    expect(givenAway(row)).toEqual([2]);
  });

  it("a partition (residence, how they heard, first-time and returning): no withheld row can be worked out, no shown row is false", () => {
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 6 }), fc.boolean(), (values, keepZero) => {
        const total = values.reduce((s, v) => s + v, 0);
        const counts = new Map(values.map((v, i) => [`k${i}`, v]));
        const rows = breakdown(counts, { total, suppress: true, partition: true, order: values.map((_, i) => `k${i}`), keepZero });
        const listed = rows.filter((r) => r.key !== WITHHELD_ROWS);
        // Shown figures are the true ones; zeros are shown unless every row is withheld.
        for (const r of listed) if (r.count !== null) expect(r.count).toBe(counts.get(r.key));
        const everyRowHidden = listed.every((r) => r.count === null);
        for (const r of listed) if (r.count === null && counts.get(r.key) === 0) expect(everyRowHidden && keepZero).toBe(true);
        // A collapsed row names no category: only those shown are listed by name.
        if (rows.some((r) => r.key === WITHHELD_ROWS)) expect(listed.every((r) => r.count !== null)).toBe(true);
        const model: Model = {
          truth: listed.map((r) => counts.get(r.key)!),
          hidden: listed.map((r) => r.count === null),
          floor: listed.map(() => (keepZero && everyRowHidden ? 0 : 1)),
          groups: rows.some((r) => r.key === WITHHELD_ROWS) ? [] : [{ cells: listed.map((_, i) => i), total }],
          atLeast: [],
        };
        expect(givenAway(model), JSON.stringify({ values, keepZero, rows })).toEqual([]);
      }),
      { numRuns: 400 },
    );
    // The column form used for first-time and returning attendees.
    fc.assert(
      fc.property(small, small, (a, b) => {
        const [x, y] = suppressColumn([a, b], (n) => n, true);
        const model: Model = { truth: [a, b], hidden: [x === null, y === null], floor: [1, 1], groups: [{ cells: [0, 1], total: a + b }], atLeast: [] };
        if (x !== null) expect(x).toBe(a);
        expect(givenAway(model)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("the per-event table and its totals on the cards (columns add up to the totals, registrations ≥ attended + no-shows)", { timeout: 60_000 }, () => {
    const row = fc.record({ attended: small, noShow: small, other: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 3 }), (spec) => {
        const rows = spec.map((r) => ({ registrations: r.attended + r.noShow + r.other, attended: r.attended, noShow: r.noShow }));
        const shown = suppressEventTable(rows, true);
        const n = rows.length;
        const keys = ["registrations", "attended", "noShow"] as const;
        const truth = [...keys.flatMap((k) => rows.map((r) => r[k])), ...keys.map((k) => rows.reduce((s, r) => s + r[k], 0))];
        const out = [...keys.flatMap((k) => shown.rows.map((r) => r[k])), ...keys.map((k) => shown.totals[k])];
        out.forEach((v, i) => v === null || expect(v).toBe(truth[i]));
        const column = (c: number) => [...rows.map((_, i) => c * n + i), 3 * n + c];
        const columnOf = (i: number) => (i >= 3 * n ? i - 3 * n : Math.floor(i / n));
        const wholeColumnHidden = (i: number) => column(columnOf(i)).every((j) => out[j] === null);
        // A hidden zero only ever sits in a column that is withheld as a whole.
        truth.forEach((v, i) => v === 0 && out[i] === null && expect(wholeColumnHidden(i)).toBe(true));
        const model: Model = {
          truth,
          hidden: out.map((v) => v === null),
          floor: truth.map((_, i) => (wholeColumnHidden(i) ? 0 : 1)),
          groups: [0, 1, 2].map((c) => ({ cells: column(c).slice(0, n), total: 0, totalCell: 3 * n + c })),
          atLeast: [...rows.map((_, i) => ({ whole: i, parts: [n + i, 2 * n + i] })), { whole: 3 * n, parts: [3 * n + 1, 3 * n + 2] }],
        };
        expect(givenAway(model), JSON.stringify({ rows, shown })).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });
});
