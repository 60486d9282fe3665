import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, type WriteStream } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { DATA_DIR } from "@/lib/cli/prepare";
import { createDatabase, dropDatabase, dropStaleDatabases } from "../../support/databases";
import { startTestServer } from "../../support/test-server";
import { E2E_DB_PREFIX, e2eLogDir, e2eRunFile, type E2eRun } from "./run";

// Playwright's webServer. For this run: fresh databases, a real SMTP server that keeps every message it
// receives as a file, and the app started by the real launcher (`npm start` path: migrate, seed, build when
// needed, `next start`, mail worker) twice: with that SMTP server, and without SMTP (development mailbox).
// Everything is removed again on SIGTERM.

const runId = process.env.E2E_RUN_ID ?? `${Date.now().toString(36)}_manual`;
const appPort = Number(process.env.E2E_PORT ?? 3100);
const mailboxPort = appPort + 1;

const dbServer = await startTestServer("e2e");
await dropStaleDatabases(dbServer.serverUrl, E2E_DB_PREFIX);
const appDb = `${E2E_DB_PREFIX}${runId}`;
const mailboxDb = `${E2E_DB_PREFIX}${runId}_mailbox`;
const runDir = path.join(DATA_DIR, "e2e", runId);
const smtpDir = path.join(runDir, "smtp");
const mailDir = path.join(runDir, "mail");
mkdirSync(smtpDir, { recursive: true });

// Everything the app instances print (launcher, next start, mail worker: they share the launcher's output) is
// kept per run, so tests/e2e/zz-logs.spec.ts can check that no name or email address reached the logs. Kept
// after the run for reading; logs older than a week are removed.
const logDir = e2eLogDir();
mkdirSync(logDir, { recursive: true });
for (const file of readdirSync(logDir)) {
  const full = path.join(logDir, file);
  if (Date.now() - statSync(full).mtimeMs > 7 * 24 * 3600_000) rmSync(full, { force: true });
}
const logFiles = { app: path.join(logDir, `${runId}-app.log`), mailbox: path.join(logDir, `${runId}-mailbox.log`) };

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const name = `${Date.now()}-${String(++received).padStart(5, "0")}`;
      writeFileSync(path.join(smtpDir, `${name}.json`), JSON.stringify({ to: session.envelope.rcptTo.map((r) => r.address) }));
      writeFileSync(path.join(smtpDir, `${name}.eml`), Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;

const run: E2eRun = {
  app: { baseUrl: `http://127.0.0.1:${appPort}`, databaseUrl: await createDatabase(dbServer.serverUrl, appDb) },
  mailbox: { baseUrl: `http://127.0.0.1:${mailboxPort}`, databaseUrl: await createDatabase(dbServer.serverUrl, mailboxDb), mailDir },
  smtpDir,
  logFiles: [logFiles.app, logFiles.mailbox],
};
writeFileSync(e2eRunFile(runId), JSON.stringify(run));

const children: ChildProcess[] = [];
const logStreams: WriteStream[] = [];
function startApp(port: number, logFile: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", "start"], {
    // Output goes to the run's log file and on to Playwright (which shows it with DEBUG=pw:webserver).
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SEED_DEMO_DATA: "true",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      SIGNUP_MIN_FILL_SECONDS: "1",
      // The e2e rush sends hundreds of sign-ups from one address.
      RATE_LIMIT_SIGNUP_PER_IP: "100000",
      RATE_LIMIT_SIGNUP_PER_EMAIL: "100",
      // Specs that need separate limits send their own X-Forwarded-For, as a load balancer would write it.
      TRUST_PROXY: "1",
      RATE_LIMIT_API_READS_PER_MINUTE: "100000",
      RATE_LIMIT_API_WRITES_PER_MINUTE: "100000",
      RATE_LIMIT_MAGIC_LINK_PER_IP: "100000",
      RATE_LIMIT_MAGIC_LINK_PER_EMAIL: "1000",
      ...env,
    },
  });
  children.push(child);
  const log = createWriteStream(logFile, { flags: "a" });
  logStreams.push(log);
  child.stdout!.on("data", (chunk: Buffer) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    log.write(chunk);
    process.stderr.write(chunk);
  });
  child.on("exit", (code) => void cleanUp(code ?? 1));
  return child;
}

async function waitUntilHealthy(port: number) {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

let cleaning = false;
async function cleanUp(code: number) {
  if (cleaning) return;
  cleaning = true;
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }),
  );
  await Promise.all(logStreams.map((log) => new Promise((resolve) => log.end(resolve))));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await Promise.all([appDb, mailboxDb].map((db) => dropDatabase(dbServer.serverUrl, db).catch(() => {})));
  rmSync(runDir, { recursive: true, force: true });
  rmSync(e2eRunFile(runId), { force: true });
  await dbServer.stop();
  process.exit(code);
}
process.on("SIGTERM", () => void cleanUp(0));
process.on("SIGINT", () => void cleanUp(0));

// One after the other: the first start builds when needed, the second finds the build current.
startApp(appPort, logFiles.app, { DATABASE_URL: run.app.databaseUrl, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
await waitUntilHealthy(appPort);
// The mailbox instance is a demo reached directly (TRUST_PROXY=0): its mailbox answers loopback sockets only.
startApp(mailboxPort, logFiles.mailbox, { DATABASE_URL: run.mailbox.databaseUrl, SMTP_URL: "", MAIL_DIR: mailDir, DEV_MAILBOX: "true", TRUST_PROXY: "0" });
// Playwright waits for the second instance's health URL: when it answers, both are up.
