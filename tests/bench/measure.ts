// Timing helpers for the benchmarks: a warm-up, then three runs, each bounded in iterations and in time; the
// figure reported is the median of the three runs' values (absolute numbers move between runs; the medians of
// several runs, and ratios to a peer measured in the same run, move much less).

export type Timings = { p50: number; p95: number; p99: number; mean: number; samples: number };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarise(samples: number[]): Timings {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean, samples: sorted.length };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Milliseconds per call of `task`: warm-up, then `runs` runs of up to `iterations` calls or `maxMs` each. */
export async function timeRuns(
  task: () => Promise<unknown>,
  options: { warmup?: number; runs?: number; iterations?: number; maxMs?: number } = {},
): Promise<{ runs: Timings[]; median: Timings }> {
  const { warmup = 3, runs = 3, iterations = 15, maxMs = 60_000 } = options;
  for (let i = 0; i < warmup; i++) await task();
  const results: Timings[] = [];
  for (let run = 0; run < runs; run++) {
    const samples: number[] = [];
    const deadline = performance.now() + maxMs;
    for (let i = 0; i < iterations && performance.now() < deadline; i++) {
      const start = performance.now();
      await task();
      samples.push(performance.now() - start);
    }
    results.push(summarise(samples));
  }
  const pick = (key: keyof Timings) => median(results.map((r) => r[key]));
  return {
    runs: results,
    median: { p50: pick("p50"), p95: pick("p95"), p99: pick("p99"), mean: pick("mean"), samples: results.reduce((n, r) => n + r.samples, 0) },
  };
}
