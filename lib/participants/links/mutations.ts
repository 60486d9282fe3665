import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db";
import { parseIdToken } from "@/lib/server/secrets";
import {
  DAY_MS,
  LEGACY_LINKS_ACCEPTED_UNTIL,
  LEGACY_PURPOSE,
  LINK_LIFETIME_DAYS,
  looksStored,
  REISSUE_BEFORE_DAYS,
  storedLinkHash,
  storedLinkToken,
  type LinkPurpose,
} from "@/lib/participants/links/tokens";

// Issuing, opening, revoking and rotating a person's mail links (see tokens.ts for the two kinds of link).
// Every miss is the same null, whether the link was forged, revoked, expired, or its person deleted, so a
// revoked link answers exactly like an unknown one.

type Tx = Prisma.TransactionClient;

// Opening a page writes "last used" at most this often, so a page view is not a write each time.
const TOUCH_EVERY_MS = 5 * 60_000;

/**
 * The id a link opens: the participant for PARTICIPANT_PAGE, the registration for SURVEY; null when the link
 * is not (or no longer) valid. Records when a stored link was last used.
 */
export async function resolveLinkToken(purpose: LinkPurpose, token: unknown, now: Date = new Date()): Promise<string | null> {
  // Server actions receive their arguments from the client: a "token" may be any JSON value.
  if (typeof token !== "string") return null;
  const db = getDb();
  if (looksStored(token)) {
    const link = await db.participantAccessToken.findUnique({
      where: { tokenHash: storedLinkHash(token) },
      select: { id: true, purpose: true, participantId: true, registrationId: true, expiresAt: true, revokedAt: true, lastUsedAt: true, participant: { select: { anonymizedAt: true } } },
    });
    if (!link || link.purpose !== purpose || link.revokedAt || link.expiresAt <= now || link.participant.anonymizedAt) return null;
    const opens = purpose === "SURVEY" ? link.registrationId : link.participantId;
    if (!opens) return null;
    if (!link.lastUsedAt || now.getTime() - link.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await db.participantAccessToken.update({ where: { id: link.id }, data: { lastUsedAt: now } });
    }
    return opens;
  }
  const id = parseIdToken(LEGACY_PURPOSE[purpose], token);
  if (!id || now >= LEGACY_LINKS_ACCEPTED_UNTIL) return null;
  const person =
    purpose === "SURVEY"
      ? (await db.registration.findUnique({ where: { id }, select: { participant: { select: { linksRevokedAt: true } } } }))?.participant
      : await db.participant.findUnique({ where: { id }, select: { linksRevokedAt: true } });
  // A legacy link whose record is gone is left to the page to answer "not found", as before.
  if (person?.linksRevokedAt) return null;
  return id;
}

/**
 * The link a mail carries now: the person's current link for this purpose (and survey), or a new one when
 * there is none with at least REISSUE_BEFORE_DAYS left. Null when the person is gone (deleted).
 */
export async function currentLinkToken(
  participantId: string,
  purpose: LinkPurpose,
  registrationId: string | null = null,
  now: Date = new Date(),
): Promise<string | null> {
  const db = getDb();
  const reuse = await db.participantAccessToken.findFirst({
    where: { participantId, purpose, registrationId, revokedAt: null, expiresAt: { gt: new Date(now.getTime() + REISSUE_BEFORE_DAYS * DAY_MS) } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (reuse) return storedLinkToken(purpose, reuse.id);
  const person = await db.participant.findUnique({ where: { id: participantId }, select: { anonymizedAt: true } });
  if (!person || person.anonymizedAt) return null;
  return issueLink(db, participantId, purpose, registrationId, now);
}

async function issueLink(db: Tx, participantId: string, purpose: LinkPurpose, registrationId: string | null, now: Date): Promise<string> {
  const id = crypto.randomUUID();
  const token = storedLinkToken(purpose, id);
  await db.participantAccessToken.create({
    data: { id, participantId, purpose, registrationId, tokenHash: storedLinkHash(token), createdAt: now, expiresAt: new Date(now.getTime() + LINK_LIFETIME_DAYS[purpose] * DAY_MS) },
  });
  return token;
}

/** Revokes one of the person's links (from their page). False when it was not theirs or already revoked. */
export async function revokeLink(participantId: string, linkId: string, now: Date = new Date()): Promise<boolean> {
  const revoked = await getDb().participantAccessToken.updateMany({
    where: { id: linkId, participantId, purpose: { in: ["PARTICIPANT_PAGE", "SURVEY"] }, revokedAt: null },
    data: { revokedAt: now },
  });
  return revoked.count > 0;
}

/** Revokes the person's legacy (derived) links only: the "old mails" row of the list. */
export async function revokeLegacyLinks(participantId: string, now: Date = new Date()): Promise<boolean> {
  const revoked = await getDb().participant.updateMany({ where: { id: participantId, linksRevokedAt: null, anonymizedAt: null }, data: { linksRevokedAt: now } });
  return revoked.count > 0;
}

/**
 * Rotates every mail link of a person: all their page and survey links, stored or derived, stop working, and
 * the next mail carries new ones. Call it when the person asks ("sign out everywhere") and whenever their
 * email address changes (links in mail sent to the old address must not keep opening their data). Pass the
 * transaction that changes the address so both happen together. Returns a new page link when asked for one
 * (the person who signed out everywhere is sent on to it).
 */
export async function rotateParticipantLinks(
  participantId: string,
  options: { now?: Date; tx?: Tx; issuePageLink?: boolean } = {},
): Promise<{ pageToken: string | null }> {
  const now = options.now ?? new Date();
  const run = async (tx: Tx) => {
    await tx.participantAccessToken.updateMany({
      where: { participantId, purpose: { in: ["PARTICIPANT_PAGE", "SURVEY"] }, revokedAt: null },
      data: { revokedAt: now },
    });
    const person = await tx.participant.updateMany({ where: { id: participantId, anonymizedAt: null }, data: { linksRevokedAt: now } });
    if (person.count === 0 || !options.issuePageLink) return { pageToken: null };
    return { pageToken: await issueLink(tx, participantId, "PARTICIPANT_PAGE", null, now) };
  };
  return options.tx ? run(options.tx) : getDb().$transaction(run);
}
