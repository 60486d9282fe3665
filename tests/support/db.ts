import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createDatabase, dropDatabase, TEST_DB_PREFIX } from "./databases";

export type TestDatabase = { name: string; url: string; db: PrismaClient; drop: () => Promise<void> };

/** A fresh database for one test file: a copy of the migrated template (or empty, for migration tests). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = inject("serverUrl");
  const name = `${TEST_DB_PREFIX}${inject("runId")}_${randomBytes(4).toString("hex")}`;
  const url = await createDatabase(serverUrl, name, options.empty ? undefined : inject("templateDb"));
  const db = createPrismaClient(url, { max: 20 });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await dropDatabase(serverUrl, name);
    },
  };
}
