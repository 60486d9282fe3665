import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../../../support/db";

// "Store UTC, show Asia/Tokyo, whatever the server's TZ": a database whose default time zone is Tokyo
// (common on Japanese servers) must not shift the times raw queries return.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${t.name}" SET timezone = 'Asia/Tokyo'`);
  await admin.end();
});
afterAll(async () => {
  await t.drop();
});

describe("database sessions", () => {
  it("read times from raw queries correctly on a server set to Tokyo time", async () => {
    const db = createPrismaClient(t.url, { max: 1 });
    try {
      const [row] = await db.$queryRaw<{ now: Date; zone: string }[]>`SELECT clock_timestamp() AS now, current_setting('TimeZone') AS zone`;
      expect(Math.abs(row!.now.getTime() - Date.now())).toBeLessThan(5_000);
      expect(row!.zone).toBe("UTC");
    } finally {
      await db.$disconnect();
    }
  });

  it("wait at most five seconds for a lock", async () => {
    const db = createPrismaClient(t.url, { max: 1 });
    try {
      const [row] = await db.$queryRaw<{ timeout: string }[]>`SELECT current_setting('lock_timeout') AS timeout`;
      expect(row!.timeout).toBe("5s");
    } finally {
      await db.$disconnect();
    }
  });
});
