import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { DATA_DIR } from "@/lib/cli/prepare";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";

// Processes the crash and double-submit tests start and kill: the sign-up API (tests/support/crash/app-server.ts)
// and a PostgreSQL server of the test's own (never the shared one on 5432, which `pg_ctl stop -m immediate`
// would take down for everyone).

export type AppProcess = { child: ChildProcess; url: string; port: number; output: () => string; kill: (signal?: NodeJS.Signals) => Promise<void> };

/** The env the sign-up API runs with in these tests: limits out of the way (the rush comes from one machine). */
export function appEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production", // as deployed: the test-only lock switch is unreachable here
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "crash-test-secret-crash-test-secret-0123456789",
    APP_URL: "http://localhost:3000",
    TRUST_PROXY: "1",
    RATE_LIMIT_SIGNUP_PER_IP: "1000000",
    RATE_LIMIT_SIGNUP_PER_EMAIL: "1000000",
    RATE_LIMIT_API_WRITES_PER_MINUTE: "1000000",
    RATE_LIMIT_API_READS_PER_MINUTE: "1000000",
  };
}

export async function startApp(port: number, env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/crash/app-server.ts", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/LISTENING \d+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    kill: async (signal = "SIGKILL") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export type SignupAnswer = { email: string; httpStatus: number; body: Record<string, unknown> | null; error?: string };

/** One sign-up over HTTP; a network error or an abort is an answer too (httpStatus 0: the client was told nothing). */
export async function postSignupHttp(
  baseUrl: string,
  slug: string,
  body: Record<string, unknown>,
  options: { ip?: string; signal?: AbortSignal } = {},
): Promise<SignupAnswer> {
  const email = String(body.email);
  try {
    const response = await fetch(`${baseUrl}/api/events/${slug}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": options.ip ?? "203.0.113.1" },
      body: JSON.stringify(body),
      signal: options.signal,
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = null;
    }
    return { email, httpStatus: response.status, body: parsed };
  } catch (error) {
    return { email, httpStatus: 0, body: null, error: String(error) };
  }
}

// ───────────────────────────── A PostgreSQL server of the test's own ─────────────────────────────

export type OwnPostgres = { dataDir: string; port: number; server: EmbeddedServer; url: (db: string) => string };

export function ownPostgresDir(name: string): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const parent = mkdtempSync(path.join(DATA_DIR, `${name}-`));
  chmodSync(parent, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach the folder
  return path.join(parent, "pg");
}

export async function startOwnPostgres(dataDir: string, port: number, password: string): Promise<OwnPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, password, preferredPort: port, persistent: false });
  return { dataDir, port: server.port, server, url: server.url };
}

/**
 * `pg_ctl stop -m immediate`: every server process quits at once, without a checkpoint; the next start runs
 * crash recovery from the WAL. As root the server runs as the postgres user, and so must pg_ctl (with the
 * binaries and data folder that user can reach: lib/db/embedded.ts).
 */
export function stopPostgresImmediately(postgres: OwnPostgres): void {
  const pgCtl = path.join(postgres.server.binDir, "pg_ctl");
  const args = ["stop", "-m", "immediate", "-w", "-D", postgres.server.dataDir];
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", pgCtl, ...args], { stdio: "pipe", cwd: "/" });
  else execFileSync(pgCtl, args, { stdio: "pipe" });
}
