import "server-only";
import { signedToken, tokenMatches } from "@/lib/server/secrets";

// The sign-up form carries the time it was shown, signed. A form sent back sooner than a person could fill
// it is a bot's; one older than a day is stale (the person is asked to send it again, nothing is lost).

const PURPOSE = "signup-form";
const MAX_AGE_MS = 24 * 3600_000;

export function issueFormToken(now = Date.now()): string {
  return `${now}.${signedToken(PURPOSE, String(now))}`;
}

export type FormTokenCheck = "ok" | "too_fast" | "expired" | "invalid";

export function checkFormToken(token: unknown, minFillSeconds: number, now = Date.now()): FormTokenCheck {
  if (typeof token !== "string") return "invalid";
  const [issued, signature] = token.split(".");
  if (!issued || !signature || !/^\d+$/.test(issued) || !tokenMatches(PURPOSE, issued, signature)) return "invalid";
  const age = now - Number(issued);
  if (age < minFillSeconds * 1000) return "too_fast";
  if (age > MAX_AGE_MS) return "expired";
  return "ok";
}

// Sent faster than the minimum, the form may still be a person's (a browser's autofill fills it in a
// moment): they are asked to send it once more, and this proof, bound to the form's own token, lets that
// second send through. A bot gains nothing it could not get from a slower first send.
const FAST_PURPOSE = "signup-form-fast";

export function issueFastConfirmation(formToken: string): string {
  return signedToken(FAST_PURPOSE, formToken);
}

export function isFastConfirmation(formToken: unknown, confirmation: unknown): boolean {
  return typeof formToken === "string" && typeof confirmation === "string" && confirmation !== "" && tokenMatches(FAST_PURPOSE, formToken, confirmation);
}
