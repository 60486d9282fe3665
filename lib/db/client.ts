import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one place a PrismaClient is built. App code reaches it only through lib/server/db.ts (server-only,
// and a lint rule admits it only in data.ts / mutations.ts); the seed and tests build their own here.
export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString,
    max: options.max ?? 10,
    // Seat changes wait for a per-event lock; a request never waits long for it (DESIGN.md §3, Seats).
    // Sessions run in UTC: the driver reads timestamptz results of raw queries as UTC, so a server (or
    // embedded server started) with another TimeZone would shift every such time by its offset.
    // No JIT: our queries are short or, like the dashboard's, a few hundred milliseconds at most, and
    // PostgreSQL's JIT compiles a large plan for longer than it runs (measured: 640 ms of a 960 ms dashboard
    // query on 100,000 registrations; tests/bench).
    options: "-c lock_timeout=5s -c TimeZone=UTC -c jit=off",
  });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
