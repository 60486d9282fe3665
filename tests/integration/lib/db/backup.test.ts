import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { seedDemoData } from "@/prisma/seed";
import { createTestDatabase, type TestDatabase } from "../../../support/db";

// The documented backup and restore (`npm run db:backup`, `npm run db:restore -- <file> --into <url>`, README):
// a dump of a database holding every kind of record, restored into a fresh database, gives back every table with
// the same rows (count and a checksum over the rows in a fixed order), the same schema (columns, indexes,
// constraints, enum values), the same sequence positions and the same migration history.

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../../..");
const dir = mkdtempSync(path.join(tmpdir(), "backup-test-"));
const databases: TestDatabase[] = [];

// Without TEST_DATABASE_URL the tests run on the embedded PostgreSQL (18), which the machine's pg_dump may be too
// old to read (lib/cli/backup.ts says so to the user): then these tests are skipped, saying why.
async function toolsCanRead(serverUrl: string): Promise<boolean> {
  const { stdout } = await exec("pg_dump", ["--version"]).catch(() => ({ stdout: "" }));
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const server = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v);
  await client.end();
  return Number(/(\d+)/.exec(stdout)?.[1] ?? 0) >= Math.floor(server / 10000);
}
const runnable = await toolsCanRead(inject("serverUrl"));
if (!runnable) console.warn("backup tests skipped: pg_dump is missing or older than the test server");

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string>) {
  return exec(process.execPath, ["--import", "tsx", "lib/cli/backup.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...env, PATH: process.env.PATH ?? "" },
  });
}

async function fingerprint(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
    const tables = await q<{ name: string }>("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    const rows: Record<string, { count: number; checksum: string | null }> = {};
    for (const { name } of tables) {
      const [row] = await q<{ count: number; checksum: string | null }>(
        `SELECT count(*)::int AS count, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS checksum FROM ${name} t`,
      );
      rows[name] = row!;
    }
    const schema = {
      columns: await q("SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"),
      indexes: await q("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
      constraints: await q("SELECT conrelid::regclass::text AS on, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"),
      // The labels' order, not enumsortorder itself: a label added with ADD VALUE … AFTER gets a fractional sort
      // order (1.5), which pg_dump recreates as the next whole number with the same order.
      enums: await q(
        "SELECT t.typname, e.enumlabel, rank() OVER (PARTITION BY t.typname ORDER BY e.enumsortorder) AS position FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, 3",
      ),
      sequences: await q("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"),
    };
    return { rows, schema };
  } finally {
    await client.end();
  }
}

describe.runIf(runnable)("backup and restore", () => {
  it("restores every row, checksum, schema object and migration record into a fresh database", async () => {
    const source = await createTestDatabase();
    databases.push(source);
    await seedDemoData(source.db);
    // Text the dump must carry byte for byte: Japanese, quotes, backslashes, newlines, tabs, emoji.
    await source.db.organization.update({ where: { slug: "wdl" }, data: { nameEn: "Work \"Design\" Lab\\\n\tテスト🙂" } });

    const before = await fingerprint(source.url);
    expect(before.rows['public."Registration"']?.count).toBeGreaterThan(0);
    expect(before.rows["public._prisma_migrations"]?.count).toBeGreaterThan(0);

    const file = path.join(dir, "ogaki.dump");
    await cli(["backup", file], { DATABASE_URL: source.url });

    const target = await createTestDatabase({ empty: true });
    databases.push(target);
    await cli(["restore", file, "--into", target.url], {});

    const after = await fingerprint(target.url);
    expect(Object.keys(after.rows)).toEqual(Object.keys(before.rows));
    expect(after.rows).toEqual(before.rows);
    expect(after.schema).toEqual(before.schema);

    // The comparison sees a difference when there is one (a changed row changes its table's checksum).
    await target.db.organization.update({ where: { slug: "wdl" }, data: { nameEn: "changed" } });
    expect((await fingerprint(target.url)).rows['public."Organization"']).not.toEqual(before.rows['public."Organization"']);
  });

  it("refuses to restore over a database that holds tables, and leaves it as it was", async () => {
    const target = await createTestDatabase();
    databases.push(target);
    const before = await fingerprint(target.url);
    const file = path.join(dir, "any.dump");
    writeFileSync(file, "not an archive");
    await expect(cli(["restore", file, "--into", target.url], {})).rejects.toMatchObject({ stderr: expect.stringContaining("not empty") });
    expect(await fingerprint(target.url)).toEqual(before);
  });

  it("leaves the target empty when the archive is broken", async () => {
    const target = await createTestDatabase({ empty: true });
    databases.push(target);
    const file = path.join(dir, "broken.dump");
    writeFileSync(file, "PGDMP broken");
    await expect(cli(["restore", file, "--into", target.url], {})).rejects.toBeTruthy();
    expect(Object.keys((await fingerprint(target.url)).rows)).toEqual([]);
  });
});
