import type pg from "pg";
import type { Staff } from "@/lib/server/auth";
import type { SmtpSink } from "./sink";

/** What every benchmark gets from the harness (tests/bench/run.ts). */
export type BenchContext = {
  /** A connection to the benchmark's own database (filled with the ledger of tests/bench/fill.ts). */
  client: pg.Client;
  databaseUrl: string;
  /** The app under test: the production build on `next start`, with its mail worker, on 127.0.0.1. */
  baseUrl: string;
  staff: { wdl: Staff; city: Staff };
  /** Cookie header value of a signed-in staff member. */
  cookie: (who: "wdl" | "city") => string;
  /** The SMTP server the app's worker sends to; it accepts everything. */
  sink: SmtpSink;
  organizations: { wdlId: string; cityId: string };
  /** Process ids of the app's `next start` server and of its mail worker (for memory readings in /proc). */
  processes: () => { server: number | null; worker: number | null };
  log: (message: string) => void;
};

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
  /** When the target is missed: by how much, and what limits it (measured, not guessed). */
  limit?: string;
  /** Counts that prove the work was right; a failed check turns the benchmark into a failure, not a number. */
  correctness: Record<string, number | string | boolean>;
  ok: boolean;
  /** Everything else measured, for the JSON. */
  detail: Record<string, unknown>;
};
