import { BENCHMARKS } from "./benchmarks";
import { writeResults } from "./results";
import { startBenchEnvironment } from "./setup";
import type { BenchResult } from "./types";

// `npm run bench`: builds the app, starts `next start` against a fresh database it creates and fills, runs each
// benchmark (warm-up, three runs, medians) and writes tests/bench/results/<date>-<commit>.json and
// tests/bench/RESULTS.md. Load goes to 127.0.0.1 only. A benchmark whose correctness check fails is reported
// as a failure (and the command exits non-zero), not as a number. The environment (database, ledger, SMTP
// sink, app) is tests/bench/setup.ts, shared with `npm run bench:soak`.

const log = (message: string) => console.log(`[bench] ${message}`);

const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.id).join(", ")}`);
  process.exit(1);
}

const bench = await startBenchEnvironment(log).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
try {
  const results: BenchResult[] = [];
  for (const entry of BENCHMARKS) {
    if (only.length > 0 && !only.includes(entry.id)) continue;
    log(`running ${entry.id}`);
    const result = await entry.run(bench.context);
    log(`${entry.id}: ${result.figure.name} ${result.figure.value.toFixed(1)} ${result.figure.unit}${result.ok ? "" : " — CORRECTNESS CHECK FAILED"}`);
    results.push(result);
  }
  const postgres = await bench.postgres();
  await bench.stop();
  writeResults(results, { ...bench.size, postgres }, BENCHMARKS.map((b) => b.id), log);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
} catch (error) {
  console.error(error);
  await bench.stop();
  process.exit(1);
}
