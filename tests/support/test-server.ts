import path from "node:path";
import { DATA_DIR, localSecrets } from "@/lib/cli/prepare";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

// The PostgreSQL server tests use: TEST_DATABASE_URL when set (CI points it at the machine's server),
// otherwise a throw-away embedded server.

export type TestServer = { serverUrl: string; stop: () => Promise<void> };

export async function startTestServer(name: string): Promise<TestServer> {
  const configured = process.env.TEST_DATABASE_URL?.trim();
  if (configured) return { serverUrl: configured, stop: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir: path.join(DATA_DIR, `${name}-pg-${process.pid}`),
    password: localSecrets().embeddedDbPassword,
    persistent: false,
    preferredPort: 0,
  });
  return { serverUrl: server.url("postgres"), stop: server.stop };
}
