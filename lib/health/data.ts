import "server-only";
import { getDb } from "@/lib/server/db";

export type Health = {
  status: "ok" | "degraded";
  database: "ok" | "unreachable";
  migrations: { applied: number; failed: number } | null;
  time: string;
};

/** The database answers and no migration is left failed (the launcher applies pending ones before serving). */
export async function checkHealth(): Promise<Health> {
  const time = new Date().toISOString();
  try {
    const rows = await getDb().$queryRaw<{ applied: bigint; failed: bigint }[]>`
      SELECT count(*) FILTER (WHERE finished_at IS NOT NULL) AS applied,
             count(*) FILTER (WHERE finished_at IS NULL) AS failed
      FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`;
    const applied = Number(rows[0]?.applied ?? 0);
    const failed = Number(rows[0]?.failed ?? 0);
    return { status: applied > 0 && failed === 0 ? "ok" : "degraded", database: "ok", migrations: { applied, failed }, time };
  } catch {
    return { status: "degraded", database: "unreachable", migrations: null, time };
  }
}
