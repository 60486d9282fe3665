import "server-only";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { getEnv } from "@/lib/server/env";

// One client per process; kept on globalThis so dev-mode hot reloads do not open new pools.
const globalForDb = globalThis as unknown as { __db?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__db ??= createPrismaClient(getEnv().DATABASE_URL);
  return globalForDb.__db;
}
