import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Steps shared by the launcher (npm start / npm run dev), the test setup and the e2e server.

export const ROOT = process.cwd();
export const DATA_DIR = path.join(ROOT, ".data");
const require_ = createRequire(import.meta.url);

export function log(line: string): void {
  process.stdout.write(`[ogaki] ${line}\n`);
}

/** Reads .env / .env.local when present (Next reads them too; the launcher needs DATABASE_URL before Next runs). */
export function loadDotEnv(): void {
  for (const file of [".env.local", ".env"]) {
    const full = path.join(ROOT, file);
    if (existsSync(full)) process.loadEnvFile(full);
  }
}

/**
 * Generates the Prisma client when the schema or Prisma's version changed. npm here runs no dependency
 * install scripts, so the project generates it itself. `prisma generate` needs no schema engine, but the CLI
 * checks that the path in PRISMA_SCHEMA_ENGINE_BINARY exists: any existing file will do.
 */
export function ensurePrismaClient(): void {
  const schema = readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
  const prismaVersion = (require_("prisma/package.json") as { version: string }).version;
  const hash = createHash("sha256").update(`${prismaVersion}\n${schema}`).digest("hex");
  const marker = path.join(ROOT, "lib", "generated", "prisma", ".schema-hash");
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash) return;
  log("generating the Prisma client");
  const cli = path.join(path.dirname(require_.resolve("prisma/package.json")), "build", "index.js");
  execFileSync(process.execPath, [cli, "generate"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  writeFileSync(marker, hash);
}

type LocalSecrets = { authSecret: string; embeddedDbPassword: string };

/** Secrets for the zero-configuration setup, made once and kept in .data (never used when configured). */
export function localSecrets(): LocalSecrets {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  const secrets: LocalSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    embeddedDbPassword: randomBytes(18).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** True when a production build exists and no source file is newer than it. */
export function buildIsCurrent(): boolean {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  const sources = ["app", "lib", "components", "public", "next.config.ts", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts", "package-lock.json", "prisma/schema.prisma"];
  return !sources.some((entry) => newerThan(path.join(ROOT, entry), builtAt));
}

function newerThan(entry: string, time: number): boolean {
  if (!existsSync(entry)) return false;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(entry).some(
    (child) => child !== "generated" && !child.startsWith(".") && newerThan(path.join(entry, child), time),
  );
}

export function nextBin(): string {
  return path.join(path.dirname(require_.resolve("next/package.json")), "dist", "bin", "next");
}

/**
 * Runs `task` against DATABASE_URL, or, when it is not set, against the embedded server of `npm start`
 * (started for the task and stopped after it).
 */
export async function withDatabaseUrl<T>(task: (databaseUrl: string) => Promise<T>): Promise<T> {
  loadDotEnv();
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) return task(configured);
  const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
  const server = await startEmbeddedPostgres({
    dataDir: path.join(DATA_DIR, "pg"),
    password: localSecrets().embeddedDbPassword,
    log,
  });
  try {
    await ensureDatabase(server.url("postgres"), "ogaki");
    return await task(server.url("ogaki"));
  } finally {
    await server.stop();
  }
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
