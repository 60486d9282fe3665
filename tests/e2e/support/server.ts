import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DATA_DIR } from "@/lib/cli/prepare";
import { createDatabase, dropDatabase, dropStaleDatabases } from "../../support/databases";
import { startTestServer } from "../../support/test-server";
import { E2E_DB_PREFIX, e2eRunFile, type E2eRun } from "./run";

// Playwright's webServer: a fresh database for this run, then the real launcher (`npm start` path:
// migrate, seed, build when needed, `next start`). Cleans up on SIGTERM.

const runId = process.env.E2E_RUN_ID ?? `${Date.now().toString(36)}_manual`;
const port = process.env.E2E_PORT ?? "3100";

const server = await startTestServer("e2e");
await dropStaleDatabases(server.serverUrl, E2E_DB_PREFIX);
const dbName = `${E2E_DB_PREFIX}${runId}`;
const databaseUrl = await createDatabase(server.serverUrl, dbName);
const mailDir = path.join(DATA_DIR, "e2e-mail", runId);
mkdirSync(path.dirname(e2eRunFile(runId)), { recursive: true });
const run: E2eRun = { databaseUrl, mailDir, baseUrl: `http://127.0.0.1:${port}` };
writeFileSync(e2eRunFile(runId), JSON.stringify(run));

const app = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", "start"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SEED_DEMO_DATA: "true",
    PORT: port,
    APP_URL: run.baseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    MAIL_DIR: mailDir,
    DEV_MAILBOX: "true",
    SMTP_URL: process.env.E2E_SMTP_URL ?? "",
  },
});

let cleaning = false;
async function cleanUp(code: number) {
  if (cleaning) return;
  cleaning = true;
  if (app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((resolve) => app.once("exit", resolve));
  }
  await dropDatabase(server.serverUrl, dbName).catch(() => {});
  rmSync(mailDir, { recursive: true, force: true });
  rmSync(e2eRunFile(runId), { force: true });
  await server.stop();
  process.exit(code);
}

process.on("SIGTERM", () => void cleanUp(0));
process.on("SIGINT", () => void cleanUp(0));
app.on("exit", (code) => void cleanUp(code ?? 1));
