import "server-only";
import { readMigrations } from "@/lib/db/migrate";
import { getDb } from "@/lib/server/db";

export type Health = {
  status: "ok" | "degraded";
  database: "ok" | "unreachable";
  migrations: { applied: number; expected: number } | null;
  time: string;
};

export async function checkHealth(): Promise<Health> {
  const time = new Date().toISOString();
  try {
    const rows = await getDb().$queryRaw<{ applied: bigint }[]>`
      SELECT count(*) AS applied FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = Number(rows[0]?.applied ?? 0);
    const expected = readMigrations().length;
    return {
      status: applied >= expected ? "ok" : "degraded",
      database: "ok",
      migrations: { applied, expected },
      time,
    };
  } catch {
    return { status: "degraded", database: "unreachable", migrations: null, time };
  }
}
