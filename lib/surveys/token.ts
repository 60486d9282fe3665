import "server-only";
import { currentLinkToken, resolveLinkToken } from "@/lib/participants/links/mutations";
import { idToken, parseIdToken } from "@/lib/server/secrets";

// A survey link opens one registration's survey. New mails carry a stored, revocable link of the person
// (lib/participants/links, purpose SURVEY); mails sent before carry `<registrationId>.<signature>`
// (lib/server/secrets.ts idToken), the signature bound to its own purpose ("survey"), so neither the manage link
// nor the check-in QR code opens a survey and a survey link opens nothing else. Those keep working until the
// person signs out everywhere or LEGACY_LINKS_ACCEPTED_UNTIL. People answer without an account, so the link is
// the only credential.

export const SURVEY_TOKEN_PURPOSE = "survey";

/** The derived (legacy) survey token of a registration, as mails carried it before stored links. */
export function surveyTokenFor(registrationId: string): string {
  return idToken(SURVEY_TOKEN_PURPOSE, registrationId.toLowerCase());
}

/** The personal survey page of a registration for the invitation mail (built at send time); null once deleted. */
export async function surveyUrlFor(appUrl: string, participantId: string, registrationId: string): Promise<string | null> {
  const token = await currentLinkToken(participantId, "SURVEY", registrationId.toLowerCase());
  return token ? `${appUrl.replace(/\/+$/, "")}/survey/${token}` : null;
}

/**
 * The registration a derived survey link names, or null when the link is malformed or its signature does not
 * match (compared in constant time). Pure: says nothing about revocation; pages use resolveSurveyToken.
 */
export function parseSurveyToken(token: string): string | null {
  return parseIdToken(SURVEY_TOKEN_PURPOSE, token);
}

/** The registration a survey link opens now, or null when malformed, forged, revoked or expired (all alike). */
export const resolveSurveyToken = (token: string) => resolveLinkToken("SURVEY", token);
