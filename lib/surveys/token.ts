import "server-only";
import { signedToken, tokenMatches } from "@/lib/server/secrets";

// The survey link carries `<registrationId>.<token>`, the token being an HMAC of the registration id under
// AUTH_SECRET with its own purpose ("survey"), so neither the manage link nor the check-in QR code opens a
// survey and a survey link opens nothing else. It is derived when the mail is sent and never stored; people
// answer without an account, so the link is the only credential.

export const SURVEY_TOKEN_PURPOSE = "survey";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const TOKEN = new RegExp(`^(${UUID})\\.([A-Za-z0-9_-]{43})$`, "i");

export function surveyTokenFor(registrationId: string): string {
  const id = registrationId.toLowerCase();
  return `${id}.${signedToken(SURVEY_TOKEN_PURPOSE, id)}`;
}

/** The personal survey page of a registration, e.g. for the invitation mail (built at send time). */
export function surveyUrlFor(appUrl: string, registrationId: string): string {
  return `${appUrl.replace(/\/+$/, "")}/survey/${surveyTokenFor(registrationId)}`;
}

/**
 * The registration a survey link is for, or null when the link is malformed or its signature does not match
 * (compared in constant time). Says nothing about whether that registration exists.
 */
export function parseSurveyToken(token: string): string | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const registrationId = match[1]!.toLowerCase();
  return tokenMatches(SURVEY_TOKEN_PURPOSE, registrationId, match[2]!) ? registrationId : null;
}
