import { readFileSync } from "node:fs";
import path from "node:path";

export const E2E_DB_PREFIX = "ogaki_e2e_";

export type E2eRun = { databaseUrl: string; mailDir: string; baseUrl: string };

export function e2eRunFile(runId: string): string {
  return path.join(process.cwd(), ".data", "e2e", `${runId}.json`);
}

/** What the e2e server of this run set up (its database and mail folder), for tests that look behind the UI. */
export function currentRun(): E2eRun {
  const runId = process.env.E2E_RUN_ID;
  if (!runId) throw new Error("E2E_RUN_ID is not set: run the e2e tests with `npm run test:e2e`.");
  return JSON.parse(readFileSync(e2eRunFile(runId), "utf8")) as E2eRun;
}
