import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "./db";

/**
 * A test database that app modules (the data and mutations modules) also use: they read DATABASE_URL and
 * AUTH_SECRET lazily, on first use, so setting them here before any call is enough (one file = one process).
 */
export async function useAppDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.APP_URL ??= "http://localhost:3000";
  return database;
}
