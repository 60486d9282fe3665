import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DATA_DIR, localSecrets } from "@/lib/cli/prepare";
import { processAlive, recoverStaleServer, removeDataDir, startEmbeddedPostgres } from "@/lib/db/embedded";

// The PostgreSQL server tests use: TEST_DATABASE_URL when set (CI points it at the machine's server),
// otherwise a throw-away embedded server in .data/<name>-pg-<pid>.

export type TestServer = { serverUrl: string; stop: () => Promise<void> };

/** Servers and folders of earlier test runs that were killed before their teardown. */
async function removeAbandonedServers(name: string): Promise<void> {
  if (!existsSync(DATA_DIR)) return;
  for (const entry of readdirSync(DATA_DIR)) {
    const match = new RegExp(`^${name}-pg-(\\d+)$`).exec(entry);
    if (!match || processAlive(Number(match[1]))) continue;
    const dir = path.join(DATA_DIR, entry);
    await recoverStaleServer(dir, () => {});
    removeDataDir(dir); // and, as root, the folder outside the project it may link to (lib/db/embedded.ts)
    rmSync(`${dir}.log`, { force: true });
    rmSync(`${dir}.owner`, { force: true });
  }
}

export async function startTestServer(name: string): Promise<TestServer> {
  const configured = process.env.TEST_DATABASE_URL?.trim();
  if (configured) return { serverUrl: configured, stop: async () => {} };
  await removeAbandonedServers(name);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(DATA_DIR, `${name}-pg-${process.pid}`),
    password: localSecrets().embeddedDbPassword,
    persistent: false,
    preferredPort: 0,
  });
  return { serverUrl: server.url("postgres"), stop: server.stop };
}
