import "server-only";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { hostname } from "node:os";
import { getCampaignContentForSending } from "@/lib/campaigns/data";
import { getMailCheckinCode } from "@/lib/checkin/data";
import type { CheckinMailProps } from "@/lib/checkin/mail";
import { checkinPayloadFor } from "@/lib/checkin/token";
import { isEmailTemplate, renderEmail, type EmailTemplate, type SubscriptionLinks } from "@/lib/emails";
import { isSubscriptionCategory } from "@/lib/mail/categories";
import { holdLiveness, type Liveness } from "@/lib/mail/outbox/liveness";
import {
  claimDueMessages,
  giveBackSendQuota,
  handoffPool,
  recordFailure,
  ClaimLostError,
  rowHandoff,
  releaseDeadWorkersClaims,
  releaseStaleClaims,
  reserveSendQuota,
  undoHandoff,
  type Claim,
  type ClaimedMessage,
  type Failure,
} from "@/lib/mail/outbox/mutations";
import { SmtpError } from "@/lib/mail/smtp";
import { singleRecipient, type MailTransport, type OutgoingMail } from "@/lib/mail/transport";
import { manageTokenFor, pendingChangeTokenFor } from "@/lib/registrations/mutations";
import { contactAddress } from "@/lib/mail/contact";
import { getEnv } from "@/lib/server/env";
import { participantPageUrl, unsubscribeUrls } from "@/lib/subscriptions/links";
import { surveyUrlFor } from "@/lib/surveys/token";

// Sends due outbox rows. A failure never loses a mail: the row stays PENDING with a later nextAttemptAt (SMTP
// down, a 4xx, a lost connection) or becomes FAILED for a permanent refusal (5xx), a mail that cannot be built,
// or too many attempts; every attempt is logged with its reason. Exactly once: see lib/mail/smtp.ts.

export type SenderOptions = {
  /** Unique per process and start (pids are reused in containers). */
  workerId?: string;
  databaseUrl: string;
  batch?: number;
  ratePerMinute: number;
  retryBaseMs: number;
  maxAttempts: number;
  parallel: number;
  log?: (line: string) => void;
};

export type PassResult = { sent: number; failed: number; suppressed: number };

const STALE_CLAIM_MS = 15 * 60_000;
/**
 * Sends in flight per SMTP connection. A mail spends part of its time off the connection (built and encoded
 * before it, its COMMIT confirmed after it); with a second send waiting for each connection, the connection is
 * not idle meanwhile. SMTP_MAX_CONNECTIONS still bounds the connections (lib/mail/smtp.ts SmtpPool).
 */
const SENDS_PER_CONNECTION = 2;
/**
 * Rows claimed per pass. Each pass ends when its slowest send does and then claims again, with the connections
 * idle meanwhile; a larger batch pays that less often (measured by tests/bench/follow-up.ts). Still well under
 * a minute's quota at the default MAIL_RATE_PER_MINUTE, and a dead worker's claims are released at once
 * (liveness lock).
 */
const CLAIM_BATCH = 200;
const DEAD_CLAIMS_EVERY_MS = 5_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** base · 2^attempts (30 s, 1 min, 2 min … with the default base), capped at an hour. */
export function backoffMs(attempts: number, baseMs = 30_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts), 3_600_000);
}

// Mails that carry the check-in QR code. Its token, like the manage link's, is derived here at send time and
// never stored in the outbox.
const CHECKIN_TEMPLATES = new Set<string>(["registration-confirmed", "registration-approved", "event-reminder"]);

async function checkinFor(message: ClaimedMessage): Promise<CheckinMailProps | null> {
  if (!message.registrationId || !CHECKIN_TEMPLATES.has(message.template)) return null;
  const code = await getMailCheckinCode(message.registrationId);
  return code ? { code, payload: checkinPayloadFor(message.registrationId) } : null;
}

// A campaign's content is fixed once it starts (only drafts are edited), so workers keep it for a while rather
// than read it again for each of thousands of recipients. Test sends (no participant) come from drafts being
// edited, so they always read it afresh.
type CampaignContent = Awaited<ReturnType<typeof getCampaignContentForSending>>;
const CAMPAIGN_CACHE_MS = 60_000;
const campaignCache = new Map<string, { at: number; content: Promise<CampaignContent> }>();

function campaignContent(campaignId: string | null, fresh: boolean): Promise<CampaignContent> {
  if (!campaignId) return Promise.resolve(null);
  if (fresh) return getCampaignContentForSending(campaignId);
  const cached = campaignCache.get(campaignId);
  if (cached && Date.now() - cached.at < CAMPAIGN_CACHE_MS) return cached.content;
  const content = getCampaignContentForSending(campaignId);
  campaignCache.set(campaignId, { at: Date.now(), content });
  content.catch(() => campaignCache.delete(campaignId));
  return content;
}

/** What only some templates need: the campaign's content, the survey link. */
async function templateProps(message: ClaimedMessage, appUrl: string): Promise<Record<string, unknown>> {
  if (message.template === "campaign") {
    const campaign = await campaignContent(message.campaignId, message.participantId === null);
    if (!campaign) throw new Error(`campaign ${message.campaignId} not found`);
    return { campaign, category: message.category };
  }
  if (message.template === "survey-invitation" && message.registrationId) {
    if (!message.participantId) throw new Error(`survey invitation ${message.id} has no participant`);
    const surveyUrl = await surveyUrlFor(appUrl, message.participantId, message.registrationId);
    if (!surveyUrl) throw new Error(`survey invitation ${message.id}: the person is gone`);
    return { surveyUrl };
  }
  return {};
}

/** The links and values a template gets at send time, on top of the stored payload. */
async function sendTimeProps(message: ClaimedMessage): Promise<{ props: Record<string, unknown>; subscription: SubscriptionLinks | null }> {
  const env = getEnv();
  const [checkin, extra, preferencesUrl] = await Promise.all([
    checkinFor(message),
    templateProps(message, env.APP_URL),
    message.participantId && isSubscriptionCategory(message.category) ? participantPageUrl(env.APP_URL, message.participantId) : null,
  ]);
  const subscription: SubscriptionLinks | null = isSubscriptionCategory(message.category)
    ? {
        category: message.category,
        unsubscribeUrl: unsubscribeUrls(env.APP_URL, message.id).page,
        preferencesUrl,
      }
    : null;
  const props: Record<string, unknown> = {
    ...message.payload,
    manageUrl: message.registrationId ? `${env.APP_URL}/manage/${manageTokenFor(message.registrationId)}` : env.APP_URL,
    // A sign-up for an address that belonged to a person already: the one-time link that applies what was typed.
    applyUrl: typeof message.payload.pendingChangeId === "string" ? `${env.APP_URL}/signup-changes/${pendingChangeTokenFor(message.payload.pendingChangeId)}` : null,
    appUrl: env.APP_URL,
    contactEmail: contactAddress(env),
    subscription,
    ...extra,
    ...(checkin ? { checkin } : {}),
  };
  return { props, subscription };
}

type SendTime = Awaited<ReturnType<typeof sendTimeProps>>;

function buildMail(message: ClaimedMessage, { props, subscription }: SendTime): { mail: OutgoingMail; subject: string } {
  if (!isEmailTemplate(message.template)) throw new Error(`unknown template ${message.template}`);
  const env = getEnv();
  const rendered = renderEmail(message.template as EmailTemplate, props as never, message.locale);
  const host = new URL(env.APP_URL).hostname || "localhost";
  const headers: Record<string, string> = {};
  if (subscription) {
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to this URL, without a session.
    headers["List-Unsubscribe"] = `<${unsubscribeUrls(env.APP_URL, message.id).oneClick}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    subject: rendered.subject,
    mail: {
      // Checked here so a row whose address is not one plain address fails for good instead of being retried.
      to: singleRecipient(message.toName ? { name: message.toName, address: message.toEmail } : message.toEmail),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers,
      // Passed on whole: the check-in QR image also carries its cid and encoding.
      attachments: rendered.attachments?.map((a) => ({ ...a })),
      // Stable per outbox row: the same Message-ID on every attempt, so a message can always be traced.
      messageId: `<${message.id}@${host}>`,
    },
  };
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class OutboxSender {
  readonly workerId: string;
  private liveness: Liveness | null = null;
  /** One connection per parallel send, for the hand-off transactions (never shared while one is open). */
  private handoffPool: pg.Pool | null = null;
  private lastDeadCheck = 0;
  private readonly options: Required<Omit<SenderOptions, "workerId">>;

  constructor(
    private readonly transport: MailTransport,
    { workerId = newWorkerId(), batch = CLAIM_BATCH, log = () => {}, ...options }: SenderOptions,
  ) {
    this.workerId = workerId;
    this.options = { batch, log, ...options };
  }

  /** Takes the liveness lock; a worker claims nothing before it holds it. */
  async start(): Promise<void> {
    this.liveness = await holdLiveness(this.options.databaseUrl, this.workerId, this.options.log);
    this.handoffPool = handoffPool(this.options.databaseUrl, this.workerId, this.options.parallel * SENDS_PER_CONNECTION);
  }

  async stop(): Promise<void> {
    await this.liveness?.release();
    await this.handoffPool?.end();
    this.liveness = null;
    this.handoffPool = null;
  }

  /** One pass: frees dead workers' claims, claims a batch within the rate, and settles each row. */
  async sendDue(now: Date = new Date()): Promise<PassResult> {
    if (!this.liveness?.alive) return { sent: 0, failed: 0, suppressed: 0 };
    if (Date.now() - this.lastDeadCheck >= DEAD_CLAIMS_EVERY_MS) {
      this.lastDeadCheck = Date.now();
      const released = (await releaseDeadWorkersClaims()) + (await releaseStaleClaims(new Date(now.getTime() - STALE_CLAIM_MS)));
      if (released) this.options.log(`released ${released} mail(s) claimed by a worker that stopped`);
    }
    const { ratePerMinute, batch: size } = this.options;
    const quota = await reserveSendQuota(size, ratePerMinute, now);
    const { claimed, suppressed } = await claimDueMessages(this.workerId, quota, now);
    await giveBackSendQuota(quota - claimed.length, ratePerMinute, now);

    let sent = 0;
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const message = claimed[next++]!;
        if (await this.deliver(message)) sent++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.parallel * SENDS_PER_CONNECTION, claimed.length) }, lane));
    return { sent, failed: claimed.length - sent, suppressed };
  }

  private async deliver(message: ClaimedMessage): Promise<boolean> {
    const claim: Claim = { worker: this.workerId, claimedAt: message.claimedAt };
    const started = Date.now();
    const failure = (error: string, permanent: boolean, smtpCode: number | null = null): Failure & { maxAttempts: number } => ({
      error,
      permanent,
      smtpCode,
      nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts, this.options.retryBaseMs)),
      durationMs: Date.now() - started,
      maxAttempts: this.options.maxAttempts,
    });

    let sendTime: SendTime;
    try {
      sendTime = await sendTimeProps(message);
    } catch (error) {
      // What is read at send time comes from the database: a hiccup there is worth another try.
      await recordFailure(message.id, claim, failure(`cannot read what the mail needs: ${errorMessage(error)}`, false));
      return false;
    }
    let built: ReturnType<typeof buildMail>;
    try {
      built = buildMail(message, sendTime);
    } catch (error) {
      // A mail that cannot be rendered now will not render on a later try either.
      await recordFailure(message.id, claim, failure(`cannot build the mail: ${errorMessage(error)}`, true));
      return false;
    }

    const client = await this.handoffPool!.connect();
    let clientBroken = false;
    try {
      await this.transport.deliver(
        built.mail,
        rowHandoff(client, message.id, claim, { messageId: String(built.mail.messageId), subject: built.subject, startedAt: started }),
      );
      return true;
    } catch (error) {
      // Another worker owns the row now: whatever happened here, it is theirs to settle.
      if (error instanceof ClaimLostError || (error instanceof SmtpError && error.cause instanceof ClaimLostError)) return false;
      const code = error instanceof SmtpError ? error.responseCode : null;
      const settle = failure(errorMessage(error), code !== null && code >= 500, code);
      // Without an SMTP answer the failure may have been the database connection: do not reuse it.
      clientBroken = code === null;
      if (error instanceof SmtpError && error.handedOff) await undoHandoff(message.id, claim, settle);
      else await recordFailure(message.id, claim, settle);
      return false;
    } finally {
      client.release(clientBroken);
    }
  }
}

/** The worker's options from the app's configuration. */
export function senderOptionsFromEnv(env: ReturnType<typeof getEnv>, log?: (line: string) => void): SenderOptions {
  return {
    databaseUrl: env.DATABASE_URL,
    ratePerMinute: env.MAIL_RATE_PER_MINUTE,
    retryBaseMs: env.MAIL_RETRY_BASE_MS,
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    parallel: env.SMTP_MAX_CONNECTIONS,
    log,
  };
}
