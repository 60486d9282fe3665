import "server-only";
import type { ActivityKind, MailCategory } from "@/lib/generated/prisma/enums";
import { CONSENT_FOR_CATEGORY, isSubscriptionCategory, SUBSCRIPTION_CATEGORIES, type SubscriptionCategory } from "@/lib/mail/categories";
import { normalizeEmail } from "@/lib/participants/email";
import { manageTokenFor } from "@/lib/registrations/mutations";
import { getDb } from "@/lib/server/db";

// What the unsubscribe page and the participant's own page show. Both are reached through signed links, without
// an account; they show an address only masked, so a forwarded mail gives a stranger no more than it already did.

/** t***@example.com: enough for the owner to recognise, little for anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

export type UnsubscribeTarget = { category: SubscriptionCategory; maskedEmail: string; stopped: boolean; participantId: string | null; sentAt: Date };

export async function getUnsubscribeTarget(outboxMessageId: string): Promise<UnsubscribeTarget | null> {
  const db = getDb();
  const message = await db.outboxMessage.findUnique({
    where: { id: outboxMessageId },
    select: { category: true, toEmail: true, participantId: true, createdAt: true },
  });
  if (!message || !isSubscriptionCategory(message.category)) return null;
  const suppression = await db.suppression.findUnique({
    where: { emailNormalized_category: { emailNormalized: normalizeEmail(message.toEmail), category: message.category } },
    select: { id: true },
  });
  return { category: message.category, maskedEmail: maskEmail(message.toEmail), stopped: suppression !== null, participantId: message.participantId, sentAt: message.createdAt };
}

export type MailPreference = { category: SubscriptionCategory; enabled: boolean; needsConsent: boolean };

export type ParticipantPage = {
  name: string | null;
  maskedEmail: string;
  preferences: MailPreference[];
  registrations: { id: string; status: string; manageToken: string; event: { slug: string; titleJa: string; titleEn: string | null; startsAt: Date; endsAt: Date } }[];
  /** What they reported themselves about their ties with Ogaki (lib/activities), newest first. */
  activities: { id: string; kind: ActivityKind; occurredOn: Date; note: string | null }[];
};

/** A person's own page: their registrations, the activities they reported, and which kinds of mail they get. Null once anonymised. */
export async function getParticipantPage(participantId: string): Promise<ParticipantPage | null> {
  const db = getDb();
  const person = await db.participant.findUnique({
    where: { id: participantId },
    select: {
      name: true,
      email: true,
      emailNormalized: true,
      anonymizedAt: true,
      consents: { where: { withdrawnAt: null }, select: { purpose: true } },
      registrations: {
        orderBy: { event: { startsAt: "desc" } },
        select: { id: true, status: true, event: { select: { slug: true, titleJa: true, titleEn: true, startsAt: true, endsAt: true } } },
      },
      activities: {
        where: { source: "SELF_REPORTED" },
        orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
        select: { id: true, kind: true, occurredOn: true, note: true },
      },
    },
  });
  if (!person || person.anonymizedAt || !person.email || !person.emailNormalized) return null;
  const suppressed = new Set<MailCategory>(
    (await db.suppression.findMany({ where: { emailNormalized: person.emailNormalized }, select: { category: true } })).map((s) => s.category),
  );
  const consents = new Set<string>(person.consents.map((c) => c.purpose));
  return {
    name: person.name,
    maskedEmail: maskEmail(person.email),
    preferences: SUBSCRIPTION_CATEGORIES.map((category) => {
      const purpose = CONSENT_FOR_CATEGORY[category];
      return { category, needsConsent: purpose !== null, enabled: !suppressed.has(category) && (purpose === null || consents.has(purpose)) };
    }),
    registrations: person.registrations.map((r) => ({ id: r.id, status: r.status, manageToken: manageTokenFor(r.id), event: r.event })),
    activities: person.activities,
  };
}
