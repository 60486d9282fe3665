import "server-only";
import { signedToken, tokenHash } from "@/lib/server/secrets";

// Revocable mail links to a person's data (their page /me/…, a survey /survey/…). Each link is a row in
// ParticipantAccessToken; the token in the URL is derived from the row's id and AUTH_SECRET, so a mail sent
// again (a retry) carries the same link and the token itself is never stored, only its SHA-256 for lookups.
// The row holds what makes a link revocable: expiry, last use, revocation.
//
// Links mailed before stored links existed are `<id>.<signature>` (lib/server/secrets.ts idToken), derived from
// the person's or registration's id. They keep working until the person signs out everywhere (or their links
// are rotated on an email change: Participant.linksRevokedAt) or until LEGACY_LINKS_ACCEPTED_UNTIL, whichever
// comes first. A stored token has no dot, so the two kinds never collide.

export type LinkPurpose = "PARTICIPANT_PAGE" | "SURVEY";

/** How long a stored link opens its page after it was issued. */
export const LINK_LIFETIME_DAYS: Record<LinkPurpose, number> = {
  // The page link is in every non-transactional mail; half a year covers the gap between two events.
  PARTICIPANT_PAGE: 180,
  // Surveys are answered in the weeks after an event; answers are purged RETENTION_ANSWERS_DAYS (180) after it.
  SURVEY: 90,
};

/** A mail reuses the person's current link while it has at least this long to live; else a new link is issued. */
export const REISSUE_BEFORE_DAYS = 30;

/**
 * Links derived from the id alone (mails sent before this change) stop working at this moment for everyone:
 * 2027-07-01 00:00 JST, seven months after stored links were introduced (longer than a page link's lifetime
 * plus a survey's), so every person has had newer mail with a stored link by then.
 */
export const LEGACY_LINKS_ACCEPTED_UNTIL = new Date("2027-06-30T15:00:00Z");

/** The legacy signature purposes, as lib/server/secrets.ts idToken was called for each kind of link. */
export const LEGACY_PURPOSE: Record<LinkPurpose, string> = { PARTICIPANT_PAGE: "participant", SURVEY: "survey" };

export function storedLinkToken(purpose: LinkPurpose, linkId: string): string {
  return signedToken(`link:${purpose}`, linkId);
}

export const storedLinkHash = (token: string) => tokenHash(token);

/** Stored tokens are one base64url HMAC (43 characters, no dot); anything else is not worth a query. */
export function looksStored(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export const DAY_MS = 86_400_000;
