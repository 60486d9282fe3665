import type { BreakdownRow, Cell, Rate } from "@/lib/insights/types";

// Small-cell suppression for what the city sees and exports (issue 6): a figure about 1–4 people could point at
// someone, so it is shown as "<5". Zero stays zero (it identifies nobody). A rate or mean is withheld when its
// numerator or denominator is such a cell (the rate and the denominator would give the count back).
// Partitions (rows that add up to a total that is shown, such as residence areas) get secondary suppression:
// if exactly one row is suppressed, the next smallest is too, so the total minus the others does not reveal it.

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
 * Rows of a breakdown from raw counts (most frequent first, then by key order given). Shares are of `total`.
 * `partition`: the rows add up to `total` (one value per person), so secondary suppression applies.
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
  const hidden = new Set(suppress ? raw.filter((r) => isSmall(r.n)).map((r) => r.key) : []);
  if (suppress && partition && hidden.size === 1) {
    const next = raw.filter((r) => r.n > 0 && !hidden.has(r.key)).sort((a, b) => a.n - b.n)[0];
    if (next) hidden.add(next.key);
  }
  return raw.map((r) => ({
    key: r.key,
    count: hidden.has(r.key) ? null : r.n,
    share: hidden.has(r.key) || total <= 0 || (suppress && isSmall(total)) ? null : r.n / total,
  }));
}

/** Secondary suppression down one column of rows that add up to a shown total (the per-event table). */
export function suppressColumn<T>(rows: T[], get: (row: T) => number, suppress: boolean): Cell[] {
  const values = rows.map(get);
  if (!suppress) return values;
  const hidden = new Set(values.flatMap((n, i) => (isSmall(n) ? [i] : [])));
  if (hidden.size === 1) {
    const next = values
      .map((n, i) => ({ n, i }))
      .filter(({ n, i }) => n > 0 && !hidden.has(i))
      .sort((a, b) => a.n - b.n)[0];
    if (next) hidden.add(next.i);
  }
  return values.map((n, i) => (hidden.has(i) ? null : n));
}
