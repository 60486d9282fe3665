/** One benchmark's outcome, as written to the results JSON and the RESULTS.md table. */
export type BenchResult = {
  id: string;
  workload: string;
  /** The figure, e.g. page p95 in ms. */
  figure: { name: string; value: number; unit: string };
  /** The peer measured in the same run, on the same data. */
  peer: { name: string; value: number; unit: string } | null;
  /** figure ÷ peer. */
  ratio: number | null;
  target: { text: string; met: boolean };
  /** Counts that prove the work was right; a failed check turns the benchmark into a failure, not a number. */
  correctness: Record<string, number | string | boolean>;
  ok: boolean;
  /** Everything else measured, for the JSON. */
  detail: Record<string, unknown>;
};
