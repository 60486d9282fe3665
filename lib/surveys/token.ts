import "server-only";
import { idToken, parseIdToken } from "@/lib/server/secrets";

// The survey link carries `<registrationId>.<signature>` (lib/server/secrets.ts idToken), the signature bound to
// its own purpose ("survey"), so neither the manage link nor the check-in QR code opens a survey and a survey
// link opens nothing else. It is derived when the mail is sent and never stored; people answer without an
// account, so the link is the only credential.

export const SURVEY_TOKEN_PURPOSE = "survey";

export function surveyTokenFor(registrationId: string): string {
  return idToken(SURVEY_TOKEN_PURPOSE, registrationId.toLowerCase());
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
  return parseIdToken(SURVEY_TOKEN_PURPOSE, token);
}
