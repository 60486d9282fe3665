import "server-only";
import { idToken, parseIdToken } from "@/lib/server/secrets";

// The links in non-transactional mail. The unsubscribe token names the outbox row (which says who and what
// kind of mail), so one click needs no session and the URL carries no personal data. The participant page
// token names the person.

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

export function participantPagePath(participantId: string): string {
  return `/me/${idToken("participant", participantId)}`;
}

export function participantPageUrl(appUrl: string, participantId: string): string {
  return `${appUrl}${participantPagePath(participantId)}`;
}

export const parseParticipantToken = (token: string) => parseIdToken("participant", token);
