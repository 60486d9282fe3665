import "server-only";
import { getDb } from "@/lib/server/db";

// Fixed-window counters in PostgreSQL, so a limit holds across every app instance (DESIGN.md §6).

export type RateLimitResult = { limited: boolean; count: number; resetAt: Date };

export async function consumeRateLimit(key: string, limit: number, windowSeconds: number, now = new Date()): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const resetAt = new Date(windowStart.getTime() + windowMs);
  const [row] = await getDb().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" (key, "windowStart", count, "expiresAt")
    VALUES (${key}, ${windowStart}, 1, ${resetAt})
    ON CONFLICT (key, "windowStart") DO UPDATE SET count = "RateLimitBucket".count + 1
    RETURNING count`;
  const count = row?.count ?? 1;
  return { limited: count > limit, count, resetAt };
}

/** Old windows are of no use; the worker clears them now and then. */
export async function deleteExpiredRateLimits(now = new Date()): Promise<number> {
  const { count } = await getDb().rateLimitBucket.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
