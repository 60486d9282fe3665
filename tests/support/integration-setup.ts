import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/db/migrate";
import { createDatabase, dropDatabase, dropStaleDatabases, newRunId, TEST_DB_PREFIX, withAdmin } from "./databases";
import { startTestServer } from "./test-server";

// Once per run: one migrated template database; each test file copies it (tests/support/db.ts).

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    templateDb: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer("test");
  const runId = newRunId();
  const templateDb = `${TEST_DB_PREFIX}${runId}_template`;
  await dropStaleDatabases(server.serverUrl, TEST_DB_PREFIX);
  const templateUrl = await createDatabase(server.serverUrl, templateDb);
  await migrate(templateUrl);
  project.provide("serverUrl", server.serverUrl);
  project.provide("templateDb", templateDb);
  project.provide("runId", runId);

  return async () => {
    await withAdmin(server.serverUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
        `${TEST_DB_PREFIX}${runId}%`,
      ]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }).catch(() => dropDatabase(server.serverUrl, templateDb));
    await server.stop();
  };
}
