import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";

export const E2E_DB_PREFIX = "ogaki_e2e_";

/**
 * What the e2e server of this run set up. `app` sends mail through a real SMTP server the harness runs
 * (every message lands in `smtpDir`); `mailbox` is a second instance without SMTP, for the development mailbox.
 */
export type E2eRun = {
  app: { baseUrl: string; databaseUrl: string };
  mailbox: { baseUrl: string; databaseUrl: string; mailDir: string };
  smtpDir: string;
  /** What each app instance (launcher, next start, mail worker) printed during this run. */
  logFiles: string[];
};

export function e2eRunFile(runId: string): string {
  return path.join(process.cwd(), ".data", "e2e", `${runId}.json`);
}

/** Server logs of e2e runs (kept after the run; see server.ts). */
export function e2eLogDir(): string {
  return path.join(process.cwd(), ".data", "e2e", "logs");
}

export function currentRun(): E2eRun {
  const runId = process.env.E2E_RUN_ID;
  if (!runId) throw new Error("E2E_RUN_ID is not set: run the e2e tests with `npm run test:e2e`.");
  return JSON.parse(readFileSync(e2eRunFile(runId), "utf8")) as E2eRun;
}

/** Mail the harness's SMTP server received, parsed, oldest first. */
export async function receivedMail(): Promise<(ParsedMail & { file: string; envelopeTo: string[] })[]> {
  const dir = currentRun().smtpDir;
  const files = readdirSync(dir).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = readFileSync(path.join(dir, file));
      const envelope = JSON.parse(readFileSync(path.join(dir, file.replace(/\.eml$/, ".json")), "utf8")) as { to: string[] };
      return Object.assign(await simpleParser(raw), { file, envelopeTo: envelope.to });
    }),
  );
}

/** Waits for a mail to `to` whose subject matches (received at or after `since`, a Date.now() value). */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 20_000, since = 0) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await receivedMail()).find(
      (m) => Number(m.file.split("-")[0]) >= since && m.envelopeTo.includes(to) && subject.test(m.subject ?? ""),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
