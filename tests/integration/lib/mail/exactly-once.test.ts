import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailTransport } from "@/lib/mail/transport";
import { useAppDatabase } from "../../../support/app-env";
import { startChaosSmtp } from "../../../support/chaos-smtp";
import { deliveryReport } from "../../../support/delivery";
import type { TestDatabase } from "../../../support/db";
import { seedCampaign } from "../../../support/campaign";
import { testSender } from "../../../support/outbox";

// The delivery engine's promise: every mail of a campaign reaches the server exactly once, whatever the server
// does (refusals, dropped connections, a restart). Counted at the server by Message-ID and recipient.

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };

describe("exactly once, against a misbehaving SMTP server", () => {
  it(
    "delivers a 2,000-recipient campaign once each through 4xx refusals, dropped connections and a restart",
    async () => {
      const { campaignId, recipients } = await seedCampaign(t.db, 2000);
      const smtp = await startChaosSmtp({ refuseShare: 0.3, dropShare: 0.05 });
      const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
      const sender = testSender(transport, { retryBaseMs: 20, batch: 100 });
      await sender.start();
      try {
        let restarted = false;
        for (let pass = 0; pass < 2000; pass++) {
          const left = await t.db.outboxMessage.count({ where: { campaignId, status: { in: ["PENDING", "SENDING"] } } });
          if (left === 0) break;
          // The server goes down once, hard, with the campaign a third done.
          if (!restarted && smtp.accepted.length >= 700) {
            restarted = true;
            await smtp.restart(300);
          }
          const { sent, failed } = await sender.sendDue();
          if (!sent && !failed) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(restarted).toBe(true);

        const report = deliveryReport(smtp.accepted, recipients);
        expect(report.missing).toEqual([]);
        expect(report.duplicated).toEqual([]);
        expect(report.unexpected).toEqual([]);
        expect(report.messageIdsPerRecipient).toEqual(new Set([1]));
        expect(smtp.accepted).toHaveLength(2000);

        // The chaos really happened, and the database tells the same story as the server.
        expect(smtp.stats.refusedAtRcpt).toBeGreaterThan(200);
        expect(smtp.stats.refusedAtData).toBeGreaterThan(200);
        expect(smtp.stats.dropped).toBeGreaterThan(50);
        const rows = await t.db.outboxMessage.groupBy({ by: ["status"], where: { campaignId }, _count: true });
        expect(rows).toEqual([{ status: "SENT", _count: 2000 }]);
        const sentIds = await t.db.outboxMessage.findMany({ where: { campaignId }, select: { messageId: true } });
        expect(new Set(sentIds.map((r) => r.messageId))).toEqual(new Set(smtp.accepted.map((a) => a.messageId)));

        // Failures are visible, with their reasons, per attempt.
        const failures = await t.db.deliveryAttempt.findMany({ where: { ok: false, message: { campaignId } }, select: { smtpCode: true, error: true } });
        expect(failures.filter((f) => f.smtpCode === 451 && /Greylisted/.test(f.error ?? "")).length).toBe(smtp.stats.refusedAtRcpt);
        expect(failures.filter((f) => f.smtpCode === 451 && /Temporary local problem/.test(f.error ?? "")).length).toBe(smtp.stats.refusedAtData);
        expect(failures.filter((f) => f.smtpCode === null).length).toBeGreaterThanOrEqual(smtp.stats.dropped);
        const retried = await t.db.outboxMessage.count({ where: { campaignId, attempts: { gt: 1 } } });
        expect(retried).toBeGreaterThan(600);
      } finally {
        await sender.stop();
        transport.close();
        await smtp.close();
      }
    },
    240_000,
  );
});
