import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinPayloadFor, checkinTokenFor } from "@/lib/checkin/token";
import { sendDueMail } from "../../../support/outbox";
import { createMailTransport } from "@/lib/mail/transport";
import { approveRegistration, cancelRegistration, registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";
import { startTestSmtp, type TestSmtp } from "../../../support/smtp";

let t: TestDatabase;
let smtp: TestSmtp;
beforeAll(async () => {
  t = await useAppDatabase();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };

async function sendAll() {
  const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
  try {
    return await sendDueMail(transport);
  } finally {
    transport.close();
  }
}

function decodeQr(content: Buffer): string | undefined {
  const png = PNG.sync.read(content);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe("the check-in QR code in mail", () => {
  it("the confirmation carries the QR image inline (cid) and the code; the token is never stored in the outbox", async () => {
    const event = await createEvent(t.db);
    const outcome = await registerForEvent(event.id, signup("qr-mail-1"));
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    const registration = await t.db.registration.findUniqueOrThrow({ where: { id: outcome.registrationId } });
    expect(await sendAll()).toEqual({ sent: 1, failed: 0 });

    const mail = await smtp.waitFor((m) => m.envelopeTo.includes("personqr-mail-1@example.com"));
    const qr = mail.parsed.attachments.find((a) => a.contentType === "image/png");
    expect(qr).toMatchObject({ filename: "checkin-qr.png", cid: "checkin-qr@ogaki-kankei", contentDisposition: "inline" });
    expect(decodeQr(qr!.content)).toBe(checkinPayloadFor(registration.id));
    expect(mail.parsed.text).toContain(registration.checkinCode);
    expect(mail.raw.toString("utf8")).toMatch(/^Content-ID: <checkin-qr@ogaki-kankei>/im);
    // The parser resolves cid: references it can match to an attachment: the HTML's image is that PNG.
    expect(mail.parsed.html || "").toContain(`<img src="data:image/png;base64,${qr!.content.toString("base64")}"`);
    expect(mail.parsed.attachments.some((a) => a.filename === "event.ics")).toBe(true);

    const stored = JSON.stringify(await t.db.outboxMessage.findMany({ where: { registrationId: registration.id } }));
    expect(stored).not.toContain(checkinTokenFor(registration.id));
  });

  it("the approval mail carries it too; the waitlist and pending mails do not", async () => {
    const event = await createEvent(t.db, { approvalRequired: true });
    const outcome = await registerForEvent(event.id, signup("qr-mail-2"));
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    await sendAll();
    const pending = await smtp.waitFor((m) => m.envelopeTo.includes("personqr-mail-2@example.com") && /承認待ち/.test(m.parsed.subject ?? ""));
    expect(pending.parsed.attachments.some((a) => a.contentType === "image/png")).toBe(false);

    await approveRegistration(outcome.registrationId, { type: "STAFF" });
    await sendAll();
    const approved = await smtp.waitFor((m) => m.envelopeTo.includes("personqr-mail-2@example.com") && /承認されました/.test(m.parsed.subject ?? ""));
    const qr = approved.parsed.attachments.find((a) => a.contentType === "image/png");
    expect(decodeQr(qr!.content)).toBe(checkinPayloadFor(outcome.registrationId));
  });

  it("leaves the QR code out when the place was cancelled before the mail went out", async () => {
    const event = await createEvent(t.db);
    const outcome = await registerForEvent(event.id, signup("qr-mail-3"));
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    await cancelRegistration(outcome.registrationId, { type: "PARTICIPANT" });
    await sendAll();
    const confirmation = await smtp.waitFor((m) => m.envelopeTo.includes("personqr-mail-3@example.com") && /完了/.test(m.parsed.subject ?? ""));
    expect(confirmation.parsed.attachments.some((a) => a.contentType === "image/png")).toBe(false);
    expect(confirmation.parsed.text).not.toContain("受付コード");
  });
});
