import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import type { Staff } from "@/lib/server/auth";
import { createDatabase, dropDatabase, dropStaleDatabases } from "../support/databases";
import { startTestServer } from "../support/test-server";
import { dashboardBench } from "./dashboard";
import { BENCH_SIZE, fillLedger } from "./fill";
import type { BenchResult } from "./types";

// `npm run bench`: builds the app, starts `next start` against a fresh database it creates and fills, runs each
// benchmark (warm-up, three runs, medians) and writes tests/bench/results/<date>-<commit>.json and
// tests/bench/RESULTS.md. Load goes to 127.0.0.1 only. A benchmark whose correctness check fails is reported
// as a failure (and the command exits non-zero), not as a number.

const PORT = Number(process.env.BENCH_PORT ?? 3700);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DB_PREFIX = "ogaki_bench_";
const resultsDir = path.join(process.cwd(), "tests", "bench", "results");

const log = (message: string) => console.log(`[bench] ${message}`);

const server = await startTestServer("bench");
await dropStaleDatabases(server.serverUrl, DB_PREFIX, 3600_000);
const dbName = `${DB_PREFIX}${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const databaseUrl = await createDatabase(server.serverUrl, dbName);
let app: ChildProcess | null = null;

async function cleanUp() {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((resolve) => app!.once("exit", resolve));
  }
  await dropDatabase(server.serverUrl, dbName).catch(() => {});
  await server.stop();
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

try {
  await migrate(databaseUrl, { log: () => {} });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let started = performance.now();
  const size = await fillLedger(client);
  log(`filled ${size.people} people, ${size.registrations} registrations, ${size.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const staff = await createBenchStaff(client);
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

  started = performance.now();
  app = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", "start"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      APP_URL: BASE_URL,
      SEED_DEMO_DATA: "false",
      SMTP_URL: "",
      DEV_MAILBOX: "false",
      MAIL_DIR: path.join(".data", "bench-mail"),
    },
  });
  app.once("exit", (code) => {
    if (code !== null && code !== 0) log(`the app exited with ${code}`);
  });
  await waitUntilHealthy();
  log(`app up in ${((performance.now() - started) / 1000).toFixed(0)} s (build included when needed)`);

  const results: BenchResult[] = [];
  const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const benches = { dashboard: () => dashboardBench({ client, baseUrl: BASE_URL, staff, cookie: (who) => `next-auth.session-token=${staff.tokens[who]}` }) };
  for (const [id, bench] of Object.entries(benches)) {
    if (only.length > 0 && !only.includes(id)) continue;
    log(`running ${id}`);
    const result = await bench();
    log(`${id}: ${result.figure.name} ${result.figure.value.toFixed(1)} ${result.figure.unit}${result.ok ? "" : " — CORRECTNESS CHECK FAILED"}`);
    results.push(result);
  }
  const postgres = (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  await client.end();
  writeResults(results, { ...size, postgres });
  await cleanUp();
  process.exit(results.every((r) => r.ok) ? 0 : 1);
} catch (error) {
  console.error(error);
  await cleanUp();
  process.exit(1);
}

async function waitUntilHealthy() {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    if (app?.exitCode !== null) throw new Error("the app stopped before it was healthy");
    try {
      if ((await fetch(`${BASE_URL}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the app did not become healthy within 15 minutes");
}

/** A WDL admin and a city staff member with database sessions (as after a magic link). */
async function createBenchStaff(client: pg.Client) {
  const make = async (slug: string, role: "WDL_ADMIN" | "CITY_STAFF") => {
    const { rows } = await client.query<{ id: string; organizationId: string; kind: "WDL" | "CITY"; nameJa: string; nameEn: string }>(
      `INSERT INTO "User" (id, email, name, "organizationId", role, "updatedAt")
       SELECT gen_random_uuid(), $2, 'ベンチ ' || $3::text, o.id, $3::"StaffRole", now() FROM "Organization" o WHERE o.slug = $1
       RETURNING id, "organizationId", (SELECT kind::text FROM "Organization" WHERE slug = $1) AS kind,
                 (SELECT "nameJa" FROM "Organization" WHERE slug = $1) AS "nameJa", (SELECT "nameEn" FROM "Organization" WHERE slug = $1) AS "nameEn"`,
      [slug, `bench-${role.toLowerCase()}@staff.example`, role],
    );
    const user = rows[0]!;
    const token = randomBytes(32).toString("hex");
    await client.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day')`, [
      token,
      user.id,
    ]);
    const staff = {
      id: user.id,
      email: `bench-${role.toLowerCase()}@staff.example`,
      name: `ベンチ ${role}`,
      role,
      locale: "ja",
      disabledAt: null,
      organizationId: user.organizationId,
      organization: { kind: user.kind, nameJa: user.nameJa, nameEn: user.nameEn, slug },
    } as unknown as Staff;
    return { staff, token };
  };
  const wdl = await make("wdl", "WDL_ADMIN");
  const city = await make("ogaki-city", "CITY_STAFF");
  return { wdl: wdl.staff, city: city.staff, tokens: { wdl: wdl.token, city: city.token } };
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function writeResults(results: BenchResult[], data: { people: number; registrations: number; events: number; postgres: string }) {
  const commit = gitCommit();
  const date = new Date().toISOString();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: data.postgres,
    next: (JSON.parse(readFileSync("node_modules/next/package.json", "utf8")) as { version: string }).version,
  };
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${date.slice(0, 10)}-${commit}.json`);
  writeFileSync(file, `${JSON.stringify({ date, commit, machine, data: { ...data, size: BENCH_SIZE }, results }, null, 2)}\n`);

  const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? "—" : n.toFixed(digits));
  const lines = [
    "# Benchmark results",
    "",
    `Latest run: ${date} at commit \`${commit}\` (\`npm run bench\`; the JSON of each run is in \`tests/bench/results/\`).`,
    "",
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}, PostgreSQL ${machine.postgres}, Next ${machine.next}.`,
    `Data: ${data.people.toLocaleString("en")} people, ${data.registrations.toLocaleString("en")} registrations, ${data.events} events.`,
    "",
    "Each figure is the median of three runs after a warm-up; the peer is measured in the same run on the same data.",
    "",
    "| benchmark | workload | figure | peer | ratio | target | met | correctness |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map((r) =>
      [
        r.id,
        r.workload,
        `${r.figure.name}: ${fmt(r.figure.value)} ${r.figure.unit}`,
        r.peer ? `${r.peer.name}: ${fmt(r.peer.value)} ${r.peer.unit}` : "—",
        fmt(r.ratio, 2),
        r.target.text,
        r.ok ? (r.target.met ? "yes" : "no") : "FAILED (correctness)",
        Object.entries(r.correctness)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join("; "),
      ].join(" | ").replace(/^/, "| ").replace(/$/, " |"),
    ),
    "",
  ];
  writeFileSync(path.join(process.cwd(), "tests", "bench", "RESULTS.md"), lines.join("\n"));
  log(`wrote ${path.relative(process.cwd(), file)} and tests/bench/RESULTS.md`);
}
