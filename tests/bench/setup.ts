import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import type { Staff } from "@/lib/server/auth";
import { createDatabase, dropDatabase, dropStaleDatabases } from "../support/databases";
import { startTestServer } from "../support/test-server";
import { fillLedger } from "./fill";
import { startSmtpSink, type SmtpSink } from "./sink";
import type { BenchContext } from "./types";

// What `npm run bench` and `npm run bench:soak` both stand on: a fresh database on an embedded PostgreSQL (or
// TEST_DATABASE_URL's server), filled with the ledger (tests/bench/fill.ts), an SMTP sink, and the production
// app (`next start` plus its mail worker, lib/cli/start.ts) with the load-test environment, on 127.0.0.1.

const DB_PREFIX = "ogaki_bench_";

export type BenchEnvironment = {
  context: BenchContext;
  size: { people: number; registrations: number; events: number };
  /** PostgreSQL's version, for the results. */
  postgres: () => Promise<string>;
  /** Stops the app and the sink and drops the database (idempotent). */
  stop: () => Promise<void>;
};

export async function startBenchEnvironment(log: (message: string) => void): Promise<BenchEnvironment> {
  const port = Number(process.env.BENCH_PORT ?? 3700);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startTestServer("bench");
  await dropStaleDatabases(server.serverUrl, DB_PREFIX, 3600_000);
  const dbName = `${DB_PREFIX}${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = await createDatabase(server.serverUrl, dbName);
  let app: ChildProcess | null = null;
  let sink: SmtpSink | null = null;
  let client: pg.Client | null = null;
  let stopped: Promise<void> | null = null;

  const stop = () =>
    (stopped ??= (async () => {
      await client?.end().catch(() => {});
      if (app && app.exitCode === null) {
        app.kill("SIGTERM");
        await new Promise((resolve) => app!.once("exit", resolve));
      }
      await sink?.close();
      await dropDatabase(server.serverUrl, dbName).catch(() => {});
      await server.stop();
    })());
  process.on("SIGINT", () => void stop().then(() => process.exit(130)));

  try {
    await migrate(databaseUrl, { log: () => {} });
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let started = performance.now();
    const size = await fillLedger(client);
    log(`filled ${size.people} people, ${size.registrations} registrations, ${size.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const staff = await createBenchStaff(client);
    process.env.DATABASE_URL = databaseUrl;
    process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

    sink = await startSmtpSink();
    started = performance.now();
    app = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", "start"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        APP_URL: baseUrl,
        SEED_DEMO_DATA: "false",
        SMTP_URL: sink.url,
        DEV_MAILBOX: "false",
        // As behind the load balancer: each simulated person's address arrives in X-Forwarded-For.
        TRUST_PROXY: "1",
        // Load comes from few addresses on purpose; the limits themselves are tested elsewhere.
        RATE_LIMIT_SIGNUP_PER_IP: "100000000",
        RATE_LIMIT_API_READS_PER_MINUTE: "100000000",
        RATE_LIMIT_API_WRITES_PER_MINUTE: "100000000",
        RATE_LIMIT_SIGNUP_PER_EMAIL: "1000",
        SIGNUP_MIN_FILL_SECONDS: "0",
        // The follow-up benchmark measures the sending path, not the configured ceiling.
        MAIL_RATE_PER_MINUTE: "0",
        // The worker runs the retention job once at start; on three years of generated history that catch-up
        // would write to most rows while the first benchmark measures (the job has its own tests).
        RETENTION_ANSWERS_DAYS: "36500",
        RETENTION_CARE_NOTE_DAYS: "36500",
        RETENTION_INACTIVE_MONTHS: "1200",
      },
    });
    app.once("exit", (code) => {
      if (code !== null && code !== 0) log(`the app exited with ${code}`);
    });
    await waitUntilHealthy(baseUrl, app);
    log(`app up in ${((performance.now() - started) / 1000).toFixed(0)} s (build included when needed)`);

    const orgs = await client.query<{ slug: string; id: string }>(`SELECT slug, id FROM "Organization"`);
    const orgId = (slug: string) => orgs.rows.find((o) => o.slug === slug)!.id;
    const launcher = app.pid ?? null;
    const connected = client;
    const context: BenchContext = {
      client: connected,
      databaseUrl,
      baseUrl,
      staff: { wdl: staff.wdl, city: staff.city },
      cookie: (who) => `next-auth.session-token=${staff.tokens[who]}`,
      sink,
      organizations: { wdlId: orgId("wdl"), cityId: orgId("ogaki-city") },
      processes: () => appProcesses(launcher),
      log,
    };
    const postgres = async () => (await connected.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    return { context, size, postgres, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The launcher's children (lib/cli/start.ts): the `next start` server and the mail worker, read from /proc. */
function appProcesses(launcher: number | null): { server: number | null; worker: number | null } {
  const found = { server: null as number | null, worker: null as number | null };
  if (launcher === null) return found;
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const walk = (pid: number) => {
    for (const child of children(pid)) {
      const cmd = readFileSync(`/proc/${child}/cmdline`, "utf8").replaceAll("\0", " ");
      // `next start` may serve from a forked child titled next-server: the deepest match is the server.
      if (/next-server/.test(cmd) || (/next\/dist\/bin\/next start/.test(cmd) && found.server === null)) found.server = child;
      if (cmd.includes("lib/cli/worker.ts") && found.worker === null) found.worker = child;
      walk(child);
    }
  };
  walk(launcher);
  return found;
}

async function waitUntilHealthy(baseUrl: string, app: ChildProcess) {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error("the app stopped before it was healthy");
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
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
