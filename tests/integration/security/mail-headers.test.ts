import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEmail } from "@/lib/emails";
import { createMailTransport, InvalidRecipientError } from "@/lib/mail/transport";
import { registerForEvent } from "@/lib/registrations/mutations";
import { buildSignupSchema } from "@/lib/registrations/schema";
import { localizeFieldErrors } from "@/lib/registrations/errors";
import { useAppDatabase } from "../../support/app-env";
import { seedCampaign } from "../../support/campaign";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";
import { sendDueMail } from "../../support/outbox";
import { startTestSmtp, type ReceivedMail, type TestSmtp } from "../../support/smtp";

// Mail header injection, checked where it matters: at a real SMTP server (smtp-server), after the real outbox
// worker and transport (nodemailer's composer and SMTP connection) have sent the mail. Names, subjects (event
// titles, campaign subjects, merge values) and addresses carry CRLF, URL-encoded CRLF, Unicode line separators,
// encoded-words, address lists, display-name tricks, group syntax and comments. What must hold for every mail
// that arrives: RCPT TO is exactly the intended address, the header block has exactly the headers we write
// (each once), and To names that one address. A row whose address is not one plain address reaches nobody.
// Control: the same checks flag a mail sent without these protections (a string recipient, an injected header).

const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };

const ATTACKER = "attacker@evil.example";

/** Display names and header text: each tries to end the header line or add an address. */
const HOSTILE_TEXT = [
  `山田\r\nBcc: ${ATTACKER}`,
  `山田\nX-Injected: 1`,
  `山田\rCc: ${ATTACKER}`,
  `山田%0d%0aBcc: ${ATTACKER}`,
  `山田\u2028Bcc: ${ATTACKER}`,
  `山田\u0085Bcc: ${ATTACKER}`,
  `=?UTF-8?B?${Buffer.from(`x\r\nBcc: ${ATTACKER}`).toString("base64")}?=`,
  `=?UTF-8?Q?x=0D=0ABcc=3A_${ATTACKER.replace("@", "=40")}?=`,
  `"x" <${ATTACKER}>`,
  `${ATTACKER}, other@evil.example`,
  `Team: ${ATTACKER}, other@evil.example;`,
  `山田 (${ATTACKER})`,
  `<${ATTACKER}>`,
  `\\"<${ATTACKER}>`,
];

/** Addresses that are not one plain address; none may ever be delivered to anyone. */
const HOSTILE_ADDRESSES = (victim: string) => [
  `${victim}, ${ATTACKER}`,
  `${victim},${ATTACKER}`,
  `${victim}\r\nBcc: ${ATTACKER}`,
  `${victim}%0d%0aBcc: ${ATTACKER}`,
  `${victim}\u2028Bcc: ${ATTACKER}`,
  `"x" <${ATTACKER}>`,
  `x <${ATTACKER}>`,
  `Team: ${victim}, ${ATTACKER};`,
  `${victim} (${ATTACKER})`,
  `${victim}(comment)`,
  `"${victim}"@evil.example`,
  `${victim};${ATTACKER}`,
  `=?UTF-8?B?${Buffer.from(ATTACKER).toString("base64")}?=`,
];

// The headers our mail carries; each of the first group exactly once.
const ONCE = ["from", "to", "subject", "message-id", "date", "mime-version", "content-type"];
const ALLOWED = new Set([...ONCE, "list-unsubscribe", "list-unsubscribe-post", "reply-to", "content-transfer-encoding"]);

/** The top-level header names of a raw message, in order, one per (unfolded) header field. */
function headerNames(raw: Buffer): string[] {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const block = text.slice(0, end === -1 ? text.length : end);
  return block
    .split("\r\n")
    .filter((line) => line !== "" && !/^[ \t]/.test(line)) // folded continuation lines belong to the header above
    .map((line) => {
      const colon = line.indexOf(":");
      return colon <= 0 ? `<malformed:${line}>` : line.slice(0, colon).toLowerCase();
    });
}

/** Everything wrong with a received mail meant for `intended` (empty when it is clean). */
function violations(mail: ReceivedMail, intended: string): string[] {
  const problems: string[] = [];
  if (mail.envelopeTo.length !== 1 || mail.envelopeTo[0] !== intended) problems.push(`RCPT TO ${JSON.stringify(mail.envelopeTo)}`);
  const names = headerNames(mail.raw);
  for (const name of names) if (!ALLOWED.has(name)) problems.push(`unexpected header ${name}`);
  for (const name of ONCE) {
    const count = names.filter((n) => n === name).length;
    if (count !== 1) problems.push(`${name} appears ${count} times`);
  }
  const to = mail.parsed.to;
  const toList = (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value);
  if (toList.length !== 1 || toList[0]?.address !== intended) problems.push(`To header ${JSON.stringify(toList.map((a) => a.address))}`);
  if (mail.parsed.cc || mail.parsed.bcc) problems.push("Cc/Bcc present");
  if (mail.parsed.headers.has("x-injected")) problems.push("X-Injected present");
  // The attacker's address may appear as text inside the quoted or encoded display name, never as an address.
  for (const header of ["from", "reply-to", "sender"] as const) {
    const value = mail.parsed.headers.get(header) as { value?: { address?: string }[] } | undefined;
    if (value?.value?.some((a) => a.address?.endsWith("evil.example"))) problems.push(`${header} names the attacker`);
  }
  return problems;
}

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

const tag = () => randomBytes(4).toString("hex");

async function sendAll() {
  const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
  try {
    let total = { sent: 0, failed: 0 };
    for (;;) {
      const pass = await sendDueMail(transport);
      total = { sent: total.sent + pass.sent, failed: total.failed + pass.failed };
      if (pass.sent + pass.failed === 0) return total;
    }
  } finally {
    transport.close();
  }
}

describe("mail headers at a real SMTP server", () => {
  it("hostile names and event titles never add a header or a recipient (sign-up confirmations via the outbox)", async () => {
    const intended: string[] = [];
    for (const [i, text] of HOSTILE_TEXT.entries()) {
      const event = await createEvent(t.db);
      // The title is in the subject; the name is the display name of To and in the greeting.
      await t.db.event.update({ where: { id: event.id }, data: { titleJa: `イベント ${text}`, titleEn: `Event ${text}` } });
      const email = `hdr-${i}-${tag()}@example.com`;
      intended.push(email);
      const outcome = await registerForEvent(event.id, signup(`h${i}`, { email, name: text, locale: i % 2 ? "en" : "ja" }));
      expect(outcome.kind).toBe("registered");
    }
    const before = smtp.received.length;
    const result = await sendAll();
    const failed = await t.db.outboxMessage.findMany({ where: { status: { not: "SENT" } }, select: { toName: true, lastError: true } });
    expect({ result, failed }).toEqual({ result: { sent: HOSTILE_TEXT.length, failed: 0 }, failed: [] });
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(HOSTILE_TEXT.length);
    for (const email of intended) {
      const mail = mails.find((m) => m.envelopeTo.includes(email));
      expect(mail, email).toBeDefined();
      expect(violations(mail!, email), email).toEqual([]);
      // The display name and subject are one line each, and read back as typed (line breaks as spaces): an
      // encoded-word typed into a form is shown as those characters, not decoded into something else.
      expect(mail!.parsed.subject ?? "").not.toMatch(/[\r\n\u2028\u2029\u0085]/);
      const text = HOSTILE_TEXT[intended.indexOf(email)]!;
      const oneLine = text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ");
      const to = mail!.parsed.to;
      expect((Array.isArray(to) ? to[0] : to)!.value[0]!.name, email).toBe(oneLine.trim());
      expect(mail!.parsed.subject, email).toContain(oneLine.trim());
    }
    expect(smtp.received.some((m) => m.envelopeTo.some((a) => a.endsWith("evil.example")))).toBe(false);
    if (process.env.SHOW_HEADERS) for (const m of mails) console.log(m.raw.toString("latin1").split("\r\n\r\n")[0]);
  });

  it("hostile campaign subjects and merge values never add a header or a recipient", async () => {
    const { campaignId, recipients } = await seedCampaign(t.db, HOSTILE_TEXT.length);
    await t.db.campaign.update({
      where: { id: campaignId },
      data: { subjectJa: `{{name}} {{eventTitle}} お知らせ\r\nBcc: ${ATTACKER}\u2028X-Injected: 1`, bodyJa: "本文 {{name}}" },
    });
    const rows = await t.db.outboxMessage.findMany({ where: { campaignId }, orderBy: { toEmail: "asc" } });
    for (const [i, row] of rows.entries()) {
      const text = HOSTILE_TEXT[i % HOSTILE_TEXT.length]!;
      await t.db.outboxMessage.update({
        where: { id: row.id },
        data: { toName: text, payload: { ...(row.payload as object), name: text, eventTitleJa: `タイトル ${text}` } },
      });
    }
    const before = smtp.received.length;
    const result = await sendAll();
    expect(result).toEqual({ sent: recipients.length, failed: 0 });
    const mails = smtp.received.slice(before);
    for (const email of recipients) {
      const mail = mails.find((m) => m.envelopeTo.includes(email));
      expect(mail, email).toBeDefined();
      expect(violations(mail!, email), email).toEqual([]);
    }
  });

  it("an outbox row whose address is not one plain address reaches nobody and fails for good", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const cases = HOSTILE_ADDRESSES(`victim-${tag()}@example.com`);
    const ids: string[] = [];
    for (const [i, address] of cases.entries()) {
      const email = `addr-${i}-${tag()}@example.com`;
      const outcome = await registerForEvent(event.id, signup(`a${i}`, { email }));
      if (outcome.kind !== "registered") throw new Error(outcome.kind);
      const row = await t.db.outboxMessage.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
      // Written around the schema, as a bug or a direct database edit could; half with a display name.
      await t.db.outboxMessage.update({ where: { id: row.id }, data: { toEmail: address, toName: i % 2 ? "山田" : null } });
      ids.push(row.id);
    }
    const before = smtp.received.length;
    expect(await sendAll()).toEqual({ sent: 0, failed: cases.length });
    expect(smtp.received.slice(before)).toEqual([]);
    const rows = await t.db.outboxMessage.findMany({ where: { id: { in: ids } } });
    for (const row of rows) {
      expect(row.status, row.toEmail).toBe("FAILED");
      // Refused by us, before any SMTP command: not left to the server's syntax check (smtp-server answers 501
      // to most of these, but a lenient relay might take `"a@b.jp, c"@d.jp`, an address at another domain).
      expect(row.lastError, row.toEmail).toMatch(/^cannot build the mail: not a single deliverable address/);
      expect(row.lastErrorClass).toBe("permanent");
      expect(row.attempts).toBe(1);
    }
  });

  it("mail sent directly (staff sign-in links, invitations) refuses such addresses before connecting", async () => {
    const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
    const before = smtp.received.length;
    try {
      const mail = renderEmail("registration-exists", hostileRegistrationProps(), "ja");
      for (const to of HOSTILE_ADDRESSES("staff@wdl.example")) {
        await expect(transport.send({ to, subject: mail.subject, text: mail.text }), JSON.stringify(to)).rejects.toBeInstanceOf(InvalidRecipientError);
      }
      // And a clean one still goes, with a hostile display name and subject made harmless.
      await transport.send({ to: { name: HOSTILE_TEXT[0]!, address: "staff@wdl.example" }, subject: `件名\r\nBcc: ${ATTACKER}`, text: "本文" });
    } finally {
      transport.close();
    }
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(violations(mails[0]!, "staff@wdl.example")).toEqual([]);
    expect(mails[0]!.parsed.subject).toBe(`件名 Bcc: ${ATTACKER}`);
  });

  it("control: the checks flag a mail sent without these protections", async () => {
    // Plain nodemailer, as the code would be without singleRecipient: a string recipient is an address list.
    const naive = nodemailer.createTransport(smtp.url);
    const victim = `victim-${tag()}@example.com`;
    const before = smtp.received.length;
    try {
      await naive.sendMail({ from: "no-reply@example.jp", to: `${victim}, ${ATTACKER}`, subject: "s", text: "t" });
      await naive.sendMail({
        from: "no-reply@example.jp",
        to: victim,
        subject: "s",
        text: "t",
        headers: { "X-Injected": "1", Bcc: ATTACKER },
      });
    } finally {
      naive.close();
    }
    const [list, injected] = smtp.received.slice(before);
    expect(violations(list!, victim).join("; ")).toMatch(/RCPT TO/);
    expect(violations(injected!, victim).join("; ")).toMatch(/unexpected header x-injected/);
  });
});

describe("sign-up schema refuses crafted addresses with a clear message", () => {
  const schema = buildSignupSchema([]);
  const base = { ...signup("schema"), consents: { CITY_PROVISION: false, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false } };

  it.each(HOSTILE_ADDRESSES("taro@example.jp"))("refuses %j", (email) => {
    const parsed = schema.safeParse({ ...base, email });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path[0] === "email");
    expect(issue?.message).toMatch(/^(email_ascii|invalid_email)$/);
    for (const locale of ["ja", "en"] as const) {
      const message = localizeFieldErrors({ email: { code: issue!.message } }, locale).email!.message;
      expect(message, locale).toMatch(locale === "ja" ? /メールアドレス/ : /email/i);
    }
  });

  it("accepts an ordinary address, full-width and padded forms included", () => {
    for (const email of ["taro@example.jp", " ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ", "taro+ogaki@mail.example.co.jp"]) {
      const parsed = schema.safeParse({ ...base, email });
      expect(parsed.success, email).toBe(true);
    }
  });
});

function hostileRegistrationProps() {
  return {
    name: HOSTILE_TEXT[0]!,
    event: {
      id: "0190a0b0-0000-7000-8000-000000000001",
      slug: "x",
      titleJa: HOSTILE_TEXT[1]!,
      titleEn: null,
      startsAt: "2026-12-12T05:00:00.000Z",
      endsAt: "2026-12-12T08:00:00.000Z",
      format: "IN_PERSON" as const,
      venueName: null,
      venueAddress: null,
      venueMapUrl: null,
      onlineUrl: null,
      feeJa: null,
      feeEn: null,
      organizersJa: "WDL",
      organizersEn: "WDL",
      updatedAt: "2026-10-01T00:00:00.000Z",
    },
    manageUrl: "https://app.example/manage/x",
    status: "CONFIRMED" as const,
    appUrl: "https://app.example",
  };
}
