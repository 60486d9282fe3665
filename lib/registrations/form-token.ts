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
