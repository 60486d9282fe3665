import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { compareDatabaseToSchema, loadDmmf, type Dmmf } from "../support/schema-match";

let dmmf: Dmmf;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  dmmf = await loadDmmf();
});
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

describe("the migrated database matches prisma/schema.prisma", () => {
  it("has every model, field, type, nullability, enum, unique, index and foreign key of the DMMF", async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    await migrate(database.url);
    expect(dmmf.datamodel.models.length).toBeGreaterThan(20);
    expect(await compareDatabaseToSchema(database.url, dmmf)).toEqual([]);
  });

  it("describes the same models as the generated client", async () => {
    const generated = readFileSync(path.join(process.cwd(), "lib/generated/prisma/internal/class.ts"), "utf8");
    const runtimeModel = JSON.parse(
      JSON.parse(`"${/runtimeDataModel = JSON\.parse\("((?:[^"\\]|\\.)*)"\)/.exec(generated)?.[1] ?? ""}"`),
    ) as { models: Record<string, { fields: { name: string }[] }> };
    for (const model of dmmf.datamodel.models) {
      expect(runtimeModel.models[model.name]?.fields.map((f) => f.name), model.name).toEqual(
        model.fields.map((f) => f.name),
      );
    }
  });

  it("fails when a column is dropped from a migration", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const init = readMigrations(dir)[0]!;
      const withoutFurigana = init.sql.replace(/^\s*"furigana" TEXT,\n/m, "");
      expect(withoutFurigana).not.toBe(init.sql);
      writeFileSync(path.join(dir, init.name, "migration.sql"), withoutFurigana);
      const database = await createTestDatabase({ empty: true });
      databases.push(database);
      await migrate(database.url, { dir });
      expect(await compareDatabaseToSchema(database.url, dmmf)).toEqual([
        `Participant.furigana: column "Participant"."furigana" missing`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
