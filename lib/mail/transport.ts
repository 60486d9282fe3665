import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { NO_HANDOFF, SmtpError, SmtpPool, type Envelope, type Handoff } from "@/lib/mail/smtp";
import { replyTo } from "@/lib/mail/contact";
import type { Env } from "@/lib/config/env-schema";
import { isDeliverableEmail } from "@/lib/participants/email";

// Mail leaves through one transport. With SMTP_URL it is SMTP (nodemailer, pooled). Without it mail is not
// dropped: each message is stored as an .eml file plus a JSON summary under MAIL_DIR, and the development
// mailbox page (/dev/mailbox) shows it, so the demo staff can read their sign-in links.

export type Recipient = string | { name: string; address: string };
// The recipient as an address object: nodemailer encodes the name, so a name never adds a header or recipient.
export type OutgoingMail = Omit<SendMailOptions, "to"> & { to: Recipient; subject: string };

const recipientText = (to: Recipient) => (typeof to === "string" ? to : `${to.name} <${to.address}>`);
export type SentMail = { messageId: string; stored?: string };

export type StoredMail = {
  id: string;
  messageId: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: string[];
};

const SMTP_CHECK_TIMEOUT_MS = 10_000;

export function describeMailMode(env: Pick<Env, "SMTP_URL" | "MAIL_DIR" | "APP_URL" | "DEV_MAILBOX">): string {
  if (env.SMTP_URL) return `mail is sent through ${new URL(env.SMTP_URL).host}`;
  const where = env.DEV_MAILBOX ? ` and shown at ${env.APP_URL}/dev/mailbox` : " (set DEV_MAILBOX=true to read it at /dev/mailbox)";
  return `SMTP_URL is not set: mail is not sent but stored in ${env.MAIL_DIR}${where}`;
}

/** Start-up check: an unreachable or misconfigured SMTP server stops the app with a clear message. */
export async function checkSmtp(env: Pick<Env, "SMTP_URL">): Promise<void> {
  if (!env.SMTP_URL) return;
  const url = new URL(env.SMTP_URL);
  // The timeouts go next to the URL (a second argument would be message defaults, not connection options).
  const transport = nodemailer.createTransport({ url: env.SMTP_URL, connectionTimeout: SMTP_CHECK_TIMEOUT_MS, greetingTimeout: SMTP_CHECK_TIMEOUT_MS });
  try {
    await transport.verify();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot be used (${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}): ${reason}`);
  } finally {
    transport.close();
  }
}

export interface MailTransport {
  /** Sends a mail now (staff sign-in links and invitations, which are not in the outbox). */
  send(mail: OutgoingMail): Promise<SentMail>;
  /**
   * Delivers an outbox mail. `handoff` records it as sent, committed in the same tick as the final dot
   * (lib/mail/smtp.ts), so a crash neither delivers a mail that is not recorded nor records one not delivered.
   * Failures are SmtpErrors that say whether the hand-off had happened.
   */
  deliver(mail: OutgoingMail, handoff: Handoff): Promise<SentMail>;
  close(): void;
}

type MailEnv = Pick<Env, "MAIL_FROM" | "MAIL_REPLY_TO"> & Partial<Pick<Env, "OPERATOR_CONTACT_EMAIL">>;

export function createMailTransport(
  env: Pick<Env, "SMTP_URL" | "MAIL_DIR"> & MailEnv & Partial<Pick<Env, "SMTP_MAX_CONNECTIONS">>,
): MailTransport {
  if (env.SMTP_URL) return smtpTransport(env.SMTP_URL, env);
  return fileTransport(env.MAIL_DIR, env);
}

function withDefaults(mail: OutgoingMail, env: MailEnv): OutgoingMail {
  const reply = replyTo(env);
  return { from: env.MAIL_FROM, ...(reply ? { replyTo: reply } : {}), ...mail };
}

/** A recipient that is not exactly one plain address: never sent, on any attempt. */
export class InvalidRecipientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRecipientError";
  }
}

// Characters that could end a header line or that a mail client would show as one (CR, LF, NEL, U+2028/2029),
// and other controls: a display name is one line of text.
const NOT_ONE_LINE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/**
 * The recipient as nodemailer must see it: an address object whose address is one plain address. Given a string,
 * nodemailer parses it as an address list, so `a@b.jp, c@d.jp` or `a@b.jp\r\nBcc: c@d.jp` would become other or
 * more recipients; given an object with such an address, it quotes it into an address at another domain. Every
 * address we send to passed isDeliverableEmail at sign-up or invitation; this makes the transport hold that
 * rule itself (defence in depth: a row written around the schema still reaches only its one address or nobody).
 */
export function singleRecipient(to: Recipient): { name: string; address: string } {
  const address = typeof to === "string" ? to : to.address;
  if (typeof address !== "string" || !isDeliverableEmail(address)) {
    throw new InvalidRecipientError(`not a single deliverable address: ${JSON.stringify(String(address).slice(0, 80))}`);
  }
  const name = typeof to === "string" ? "" : oneLine(String(to.name ?? "")).trim();
  return { name, address };
}

const oneLine = (value: string) => value.replace(NOT_ONE_LINE, " ");

/**
 * Header text (a subject, a display name) as one line that reads back exactly as written. Line breaks and
 * controls become spaces. Text that contains `=?` would be taken by mail clients for an RFC 2047 encoded-word
 * and decoded (`=?UTF-8?Q?x=0D=0ABcc=3A…?=` shows as two lines), and nodemailer leaves ASCII text as it is:
 * such text is encoded whole, so a client decodes it once, back to the literal characters.
 */
function headerText(value: string): string {
  const line = oneLine(value);
  return line.includes("=?") ? encodedWords(line) : line;
}

/** RFC 2047 B-encoded words of at most 45 bytes of UTF-8 each (72 characters), never splitting a character. */
function encodedWords(value: string): string {
  const words: string[] = [];
  let chunk = "";
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString("base64")}?=`).join(" ");
}

/** The mail as it goes on the wire (MIME, 7-bit safe), with the envelope taken from its headers. */
async function compose(mail: OutgoingMail): Promise<{ raw: Buffer; envelope: Envelope; messageId: string }> {
  const recipient = singleRecipient(mail.to);
  const node = new MailComposer({
    ...mail,
    to: recipient.name ? { name: headerText(recipient.name), address: recipient.address } : recipient.address,
    // Only the recipient above: a Cc or Bcc never comes from a template or a row.
    cc: undefined,
    bcc: undefined,
    subject: headerText(mail.subject),
  } as Mail.Options).compile();
  const envelope = node.getEnvelope() as { from: string | false; to: string[] };
  if (envelope.to.length !== 1 || envelope.to[0] !== recipient.address) {
    throw new InvalidRecipientError(`the envelope is not the one recipient: ${JSON.stringify(envelope.to)}`);
  }
  const raw = await node.build();
  return { raw, envelope: { from: envelope.from || "", to: envelope.to }, messageId: node.messageId() };
}

function smtpTransport(smtpUrl: string, env: MailEnv & Partial<Pick<Env, "SMTP_MAX_CONNECTIONS">>): MailTransport {
  const pool = new SmtpPool(smtpUrl, { maxConnections: env.SMTP_MAX_CONNECTIONS ?? 5 });
  const deliver = async (mail: OutgoingMail, handoff: Handoff) => {
    const { raw, envelope, messageId } = await compose(withDefaults(mail, env));
    await pool.send(envelope, raw, handoff);
    return { messageId };
  };
  return { deliver, send: (mail) => deliver(mail, NO_HANDOFF), close: () => pool.close() };
}

function fileTransport(dir: string, env: MailEnv): MailTransport {
  const store = async (mail: OutgoingMail): Promise<SentMail> => {
    const full = withDefaults(mail, env);
    const { raw, messageId } = await compose(full);
    const id = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}`;
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${id}.eml`), raw);
    const summary: StoredMail = {
      id,
      messageId,
      date: new Date().toISOString(),
      from: String(full.from ?? ""),
      to: recipientText(full.to),
      subject: full.subject,
      text: typeof full.text === "string" ? full.text : "",
      html: typeof full.html === "string" ? full.html : null,
      attachments: (full.attachments ?? []).map((a) => String(a.filename ?? "attachment")),
    };
    await writeFile(path.join(dir, `${id}.json`), JSON.stringify(summary, null, 2));
    return { messageId, stored: id };
  };
  return {
    send: store,
    // Recorded first, stored second: the same order as SMTP (a failure to store is undone by the caller).
    async deliver(mail, handoff) {
      await handoff.prepare();
      handoff.commit();
      await handoff.committed();
      try {
        return await store(mail);
      } catch (error) {
        throw new SmtpError(error instanceof Error ? error.message : String(error), null, true, error);
      }
    },
    close: () => {},
  };
}

/** Stored mail, newest first (for the development mailbox). */
export async function listStoredMail(dir: string, limit = 100): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  names.sort().reverse();
  const mails = await Promise.all(
    names.slice(0, limit).map(async (name) => JSON.parse(await readFile(path.join(dir, name), "utf8")) as StoredMail),
  );
  return mails;
}

export async function readStoredMail(dir: string, id: string): Promise<StoredMail | null> {
  if (!/^[\w-]+$/.test(id)) return null; // ids are file names we made; anything else could walk the disk
  try {
    return JSON.parse(await readFile(path.join(dir, `${id}.json`), "utf8")) as StoredMail;
  } catch {
    return null;
  }
}
