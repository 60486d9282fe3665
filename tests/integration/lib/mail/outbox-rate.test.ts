import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailTransport } from "@/lib/mail/transport";
import { useAppDatabase } from "../../../support/app-env";
import { seedCampaign } from "../../../support/campaign";
import type { TestDatabase } from "../../../support/db";
import { testSender } from "../../../support/outbox";
import { startTestSmtp, type TestSmtp } from "../../../support/smtp";

// The rate per minute is shared by every worker (it lives in PostgreSQL), and retries stop after
// MAIL_MAX_ATTEMPTS with the row FAILED and its reason kept.

let t: TestDatabase;
let smtp: TestSmtp;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };

describe("outbox rate and attempts", () => {
  it("sends at most the rate per minute across two workers, and the rest the next minute", async () => {
    smtp = await startTestSmtp();
    const { campaignId } = await seedCampaign(t.db, 25);
    const transports = [0, 1].map(() => createMailTransport({ ...mailEnv, SMTP_URL: smtp.url }));
    const senders = transports.map((transport) => testSender(transport, { ratePerMinute: 10, batch: 8 }));
    await Promise.all(senders.map((s) => s.start()));
    try {
      // Pinned mid-minute, so the passes share one window.
      const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 90_000); // mid-minute, after the rows fell due
      const first = await Promise.all(senders.map((s) => s.sendDue(minute)));
      const again = await Promise.all(senders.map((s) => s.sendDue(new Date(minute.getTime() + 1000))));
      expect(first.reduce((n, r) => n + r.sent, 0)).toBe(10);
      expect(again.reduce((n, r) => n + r.sent, 0)).toBe(0);
      expect(smtp.received).toHaveLength(10);
      const next = new Date(minute.getTime() + 60_000);
      const later = await Promise.all(senders.map((s) => s.sendDue(next)));
      expect(later.reduce((n, r) => n + r.sent, 0)).toBe(10);
      expect(await t.db.outboxMessage.count({ where: { campaignId, status: "PENDING" } })).toBe(5);
    } finally {
      await Promise.all(senders.map((s) => s.stop()));
      transports.forEach((transport) => transport.close());
      await smtp.close();
    }
  });

  it("retries a 4xx with back-off until the attempts run out, then fails the row with the reason", async () => {
    await t.db.outboxMessage.updateMany({ where: { status: "PENDING" }, data: { status: "CANCELLED" } }); // the first test's rest
    smtp = await startTestSmtp({ accept: () => Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 }) });
    const { campaignId } = await seedCampaign(t.db, 1);
    const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
    const sender = testSender(transport, { maxAttempts: 3, retryBaseMs: 1000 });
    await sender.start();
    try {
      let now = new Date();
      for (const attempt of [1, 2, 3]) {
        expect(await sender.sendDue(now)).toMatchObject({ sent: 0, failed: 1 });
        const row = await t.db.outboxMessage.findFirstOrThrow({ where: { campaignId } });
        expect(row).toMatchObject({ attempts: attempt, lastErrorClass: "temporary", status: attempt < 3 ? "PENDING" : "FAILED" });
        expect(row.lastError).toContain("Mailbox busy");
        // 1 s, 2 s: each wait doubles.
        if (attempt < 3) expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(1000 * 2 ** (attempt - 1) - 500);
        now = new Date(row.nextAttemptAt.getTime() + 1);
      }
      expect(await sender.sendDue(new Date(now.getTime() + 3_600_000))).toMatchObject({ sent: 0, failed: 0 });
      const attempts = await t.db.deliveryAttempt.findMany({ where: { message: { campaignId } }, orderBy: { attempt: "asc" } });
      expect(attempts.map((a) => [a.attempt, a.ok, a.smtpCode])).toEqual([
        [1, false, 451],
        [2, false, 451],
        [3, false, 451],
      ]);
    } finally {
      await sender.stop();
      transport.close();
      await smtp.close();
    }
  });
});
