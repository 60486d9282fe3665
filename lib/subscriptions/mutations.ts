import "server-only";
import { CONSENT_FOR_CATEGORY, isSubscriptionCategory, SUBSCRIPTION_CATEGORIES, type SubscriptionCategory } from "@/lib/mail/categories";
import { normalizeEmail } from "@/lib/participants/email";
import { CURRENT_CONSENT_VERSION } from "@/lib/registrations/policy";
import { getDb } from "@/lib/server/db";

// Stopping and restarting kinds of mail. A stop is a Suppression row per address and kind (honoured by every
// later send, at claim time), and, where the kind rests on a consent (surveys, news), the withdrawal of that
// consent too: withdrawal stops future use (DESIGN.md §4). Transactional mail can never be stopped.

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];

async function stop(tx: Tx, emailNormalized: string, participantId: string | null, category: SubscriptionCategory, via: "unsubscribe" | "participant_page", source: string, now: Date) {
  await tx.suppression.upsert({
    where: { emailNormalized_category: { emailNormalized, category } },
    create: { emailNormalized, category, reason: "UNSUBSCRIBE", source, createdAt: now },
    update: {},
  });
  const purpose = CONSENT_FOR_CATEGORY[category];
  if (purpose && participantId) {
    await tx.consent.updateMany({ where: { participantId, purpose, withdrawnAt: null }, data: { withdrawnAt: now, withdrawnVia: via } });
  }
}

/**
 * One click from a mail: stops the kind of mail that message was, for its address. Idempotent (a second click,
 * or the mail client's POST after the person's own, changes nothing). Null for an unknown or transactional message.
 */
export async function unsubscribeByMessage(outboxMessageId: string, via: "one_click" | "page", now: Date = new Date()): Promise<SubscriptionCategory | null> {
  return getDb().$transaction(async (tx) => {
    const message = await tx.outboxMessage.findUnique({ where: { id: outboxMessageId }, select: { category: true, toEmail: true, participantId: true } });
    if (!message || !isSubscriptionCategory(message.category)) return null;
    await stop(tx, normalizeEmail(message.toEmail), message.participantId, message.category, "unsubscribe", `${via}:${outboxMessageId}`, now);
    return message.category;
  });
}

/**
 * The participant page's switches. Turning a kind on lifts its stop and, for kinds that rest on a consent,
 * records a new consent (a new row: the history of grants and withdrawals is kept).
 */
export async function updateMailPreferences(participantId: string, enabled: ReadonlySet<SubscriptionCategory>, now: Date = new Date()): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    const person = await tx.participant.findUnique({
      where: { id: participantId },
      select: { emailNormalized: true, anonymizedAt: true, consents: { where: { withdrawnAt: null }, select: { purpose: true } } },
    });
    if (!person?.emailNormalized || person.anonymizedAt) return false;
    const current = new Set<string>(person.consents.map((c) => c.purpose));
    for (const category of SUBSCRIPTION_CATEGORIES) {
      const purpose = CONSENT_FOR_CATEGORY[category];
      if (!enabled.has(category)) {
        await stop(tx, person.emailNormalized, participantId, category, "participant_page", "participant_page", now);
        continue;
      }
      await tx.suppression.deleteMany({ where: { emailNormalized: person.emailNormalized, category } });
      if (purpose && !current.has(purpose)) {
        await tx.consent.create({ data: { participantId, purpose, version: CURRENT_CONSENT_VERSION, grantedAt: now } });
      }
    }
    await tx.participant.update({ where: { id: participantId }, data: { lastActiveAt: now } });
    return true;
  });
}
