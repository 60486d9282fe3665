import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_SIZE } from "./fill";
import type { BenchResult } from "./types";

// Where the figures go: tests/bench/results/<date>-<commit>[-soak].json for each run, and tests/bench/RESULTS.md,
// whose main table `npm run bench` rewrites and whose "Soak" section `npm run bench:soak` rewrites; each
// keeps the other's part of the file.

const resultsDir = path.join(process.cwd(), "tests", "bench", "results");
const resultsMd = path.join(process.cwd(), "tests", "bench", "RESULTS.md");
const SOAK_HEADING = "## Soak";

export type DataSize = { people: number; registrations: number; events: number };

export function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function machineInfo(postgres: string) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    next: (JSON.parse(readFileSync("node_modules/next/package.json", "utf8")) as { version: string }).version,
  };
}

type Machine = ReturnType<typeof machineInfo>;

const machineLine = (m: Machine) =>
  `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, PostgreSQL ${m.postgres}, Next ${m.next}.`;

export const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? "—" : n.toFixed(digits));

function readResultsMd(): string {
  return existsSync(resultsMd) ? readFileSync(resultsMd, "utf8") : "";
}

/** RESULTS.md split into the main part and the Soak section (heading included; "" when there is none). */
function splitSoak(text: string): { main: string; soak: string } {
  const at = text.search(new RegExp(`^${SOAK_HEADING}\\s*$`, "m"));
  if (at < 0) return { main: text, soak: "" };
  const rest = text.slice(at);
  const next = rest.slice(SOAK_HEADING.length).search(/^## /m);
  const end = next < 0 ? text.length : at + SOAK_HEADING.length + next;
  return { main: text.slice(0, at) + text.slice(end), soak: text.slice(at, end) };
}

const joinParts = (...parts: string[]) =>
  `${parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join("\n\n")}\n`;

export function writeResults(
  results: BenchResult[],
  data: DataSize & { postgres: string },
  benchmarkOrder: string[],
  log: (message: string) => void,
) {
  const commit = gitCommit();
  const date = new Date().toISOString();
  const machine = machineInfo(data.postgres);
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${date.slice(0, 10)}-${commit}.json`);
  writeFileSync(file, `${JSON.stringify({ date, commit, machine, data: { ...data, size: BENCH_SIZE }, results }, null, 2)}\n`);

  const rows = results.map((r) =>
    [
      r.id,
      `\`${commit}\` ${date.slice(0, 10)}`,
      r.workload,
      `${r.figure.name}: ${fmt(r.figure.value)} ${r.figure.unit}`,
      r.peer ? `${r.peer.name}: ${fmt(r.peer.value)} ${r.peer.unit}` : "—",
      fmt(r.ratio, 2),
      r.target.text,
      r.ok ? (r.target.met ? "yes" : `no${r.limit ? ` — ${r.limit}` : ""}`) : "FAILED (correctness)",
      Object.entries(r.correctness)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join("; "),
    ]
      .join(" | ")
      .replace(/^/, "| ")
      .replace(/$/, " |"),
  );
  // A run of some benchmarks (`npm run bench -- <id> …`) replaces their rows and keeps the others' rows from
  // earlier runs (each row names the run it comes from), in the order `npm run bench` runs them.
  const fresh = new Set(results.map((r) => r.id));
  const kept = splitSoak(readResultsMd())
    .main.split("\n")
    .filter((line) => /^\| [a-z-]+ \| `/.test(line))
    .filter((line) => !fresh.has(line.slice(2, line.indexOf(" |", 2))));
  const order = (line: string) => benchmarkOrder.indexOf(line.slice(2, line.indexOf(" |", 2)));
  const table = [...rows, ...kept].sort((a, b) => order(a) - order(b));

  const lines = [
    "# Benchmark results",
    "",
    `Latest run: ${date} at commit \`${commit}\` (\`npm run bench\`; the JSON of each run is in \`tests/bench/results/\`).`,
    "",
    machineLine(machine),
    `Data: ${data.people.toLocaleString("en")} people, ${data.registrations.toLocaleString("en")} registrations, ${data.events} events.`,
    "",
    "Each figure is the median of three runs after a warm-up; the peer is measured in the same run on the same data.",
    "",
    "| benchmark | run | workload | figure | peer | ratio | target | met | correctness |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...table,
  ];
  // The soak's section stays: it comes from its own, much longer run.
  writeFileSync(resultsMd, joinParts(lines.join("\n"), splitSoak(readResultsMd()).soak));
  log(`wrote ${path.relative(process.cwd(), file)} and tests/bench/RESULTS.md`);
}

/** The soak's JSON, and its section of RESULTS.md (the main table stays as it is). */
export function writeSoakResults(result: BenchResult, data: DataSize & { postgres: string }, section: string[], log: (message: string) => void) {
  const commit = gitCommit();
  const date = new Date().toISOString();
  const machine = machineInfo(data.postgres);
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${date.slice(0, 10)}-${commit}-soak.json`);
  writeFileSync(file, `${JSON.stringify({ date, commit, machine, data: { ...data, size: BENCH_SIZE }, results: [result] }, null, 2)}\n`);

  const soak = [
    SOAK_HEADING,
    "",
    `Latest soak: ${date} at commit \`${commit}\` (\`npm run bench:soak\`; JSON in \`tests/bench/results/*-soak.json\`).`,
    "",
    machineLine(machine),
    "",
    ...section,
  ].join("\n");
  const { main } = splitSoak(readResultsMd());
  writeFileSync(resultsMd, joinParts(main.trim() ? main : "# Benchmark results", soak));
  log(`wrote ${path.relative(process.cwd(), file)} and the Soak section of tests/bench/RESULTS.md`);
}
