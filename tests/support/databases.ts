import { randomBytes } from "node:crypto";
import pg from "pg";

// Every test run works in databases of its own, named with a run id, so runs on one server never collide.

export const TEST_DB_PREFIX = "ogaki_t_";

export function newRunId(): string {
  // Time first: stale databases of crashed runs can be recognised by age.
  return `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(serverUrl: string, task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(serverUrl, async (client) => {
    const sql = `CREATE DATABASE ${client.escapeIdentifier(name)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ""}`;
    // Copies from one template are serialised by PostgreSQL and fail if another copy holds it: retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        const busy = error instanceof Error && /being accessed by other users/.test(error.message);
        if (!busy || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

/** Drops this prefix's databases left by runs that crashed more than `olderThanMs` ago. */
export async function dropStaleDatabases(serverUrl: string, prefix: string, olderThanMs = 6 * 3600_000): Promise<void> {
  await withAdmin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      const stamp = Number.parseInt(datname.slice(prefix.length).split("_")[0] ?? "", 36);
      if (Number.isFinite(stamp) && Date.now() - stamp > olderThanMs) {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => {});
      }
    }
  });
}
