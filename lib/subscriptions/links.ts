import "server-only";
import { getLinksRevokedAt } from "@/lib/participants/links/data";
import { currentLinkToken, resolveLinkToken } from "@/lib/participants/links/mutations";
import { idToken, parseIdToken } from "@/lib/server/secrets";

// The links in non-transactional mail. The unsubscribe token names the outbox row (which says who and what
// kind of mail), so one click needs no session and the URL carries no personal data. The participant page
// link is a stored, revocable link of the person (lib/participants/links): a new mail carries their current one.
//
// Unsubscribe links are not revocable and not rotated with the page links: RFC 8058 requires the one-click POST
// in List-Unsubscribe to work without any other credential for as long as the mail may be read, and all it can
// do is stop one kind of mail to that address. Their page (like a registration's manage page) links on to the
// person's page only if the mail was sent after the person last signed out everywhere
// (participantPagePathFromLink), so a forwarded old mail does not lead back into the person's data.

export function unsubscribeUrls(appUrl: string, outboxMessageId: string) {
  const token = idToken("unsubscribe", outboxMessageId);
  return {
    /** The page in the footer: says what will stop, and stops it with a button (a GET changes nothing). */
    page: `${appUrl}/unsubscribe/${token}`,
    /** The List-Unsubscribe URL: a POST stops the mail at once (RFC 8058); a GET shows the page. */
    oneClick: `${appUrl}/api/unsubscribe/${token}`,
  };
}

export const parseUnsubscribeToken = (token: string) => parseIdToken("unsubscribe", token);

/** The person's page with their current link (a new one is issued when needed); null once they are deleted. */
export async function participantPagePath(participantId: string): Promise<string | null> {
  const token = await currentLinkToken(participantId, "PARTICIPANT_PAGE");
  return token ? `/me/${token}` : null;
}

export async function participantPageUrl(appUrl: string, participantId: string): Promise<string | null> {
  const path = await participantPagePath(participantId);
  return path ? `${appUrl}${path}` : null;
}

/**
 * The person's page for a page reached by a link that is not revoked on its own (a registration's manage link,
 * an unsubscribe link), issued at `issuedAt`: null when the person signed out everywhere since.
 */
export async function participantPagePathFromLink(participantId: string, issuedAt: Date): Promise<string | null> {
  const revokedAt = await getLinksRevokedAt(participantId);
  if (revokedAt && issuedAt <= revokedAt) return null;
  return participantPagePath(participantId);
}

/** The participant a /me link opens, or null when it is malformed, forged, revoked or expired (all alike). */
export const parseParticipantToken = (token: string) => resolveLinkToken("PARTICIPANT_PAGE", token);
