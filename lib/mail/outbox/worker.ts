import "server-only";
import { hostname } from "node:os";
import { getMailCheckinCode } from "@/lib/checkin/data";
import type { CheckinMailProps } from "@/lib/checkin/mail";
import { checkinPayloadFor } from "@/lib/checkin/token";
import { isEmailTemplate, renderEmail, type EmailTemplate } from "@/lib/emails";
import type { MailTransport } from "@/lib/mail/transport";
import { claimDueMessages, markFailed, markSent, releaseStaleClaims, type ClaimedMessage } from "@/lib/mail/outbox/mutations";
import { manageTokenFor } from "@/lib/registrations/mutations";
import { getEnv } from "@/lib/server/env";

// Sends due outbox rows. A failure never loses a mail: the row stays PENDING with a later nextAttemptAt
// (SMTP down, a 4xx), or becomes FAILED only for a permanent refusal (a 5xx) or a mail that cannot be built.

export const WORKER_ID = `${hostname()}:${process.pid}`;
const BATCH = 50;
const PARALLEL = 5; // nodemailer's default pool size
const STALE_CLAIM_MS = 10 * 60_000;

/** 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts), 3_600_000);
}

function smtpCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" ? code : null;
}

// Mails that carry the check-in QR code. Its token, like the manage link's, is derived here at send time and
// never stored in the outbox.
const CHECKIN_TEMPLATES = new Set<string>(["registration-confirmed", "registration-approved"]);

async function checkinFor(message: ClaimedMessage): Promise<CheckinMailProps | null> {
  if (!message.registrationId || !CHECKIN_TEMPLATES.has(message.template)) return null;
  const code = await getMailCheckinCode(message.registrationId);
  return code ? { code, payload: checkinPayloadFor(message.registrationId) } : null;
}

function buildMail(message: ClaimedMessage, checkin: CheckinMailProps | null = null) {
  if (!isEmailTemplate(message.template)) throw new Error(`unknown template ${message.template}`);
  const env = getEnv();
  const manageUrl = message.registrationId ? `${env.APP_URL}/manage/${manageTokenFor(message.registrationId)}` : env.APP_URL;
  const props = { ...message.payload, manageUrl, appUrl: env.APP_URL, contactEmail: env.MAIL_REPLY_TO ?? null, ...(checkin ? { checkin } : {}) };
  const rendered = renderEmail(message.template as EmailTemplate, props as never, message.locale);
  const host = new URL(env.APP_URL).hostname || "localhost";
  return {
    rendered,
    mail: {
      to: message.toName ? { name: message.toName, address: message.toEmail } : message.toEmail,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      // Passed on whole: the check-in QR image also carries its cid and encoding.
      attachments: rendered.attachments?.map((a) => ({ ...a })),
      // Stable per outbox row: a resend after a crash carries the same Message-ID, so it can be recognised.
      messageId: `<${message.id}@${host}>`,
    },
  };
}

async function deliver(transport: MailTransport, message: ClaimedMessage, now: Date): Promise<boolean> {
  const started = Date.now();
  let checkin: CheckinMailProps | null;
  try {
    checkin = await checkinFor(message);
  } catch (error) {
    // The database, not the mail: try again later.
    await markFailed(message.id, { error: `cannot read the check-in code: ${String(error)}`, permanent: false, smtpCode: null, nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts)), worker: WORKER_ID, durationMs: 0 });
    return false;
  }
  let built: ReturnType<typeof buildMail>;
  try {
    built = buildMail(message, checkin);
  } catch (error) {
    await markFailed(message.id, { error: `cannot build the mail: ${String(error)}`, permanent: true, smtpCode: null, nextAttemptAt: now, worker: WORKER_ID, durationMs: 0 });
    return false;
  }
  try {
    const result = await transport.send(built.mail);
    await markSent(message.id, { messageId: result.messageId, subject: built.rendered.subject, worker: WORKER_ID, durationMs: Date.now() - started });
    return true;
  } catch (error) {
    const code = smtpCode(error);
    await markFailed(message.id, {
      error: error instanceof Error ? error.message : String(error),
      permanent: code !== null && code >= 500,
      smtpCode: code,
      nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts)),
      worker: WORKER_ID,
      durationMs: Date.now() - started,
    });
    return false;
  }
}

/** One pass: claims a batch of due rows and settles each, a few at a time (the SMTP pool's connections). */
export async function sendDueMail(transport: MailTransport, now: Date = new Date()): Promise<{ sent: number; failed: number }> {
  await releaseStaleClaims(new Date(now.getTime() - STALE_CLAIM_MS));
  const batch = await claimDueMessages(WORKER_ID, BATCH, now);
  let sent = 0;
  let next = 0;
  const lane = async () => {
    while (next < batch.length) {
      const message = batch[next++]!;
      if (await deliver(transport, message, now)) sent++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, batch.length) }, lane));
  return { sent, failed: batch.length - sent };
}
