import "server-only";
import { getDb } from "@/lib/server/db";
import { parseIdToken } from "@/lib/server/secrets";
import { LEGACY_LINKS_ACCEPTED_UNTIL, LEGACY_PURPOSE, looksStored, storedLinkHash, type LinkPurpose } from "@/lib/participants/links/tokens";

// "Open links" on a person's page: every link of theirs that still opens something, newest first, and whether
// the links in mails sent before stored links existed still work (they are one row: they cannot be told apart).

export type OpenLink = {
  id: string;
  purpose: LinkPurpose;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  /** The survey's event, for SURVEY links. */
  event: { titleJa: string; titleEn: string | null } | null;
};

export type OpenLinks = { links: OpenLink[]; legacyActiveUntil: Date | null };

export async function listOpenLinks(participantId: string, now: Date = new Date()): Promise<OpenLinks> {
  const db = getDb();
  const [rows, person] = await Promise.all([
    db.participantAccessToken.findMany({
      where: { participantId, purpose: { in: ["PARTICIPANT_PAGE", "SURVEY"] }, revokedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, purpose: true, registrationId: true, createdAt: true, lastUsedAt: true, expiresAt: true },
    }),
    db.participant.findUnique({ where: { id: participantId }, select: { linksRevokedAt: true } }),
  ]);
  const surveyIds = rows.flatMap((r) => (r.registrationId ? [r.registrationId] : []));
  const registrations = surveyIds.length
    ? await db.registration.findMany({ where: { id: { in: surveyIds }, participantId }, select: { id: true, event: { select: { titleJa: true, titleEn: true } } } })
    : [];
  const eventOf = new Map(registrations.map((r) => [r.id, r.event]));
  return {
    links: rows.map((r) => ({
      id: r.id,
      purpose: r.purpose as LinkPurpose,
      createdAt: r.createdAt,
      lastUsedAt: r.lastUsedAt,
      expiresAt: r.expiresAt,
      event: r.registrationId ? (eventOf.get(r.registrationId) ?? null) : null,
    })),
    legacyActiveUntil: person && !person.linksRevokedAt && now < LEGACY_LINKS_ACCEPTED_UNTIL ? LEGACY_LINKS_ACCEPTED_UNTIL : null,
  };
}

/** When the person last signed out everywhere (or had their links rotated), or null. */
export async function getLinksRevokedAt(participantId: string): Promise<Date | null> {
  const person = await getDb().participant.findUnique({ where: { id: participantId }, select: { linksRevokedAt: true } });
  return person?.linksRevokedAt ?? null;
}

/**
 * The deleted person a page link named, for the deletion result page only: a link that was valid when the
 * person was deleted (a stored link revoked by the deletion itself, or a derived link not signed out before).
 */
export async function resolveDeletedPageToken(token: string, now: Date = new Date()): Promise<string | null> {
  if (typeof token !== "string") return null;
  const db = getDb();
  if (looksStored(token)) {
    const link = await db.participantAccessToken.findUnique({
      where: { tokenHash: storedLinkHash(token) },
      select: { purpose: true, participantId: true, revokedAt: true, expiresAt: true, participant: { select: { anonymizedAt: true } } },
    });
    const { anonymizedAt } = link?.participant ?? {};
    if (!link || link.purpose !== "PARTICIPANT_PAGE" || !anonymizedAt || link.expiresAt <= now) return null;
    return link.revokedAt?.getTime() === anonymizedAt.getTime() ? link.participantId : null;
  }
  const id = parseIdToken(LEGACY_PURPOSE.PARTICIPANT_PAGE, token);
  if (!id || now >= LEGACY_LINKS_ACCEPTED_UNTIL) return null;
  const person = await db.participant.findUnique({ where: { id }, select: { anonymizedAt: true, linksRevokedAt: true } });
  return person?.anonymizedAt && !person.linksRevokedAt ? id : null;
}

/** Which row of the list a (valid) page link is: its stored id, or "legacy" for a derived link. */
export async function linkIdOf(token: string): Promise<string | "legacy" | null> {
  if (!looksStored(token)) return "legacy";
  const link = await getDb().participantAccessToken.findUnique({ where: { tokenHash: storedLinkHash(token) }, select: { id: true } });
  return link?.id ?? null;
}
