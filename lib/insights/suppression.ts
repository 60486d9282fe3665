import type { BreakdownRow, Cell, Rate } from "@/lib/insights/types";

// Small-cell suppression for what the city sees and exports (issue 6): a figure about 1–4 people could point at
// someone, so it is withheld (primary suppression). Zero stays zero (it identifies nobody). A rate or mean is
// withheld when its numerator or denominator is such a cell (the rate and the denominator would give the count back).
//
// Cells that add up to a total the reader also sees (a partition such as residence, a column of the per-event
// table) need secondary suppression: a hidden cell must not be worked out from the total and the cells that are
// shown. Every withheld cell carries the same mark whatever the reason (telling "fewer than 5" from "hidden to
// protect another" apart cell by cell would itself give values back). What a reader can derive is modelled in
// `protect`: the shown cells, the totals (exact, or 1–4 when the total is itself withheld), "a whole is at least
// the sum of its parts" (registrations ≥ attended + no-shows), and that a withheld cell is at least 1 (zeros are
// shown, so the reader knows a hidden cell is not zero) unless its whole group is withheld.

export const MIN_CELL = 5;

export const isSmall = (n: number) => n > 0 && n < MIN_CELL;

export function cell(n: number, suppress: boolean): Cell {
  return suppress && isSmall(n) ? null : n;
}

export function rate(numerator: number, denominator: number, suppress: boolean): Rate {
  if (denominator <= 0) return null;
  if (suppress && (isSmall(numerator) || isSmall(denominator))) return null;
  return numerator / denominator;
}

/** A mean over `n` people, withheld under suppression when n is small. */
export function mean(sum: number, n: number, suppress: boolean): number | null {
  if (n <= 0 || (suppress && isSmall(n))) return null;
  return sum / n;
}

/**
 * Cells (indices into the table's values) that add up to a total: a fixed `total` the reader sees unless it is
 * small (then only that it is 1–4), or `totalCell`, a cell of the table itself, protected with the others.
 */
export type SumGroup = { cells: number[]; total: number; totalCell?: number };
/** The sum of values[wholes] ≥ the sum of values[parts] (registrations ≥ attended + no-shows, per event or summed). */
export type AtLeast = { wholes: number[]; parts: number[] };
export type Table = {
  values: number[];
  groups: SumGroup[];
  atLeast?: AtLeast[];
  /**
   * An exact test of which withheld cells a reader can pin down, for tables whose structure allows one (the
   * per-event table); without it, the bounds of `readerBounds` are used.
   */
  pinned?: (protection: Protection) => boolean[];
};
/** hidden[i]: the cell is withheld. withheld[g]: every cell of group g is withheld, zeros included. */
export type Protection = { hidden: boolean[]; withheld: boolean[] };

type Bounds = { lo: number[]; hi: number[] };

/** The range a reader can narrow each cell to, by propagating the sums and inequalities to a fixed point. */
export function readerBounds(table: Table, protection: Protection): Bounds {
  const { values, groups } = table;
  const atLeast = table.atLeast ?? [];
  const zeroAllowed = new Set<number>();
  groups.forEach((g, gi) => {
    if (protection.withheld[gi]) for (const i of g.totalCell === undefined ? g.cells : [...g.cells, g.totalCell]) zeroAllowed.add(i);
  });
  const lo = values.map((v, i) => (protection.hidden[i] ? (zeroAllowed.has(i) ? 0 : 1) : v));
  const hi = values.map((v, i) => (protection.hidden[i] ? Number.POSITIVE_INFINITY : v));
  const totalRange = (total: number): [number, number] => (isSmall(total) ? [1, MIN_CELL - 1] : [total, total]);
  for (let pass = 0, changed = true; changed && pass < 200; pass++) {
    changed = false;
    const tighten = (i: number, newLo: number, newHi: number) => {
      if (newLo > lo[i]!) {
        lo[i] = newLo;
        changed = true;
      }
      if (newHi < hi[i]!) {
        hi[i] = newHi;
        changed = true;
      }
    };
    for (const g of groups) {
      const t = g.totalCell;
      const [tLo, tHi] = t === undefined ? totalRange(g.total) : [lo[t]!, hi[t]!];
      const sumLo = g.cells.reduce((s, i) => s + lo[i]!, 0);
      const unbounded = g.cells.filter((i) => hi[i] === Number.POSITIVE_INFINITY).length;
      const boundedHi = g.cells.reduce((s, i) => (hi[i] === Number.POSITIVE_INFINITY ? s : s + hi[i]!), 0);
      for (const i of g.cells) {
        if (!protection.hidden[i]) continue;
        const own = hi[i] === Number.POSITIVE_INFINITY;
        const othersHi = unbounded - (own ? 1 : 0) > 0 ? Number.POSITIVE_INFINITY : boundedHi - (own ? 0 : hi[i]!);
        tighten(i, tLo - othersHi, tHi - (sumLo - lo[i]!));
      }
      if (t !== undefined && protection.hidden[t]) tighten(t, sumLo, unbounded > 0 ? Number.POSITIVE_INFINITY : boundedHi);
    }
    // A set's sum, using what a group says about its withheld cells taken together when the set holds all of them.
    const joint = (cells: number[]): [number, number] => {
      const rest = new Set(cells);
      let sumLo = 0;
      let sumHi = 0;
      for (const g of groups) {
        const open = g.cells.filter((i) => protection.hidden[i]);
        if (open.length === 0 || !open.every((i) => rest.has(i))) continue;
        const t = g.totalCell;
        const [tLo, tHi] = t === undefined ? totalRange(g.total) : [lo[t]!, hi[t]!];
        const shown = g.cells.reduce((sum, i) => (protection.hidden[i] ? sum : sum + values[i]!), 0);
        sumLo += Math.max(open.reduce((sum, i) => sum + lo[i]!, 0), tLo - shown);
        sumHi += Math.min(open.reduce((sum, i) => sum + hi[i]!, 0), tHi - shown);
        for (const i of open) rest.delete(i);
      }
      for (const i of rest) {
        sumLo += lo[i]!;
        sumHi += hi[i]!;
      }
      return [sumLo, sumHi];
    };
    for (const { wholes, parts } of atLeast) {
      const [partsLo] = joint(parts);
      const [, wholesHi] = joint(wholes);
      for (const i of wholes) if (protection.hidden[i]) tighten(i, partsLo - joint(wholes.filter((j) => j !== i))[1], hi[i]!);
      for (const i of parts) if (protection.hidden[i]) tighten(i, lo[i]!, wholesHi - joint(parts.filter((j) => j !== i))[0]);
    }
  }
  return { lo, hi };
}

function pinnedByBounds(table: Table, protection: Protection): boolean[] {
  const { lo, hi } = readerBounds(table, protection);
  return lo.map((l, i) => protection.hidden[i]! && l === hi[i]);
}

/**
 * Which cells to withhold: the small ones, then, while a reader could pin a withheld cell to one value, the
 * smallest shown non-zero cell it is tied to (same group, then same inequality, then through other withheld
 * cells). When nothing is left to hide
 * beside it, its whole group is withheld, zeros included.
 */
export function protect(table: Table): Protection {
  const { values, groups } = table;
  const hidden = values.map(isSmall);
  const withheld = groups.map(() => false);
  const groupsOf = values.map(() => [] as number[]);
  const members = (g: SumGroup) => (g.totalCell === undefined ? g.cells : [...g.cells, g.totalCell]);
  groups.forEach((g, gi) => members(g).forEach((i) => groupsOf[i]!.push(gi)));

  for (let guard = 0; guard <= values.length + groups.length; guard++) {
    const isPinned = table.pinned?.({ hidden, withheld }) ?? pinnedByBounds(table, { hidden, withheld });
    const tiedBy = values.map(() => [] as number[][]);
    for (const { wholes, parts } of table.atLeast ?? []) {
      for (const i of [...wholes, ...parts]) tiedBy[i]!.push([...wholes, ...parts]);
    }
    const pinned = values.findIndex((v, i) => hidden[i] && isPinned[i] && !(v === 0 && groupsOf[i]!.every((g) => withheld[g])));
    if (pinned < 0) break;
    // The withheld cells the pinned one is tied to through sums and inequalities, and what they touch.
    const linked = (start: number): number[][] => {
      const seen = new Set([start]);
      const queue = [start];
      const sets: number[][] = [];
      while (queue.length > 0) {
        const i = queue.shift()!;
        for (const set of [...groupsOf[i]!.map((g) => members(groups[g]!)), ...tiedBy[i]!]) {
          sets.push(set);
          for (const j of set) {
            if (!hidden[j] || seen.has(j)) continue;
            seen.add(j);
            queue.push(j);
          }
        }
      }
      return sets;
    };
    const candidates = (sets: number[][]) =>
      sets
        .flat()
        .filter((i) => !hidden[i] && values[i]! > 0)
        .sort((a, b) => values[a]! - values[b]! || a - b);
    const next =
      candidates(groupsOf[pinned]!.map((g) => members(groups[g]!)))[0] ?? candidates(tiedBy[pinned]!)[0] ?? candidates(linked(pinned))[0];
    if (next !== undefined) {
      hidden[next] = true;
      continue;
    }
    const group = groupsOf[pinned]!.find((g) => !withheld[g]);
    if (group === undefined) break; // nothing more can be withheld around this cell
    withheld[group] = true;
    for (const i of members(groups[group]!)) hidden[i] = true;
  }
  return { hidden, withheld };
}

/** The key of the one row that stands for a breakdown's withheld rows when they cannot be listed one by one. */
export const WITHHELD_ROWS = "withheld";

/**
 * Rows of a breakdown from raw counts (most frequent first, then by key order given). Shares are of `total`.
 * `partition`: the rows add up to `total` (one value per person), so secondary suppression applies. When the
 * withheld rows could still be worked out (say five people from five prefectures, one each), they are not listed
 * by name: one row stands for all of them (or, for a fixed scale, every row is withheld).
 */
export function breakdown(
  counts: Map<string, number>,
  options: { total: number; suppress: boolean; partition: boolean; order?: readonly string[]; keepZero?: boolean },
): BreakdownRow[] {
  const { total, suppress, partition, order, keepZero } = options;
  const keys = order ? [...order, ...[...counts.keys()].filter((k) => !order.includes(k))] : [...counts.keys()];
  const raw = keys
    .map((key) => ({ key, n: counts.get(key) ?? 0 }))
    .filter((r) => keepZero || r.n > 0);
  if (!order) raw.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const shareOf = (n: number) => (total <= 0 || (suppress && isSmall(total)) ? null : n / total);
  if (!suppress) return raw.map((r) => ({ key: r.key, count: r.n, share: shareOf(r.n) }));
  const values = raw.map((r) => r.n);
  const { hidden, withheld } = partition
    ? protect({ values, groups: [{ cells: values.map((_, i) => i), total }] })
    : { hidden: values.map(isSmall), withheld: [false] };
  const rows = raw.map((r, i) => ({ key: r.key, count: hidden[i] ? null : r.n, share: hidden[i] ? null : shareOf(r.n) }));
  if (withheld[0] && !keepZero) return [...rows.filter((r) => r.count !== null), { key: WITHHELD_ROWS, count: null, share: null }];
  return rows;
}

export type EventCounts = { registrations: number; attended: number; noShow: number };
export type EventCells = { registrations: Cell; attended: Cell; noShow: Cell };

/**
 * The per-event table and the totals of its columns (the registrations, attendances and no-shows on the cards):
 * each column adds up to its total, and registrations are at least attended + no-shows, per event and in total.
 * A total can itself be withheld when that is what keeps a cell of the table from being worked out.
 */
export function suppressEventTable(rows: EventCounts[], suppress: boolean): { rows: EventCells[]; totals: EventCells } {
  const sumOf = (key: keyof EventCounts) => rows.reduce((s, r) => s + r[key], 0);
  const totals = { registrations: sumOf("registrations"), attended: sumOf("attended"), noShow: sumOf("noShow") };
  if (!suppress) return { rows: rows.map((r) => ({ ...r })), totals };
  const n = rows.length;
  // Cells: the three columns one after the other, then the three totals.
  const keys = ["registrations", "attended", "noShow"] as const;
  const values = [...keys.flatMap((key) => rows.map((r) => r[key])), ...keys.map((key) => totals[key])];
  const column = (c: number) => rows.map((_, i) => c * n + i);
  const total = (c: number) => 3 * n + c;
  const groups = [0, 1, 2].map((c) => ({ cells: column(c), total: values[total(c)]!, totalCell: total(c) }));
  const atLeast = [...rows.map((_, i) => ({ wholes: [i], parts: [n + i, 2 * n + i] })), { wholes: [total(0)], parts: [total(1), total(2)] }];
  const { hidden } = protect({ values, groups, atLeast, pinned: (protection) => eventTablePinned(values, n, protection) });
  const at = (i: number) => (hidden[i] ? null : values[i]!);
  return {
    rows: rows.map((_, i) => ({ registrations: at(i), attended: at(n + i), noShow: at(2 * n + i) })),
    totals: { registrations: at(total(0)), attended: at(total(1)), noShow: at(total(2)) },
  };
}

/** Secondary suppression down one column of rows that add up to a shown total (first-time and returning attendees). */
export function suppressColumn<T>(rows: T[], get: (row: T) => number, suppress: boolean): Cell[] {
  const values = rows.map(get);
  if (!suppress) return values;
  const { hidden } = protect({ values, groups: [{ cells: values.map((_, i) => i), total: values.reduce((s, v) => s + v, 0) }] });
  return values.map((n, i) => (hidden[i] ? null : n));
}

/**
 * The per-event table as a circulation, which makes "can this withheld cell take another value?" exact: every
 * count is an edge between the equations it appears in (event i: registrations = attended + no-shows + others;
 * column c: its cells add up to its total; totals: registrations = attended + no-shows + others), the unseen
 * "others" are edges to a ground node, and a withheld cell can change by one exactly when a cycle through it can
 * carry one more (or one less) unit without taking a withheld cell below what the reader knows it is (1, or 0 in
 * a column withheld whole) or changing a shown one. A network matrix: what the cycles allow, integers allow.
 */
function eventTablePinned(values: number[], n: number, protection: Protection): boolean[] {
  const { hidden, withheld } = protection;
  // Nodes: events 0..n-1, columns n..n+2, the totals' equation n+3, ground n+4.
  const column = (c: number) => n + c;
  const TOTALS = n + 3;
  const GROUND = n + 4;
  type Edge = { from: number; to: number; value: number; lo: number; hi: number; cell: number };
  const edges: Edge[] = [];
  const floor = (cell: number, c: number) => (hidden[cell] ? (withheld[c] ? 0 : 1) : values[cell]!);
  const ceiling = (cell: number) => (hidden[cell] ? Number.POSITIVE_INFINITY : values[cell]!);
  const add = (from: number, to: number, cell: number, c: number) =>
    edges.push({ from, to, value: values[cell]!, lo: floor(cell, c), hi: ceiling(cell), cell });
  for (let i = 0; i < n; i++) {
    add(column(0), i, i, 0); // registrations: into the event
    add(i, column(1), n + i, 1); // attended and no-shows: out of it
    add(i, column(2), 2 * n + i, 2);
    const others = values[i]! - values[n + i]! - values[2 * n + i]!;
    edges.push({ from: i, to: GROUND, value: others, lo: 0, hi: Number.POSITIVE_INFINITY, cell: -1 });
  }
  add(TOTALS, column(0), 3 * n, 0);
  add(column(1), TOTALS, 3 * n + 1, 1);
  add(column(2), TOTALS, 3 * n + 2, 2);
  const otherTotal = values[3 * n]! - values[3 * n + 1]! - values[3 * n + 2]!;
  edges.push({ from: GROUND, to: TOTALS, value: otherTotal, lo: 0, hi: Number.POSITIVE_INFINITY, cell: -1 });

  // Residual arcs: forward where an edge can carry more, backward where it can carry less.
  const arcs: { to: number; edge: number }[][] = Array.from({ length: n + 5 }, () => []);
  edges.forEach((e, k) => {
    if (e.value < e.hi) arcs[e.from]!.push({ to: e.to, edge: k });
    if (e.value > e.lo) arcs[e.to]!.push({ to: e.from, edge: k });
  });
  const reaches = (from: number, to: number, skip: number) => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === to) return true;
      for (const arc of arcs[node]!) {
        if (arc.edge === skip || seen.has(arc.to)) continue;
        seen.add(arc.to);
        queue.push(arc.to);
      }
    }
    return false;
  };
  const pinned = values.map(() => false);
  edges.forEach((e, k) => {
    if (e.cell < 0 || !hidden[e.cell]) return;
    const up = e.value < e.hi && reaches(e.to, e.from, k);
    const down = e.value > e.lo && reaches(e.from, e.to, k);
    pinned[e.cell] = !up && !down;
  });
  return pinned;
}
