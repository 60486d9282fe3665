import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "../../../support/db";

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

async function emptyDatabase() {
  const database = await createTestDatabase({ empty: true });
  databases.push(database);
  return database;
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  tempDirs.push(dir);
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

describe("npm run db:migrate", () => {
  it("records every migration in _prisma_migrations exactly as Prisma Migrate does", async () => {
    const { url } = await emptyDatabase();
    const result = await migrate(url);
    const files = readMigrations();
    expect(result.applied).toEqual(files.map((f) => f.name));

    const columns = await query<{ column_name: string; data_type: string; is_nullable: string; character_maximum_length: number | null }>(
      url,
      `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO", character_maximum_length: 36 },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO", character_maximum_length: 64 },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES", character_maximum_length: null },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO", character_maximum_length: 255 },
      { column_name: "logs", data_type: "text", is_nullable: "YES", character_maximum_length: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES", character_maximum_length: null },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO", character_maximum_length: null },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO", character_maximum_length: null },
    ]);

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      started_at: Date;
      logs: string | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.migration_name).toBe(files[i]?.name);
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is a no-op the second time", async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    const [{ count }] = await query<{ count: string }>(url, `SELECT count(*) FROM "_prisma_migrations"`) as [{ count: string }];
    expect(Number(count)).toBe(readMigrations().length);
  });

  it("lets only one of two instances starting at once apply the migrations", async () => {
    const { url } = await emptyDatabase();
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    const appliedTotal = a.applied.length + b.applied.length;
    expect(appliedTotal).toBe(readMigrations().length);
    expect([a.applied.length, b.applied.length]).toContain(0);
    const rows = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(readMigrations().length);
  });

  it("refuses to run when an applied migration's file has changed", async () => {
    const { url } = await emptyDatabase();
    const dir = copyOfMigrations();
    await migrate(url, { dir });
    const first = readMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited after it was applied\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(/was modified after it was applied/);
  });

  it("accepts the same file with Windows line endings, as Prisma does", async () => {
    const { url } = await emptyDatabase();
    const dir = copyOfMigrations();
    await migrate(url, { dir });
    const first = readMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, "migration.sql"), first.sql.replace(/\n/g, "\r\n"));
    await expect(migrate(url, { dir })).resolves.toEqual({ applied: [], alreadyApplied: readMigrations(dir).length });
  });

  it("rolls back a failing migration completely and records nothing for it", async () => {
    const { url } = await emptyDatabase();
    const dir = copyOfMigrations();
    await migrate(url, { dir });
    const broken = path.join(dir, "29990101000000_broken");
    cpSync(path.join(dir, readMigrations(dir)[0]!.name), broken, { recursive: true });
    writeFileSync(
      path.join(broken, "migration.sql"),
      `CREATE TABLE "HalfDone" (id int);\nALTER TABLE "NoSuchTable" ADD COLUMN x int;\n`,
    );
    await expect(migrate(url, { dir })).rejects.toThrow(/29990101000000_broken failed and was rolled back/);
    const tables = await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'HalfDone'`);
    expect(tables).toHaveLength(0);
    const rows = await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    expect(rows).toHaveLength(0);
  });

  it("refuses to run after a migration that Prisma recorded as failed", async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', repeat('0', 64), '29990101000000_failed', 'boom', now(), 0)`,
    );
    await expect(migrate(url)).rejects.toThrow(/failed earlier and is not resolved/);
  });
});
