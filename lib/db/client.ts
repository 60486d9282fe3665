import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one place a PrismaClient is built. App code reaches it only through lib/server/db.ts (server-only,
// and a lint rule admits it only in data.ts / mutations.ts); the seed and tests build their own here.
export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString,
    max: options.max ?? 10,
    // Seat changes wait for a per-event lock; a request never waits long for it (DESIGN.md §3, Seats).
    options: "-c lock_timeout=5s",
  });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
