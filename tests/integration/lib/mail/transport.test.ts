import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, describe, expect, it } from "vitest";
import { createMailTransport, listStoredMail, readStoredMail } from "@/lib/mail/transport";
import { startTestSmtp } from "../../../support/smtp";

const base = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("mail without SMTP_URL", () => {
  it("is not dropped: it is stored as .eml plus a summary the mailbox lists, newest first", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mail-"));
    dirs.push(dir);
    const transport = createMailTransport({ ...base, SMTP_URL: undefined, MAIL_DIR: dir });
    await transport.send({ to: "hanako@example.com", subject: "お申し込みを受け付けました", text: "本文", html: "<p>本文</p>" });
    await transport.send({ to: "taro@example.com", subject: "2通目", text: "二", attachments: [{ filename: "event.ics", content: "BEGIN:VCALENDAR" }] });
    const mails = await listStoredMail(dir);
    expect(mails.map((m) => m.subject)).toEqual(["2通目", "お申し込みを受け付けました"]);
    expect(mails[0]).toMatchObject({ to: "taro@example.com", attachments: ["event.ics"], from: base.MAIL_FROM });
    const eml = readdirSync(dir).filter((f) => f.endsWith(".eml"));
    expect(eml).toHaveLength(2);
    const parsed = await simpleParser(readFileSync(path.join(dir, `${mails[1]!.id}.eml`)));
    expect(parsed.subject).toBe("お申し込みを受け付けました");
    expect(parsed.text?.trim()).toBe("本文");
    expect(await readStoredMail(dir, mails[1]!.id)).toMatchObject({ html: "<p>本文</p>" });
    expect(await readStoredMail(dir, "../../etc/passwd")).toBeNull();
  });
});

describe("mail with SMTP_URL", () => {
  it("is delivered to the SMTP server with the configured sender", async () => {
    const smtp = await startTestSmtp();
    const transport = createMailTransport({ ...base, SMTP_URL: smtp.url, MAIL_DIR: "unused" });
    try {
      const sent = await transport.send({ to: { name: "山田 花子", address: "hanako@example.com" }, subject: "確認", text: "こんにちは" });
      expect(sent.messageId).toMatch(/^<.+@.+>$/);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatchObject({ envelopeFrom: "no-reply@example.jp", envelopeTo: ["hanako@example.com"] });
      expect(smtp.received[0]!.parsed.subject).toBe("確認");
      expect(smtp.received[0]!.parsed.messageId).toBe(sent.messageId);
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});

describe("Reply-To", () => {
  it("defaults to the operator's contact address, so a reply to a no-reply sender reaches a person", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mail-"));
    dirs.push(dir);
    const transport = createMailTransport({ ...base, OPERATOR_CONTACT_EMAIL: "privacy@wdl.example", SMTP_URL: undefined, MAIL_DIR: dir });
    await transport.send({ to: "hanako@example.com", subject: "返信先", text: "本文" });
    const [mail] = await listStoredMail(dir);
    const parsed = await simpleParser(readFileSync(path.join(dir, `${mail!.id}.eml`)));
    expect(parsed.replyTo?.value[0]?.address).toBe("privacy@wdl.example");
  });
});
