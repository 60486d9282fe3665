import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDueMail } from "../../../support/outbox";
import { createMailTransport } from "@/lib/mail/transport";
import { registerForEvent } from "@/lib/registrations/mutations";
import { tokenHash } from "@/lib/server/secrets";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";
import { startTestSmtp } from "../../../support/smtp";

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };

describe("outbox worker", () => {
  it("sends the confirmation with a parseable .ics and a manage link that finds the registration", async () => {
    const event = await createEvent(t.db);
    const outcome = await registerForEvent(event.id, signup("mail-1", { name: "山田 花子" }));
    const smtp = await startTestSmtp();
    const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
    try {
      expect(await sendDueMail(transport)).toEqual({ sent: 1, failed: 0 });
      const mail = smtp.received[0]!;
      expect(mail.envelopeTo).toEqual(["personmail-1@example.com"]);
      expect(mail.parsed.subject).toContain("参加登録が完了しました");
      const ics = mail.parsed.attachments.find((a) => a.filename === "event.ics");
      expect(ics).toBeDefined();
      const vevent = new ICAL.Component(ICAL.parse(ics!.content.toString("utf8"))).getFirstSubcomponent("vevent")!;
      expect(new ICAL.Event(vevent).startDate.toJSDate().toISOString()).toBe(event.startsAt.toISOString());
      const token = /\/manage\/([\w-]+)/.exec(mail.parsed.text ?? "")?.[1];
      expect(token).toBeDefined();
      const row = await t.db.registration.findUniqueOrThrow({ where: { manageTokenHash: tokenHash(token!) } });
      expect(outcome.kind === "registered" && row.id === outcome.registrationId).toBe(true);
      const message = await t.db.outboxMessage.findFirstOrThrow({ where: { registrationId: row.id } });
      expect(message).toMatchObject({ status: "SENT", attempts: 1, messageId: mail.parsed.messageId });
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it("keeps the mail due when the SMTP server is down, and sends it once it is back", async () => {
    const event = await createEvent(t.db);
    await registerForEvent(event.id, signup("mail-2"));
    const smtp = await startTestSmtp();
    const port = smtp.port;
    await smtp.close(); // the server is down
    const down = createMailTransport({ ...mailEnv, SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(await sendDueMail(down)).toEqual({ sent: 0, failed: 1 });
    down.close();
    const row = await t.db.outboxMessage.findFirstOrThrow({ where: { eventId: event.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastErrorClass: "temporary" });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    const back = await startTestSmtp({ port });
    const transport = createMailTransport({ ...mailEnv, SMTP_URL: back.url });
    try {
      expect(await sendDueMail(transport, new Date(row.nextAttemptAt.getTime() + 1))).toEqual({ sent: 1, failed: 0 });
      expect(back.received).toHaveLength(1);
      expect(await t.db.outboxMessage.findFirstOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT", attempts: 2 });
      expect(await t.db.deliveryAttempt.count({ where: { outboxMessageId: row.id } })).toBe(2);
    } finally {
      transport.close();
      await back.close();
    }
  });

  it("marks a permanent refusal (5xx) as failed with its reason", async () => {
    const event = await createEvent(t.db);
    await registerForEvent(event.id, signup("mail-3"));
    const smtp = await startTestSmtp({
      accept: () => Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }),
    });
    const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
    try {
      expect(await sendDueMail(transport)).toEqual({ sent: 0, failed: 1 });
      expect(await t.db.outboxMessage.findFirstOrThrow({ where: { eventId: event.id } })).toMatchObject({
        status: "FAILED",
        lastErrorClass: "permanent",
      });
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
