import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../../../support/app-env";
import { seedCampaign } from "../../../support/campaign";
import { startChaosSmtp } from "../../../support/chaos-smtp";
import type { TestDatabase } from "../../../support/db";
import { deliveryReport } from "../../../support/delivery";

// The real worker process (`npm run worker`), killed with SIGKILL in the middle of a campaign and started again,
// and two of them at once: every recipient still gets the mail exactly once.

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

function startWorker(smtpUrl: string, name: string, script = "lib/cli/worker.ts"): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: t.url,
      SMTP_URL: smtpUrl,
      AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
      APP_URL: "http://localhost:3000",
      MAIL_RATE_PER_MINUTE: "0",
      MAIL_RETRY_BASE_MS: "50",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  Object.defineProperty(child, "output", { get: () => `[${name}]\n${output}` });
  return child;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

async function unsettled(campaignId: string) {
  return t.db.outboxMessage.count({ where: { campaignId, status: { in: ["PENDING", "SENDING"] } } });
}

describe("the worker process", () => {
  it(
    "killed with SIGKILL mid-campaign (twice) and started again: no second copy, none missed",
    async () => {
      const { campaignId, recipients } = await seedCampaign(t.db, 800);
      // A slow server keeps several messages in flight at every moment, so each kill lands mid-send. Refusals
      // are at RCPT here: a refusal after the whole message that arrives while the worker dies cannot be known
      // by anyone (see lib/mail/smtp.ts); the test without kills covers refusals there.
      const smtp = await startChaosSmtp({ refuseShare: 0.1, refuseAt: "rcpt", latencyMs: 15 });
      try {
        let inFlightAtKill = 0;
        for (const killAt of [200, 450]) {
          const worker = startWorker(smtp.url, `worker before kill at ${killAt}`);
          await until(() => smtp.accepted.length >= killAt, `${killAt} delivered`);
          worker.kill("SIGKILL");
          await killed(worker);
          inFlightAtKill += await t.db.outboxMessage.count({ where: { campaignId, status: "SENDING" } });
        }
        // The kills caught claimed, unsent mail: the case that must neither be lost nor sent twice.
        expect(inFlightAtKill).toBeGreaterThan(0);

        const last = startWorker(smtp.url, "last worker");
        await until(async () => (await unsettled(campaignId)) === 0, "the campaign to settle");
        last.kill("SIGTERM");
        await killed(last);

        const report = deliveryReport(smtp.accepted, recipients);
        // On a failure, what the database says of each missing mail (its state, attempts and their errors).
        const missingRows = report.missing.length
          ? JSON.stringify(await t.db.outboxMessage.findMany({ where: { campaignId, toEmail: { in: report.missing } }, include: { attemptLog: true } }))
          : "";
        expect(report, `missing: ${missingRows}; sink: ${JSON.stringify(smtp.stats)}`).toEqual({ missing: [], duplicated: [], unexpected: [], messageIdsPerRecipient: new Set([1]) });
        expect(await t.db.outboxMessage.count({ where: { campaignId, status: "SENT" } })).toBe(800);
      } finally {
        await smtp.close();
      }
    },
    300_000,
  );

  it(
    "control: the same kills against a worker that records after sending do send mail twice",
    async () => {
      const { campaignId, recipients } = await seedCampaign(t.db, 400);
      const smtp = await startChaosSmtp({ latencyMs: 15 });
      try {
        for (const killAt of [100, 200]) {
          const worker = startWorker(smtp.url, `naive worker before kill at ${killAt}`, "tests/support/naive-worker.ts");
          await until(() => smtp.accepted.length >= killAt, `${killAt} delivered`);
          worker.kill("SIGKILL");
          await killed(worker);
        }
        const last = startWorker(smtp.url, "last worker");
        await until(async () => (await unsettled(campaignId)) === 0, "the campaign to settle");
        last.kill("SIGTERM");
        await killed(last);
        const report = deliveryReport(smtp.accepted, recipients);
        expect(report.missing).toEqual([]);
        expect(report.duplicated.length).toBeGreaterThan(0);
      } finally {
        await smtp.close();
      }
    },
    300_000,
  );

  it(
    "two workers at once on the same campaign: exactly once, and both did part of the work",
    async () => {
      const { campaignId, recipients } = await seedCampaign(t.db, 800);
      const smtp = await startChaosSmtp({ refuseShare: 0.1, dropShare: 0.02, latencyMs: 5 });
      try {
        const workers = [startWorker(smtp.url, "worker A"), startWorker(smtp.url, "worker B")];
        await until(async () => (await unsettled(campaignId)) === 0, "the campaign to settle");
        for (const worker of workers) worker.kill("SIGTERM");
        await Promise.all(workers.map(killed));

        const report = deliveryReport(smtp.accepted, recipients);
        expect(report).toEqual({ missing: [], duplicated: [], unexpected: [], messageIdsPerRecipient: new Set([1]) });
        const senders = await t.db.deliveryAttempt.groupBy({ by: ["worker"], where: { ok: true, message: { campaignId } }, _count: true });
        expect(senders).toHaveLength(2);
        for (const sender of senders) expect(sender._count).toBeGreaterThan(50);
      } finally {
        await smtp.close();
      }
    },
    300_000,
  );
});
