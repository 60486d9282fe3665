import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations/* without Prisma's native schema engine (it cannot be downloaded here) and
// records them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can take
// over a database the other migrated.

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** The advisory lock key Prisma Migrate itself takes: our runner and Prisma's exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The table as Prisma Migrate creates it (schema-engine, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationFile = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** Prisma's checksum: SHA-256 of the script, lower-case hex. */
export function prismaChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Like Prisma, a checksum also matches the same script with the other line endings (git may convert them). */
export function checksumMatches(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, "\n"), script.replace(/\r?\n/g, "\r\n")];
  return variants.some((variant) => prismaChecksum(variant) === checksum);
}

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: prismaChecksum(sql) };
    });
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export type MigrateResult = { applied: string[]; alreadyApplied: number };

/**
 * Applies pending migrations in name order, each in its own transaction, under Prisma's advisory lock
 * (two instances starting at once: the second waits, then finds nothing to do). Refuses to run when an
 * applied migration's file changed or is missing, or when a migration failed earlier and was not resolved.
 */
export async function migrate(
  connectionString: string,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const files = readMigrations(options.dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const live = rows.filter((row) => row.rolled_back_at === null);
      const failed = live.filter((row) => row.finished_at === null);
      if (failed.length > 0) {
        throw new MigrationError(
          `Migration ${failed.map((row) => row.migration_name).join(", ")} failed earlier and is not resolved ` +
            `(Prisma P3009). Fix the database, then mark it with \`prisma migrate resolve\`.`,
        );
      }
      const byName = new Map(files.map((file) => [file.name, file]));
      for (const row of live) {
        const file = byName.get(row.migration_name);
        if (!file) {
          throw new MigrationError(
            `Migration ${row.migration_name} is applied to the database but missing from prisma/migrations.`,
          );
        }
        if (!checksumMatches(file.sql, row.checksum)) {
          throw new MigrationError(
            `Migration ${row.migration_name} was modified after it was applied ` +
              `(checksum ${row.checksum.slice(0, 12)}… in the database). Restore the file; write a new migration instead.`,
          );
        }
      }
      const appliedNames = new Set(live.map((row) => row.migration_name));
      const pending = files.filter((file) => !appliedNames.has(file.name));
      for (const file of pending) {
        log(`applying ${file.name}`);
        await client.query("BEGIN");
        try {
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), 0)`,
            [randomUUID(), file.checksum, file.name],
          );
          await client.query(file.sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1
             WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
            [file.name],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          const reason = error instanceof Error ? error.message : String(error);
          throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${reason}`);
        }
      }
      return { applied: pending.map((file) => file.name), alreadyApplied: live.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
