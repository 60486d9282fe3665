import "server-only";
import { tooManyRequests } from "@/lib/abuse/responses";
import { discardVerificationTokens } from "@/lib/abuse/mutations";
import { normalizeEmail } from "@/lib/participants/email";
import { consumeLimits, magicLinkRules } from "@/lib/rate-limit/limits";
import { getEnv } from "@/lib/server/env";
import { clientIp } from "@/lib/server/request";
import { isActiveStaffEmail } from "@/lib/staff/data";

// Staff sign-in link requests (next-auth's POST /api/auth/signin/email), limited per client IP and per address.
// The limits count every request the same way, staff address or not, and the refusal is the same for all:
// a 429 tells nothing about who is staff. Its `url` is what next-auth's client reads from an answer, so
// signIn(…, { redirect: false }) resolves to { status: 429, error: "RateLimited" } instead of throwing.

const MAX_EMAIL_LENGTH = 320;

type Handler = () => Promise<Response>;

function isLinkRequest(request: Request, path: string[]): boolean {
  return request.method === "POST" && path.length === 2 && path[0] === "signin" && path[1] === "email";
}

async function requestedAddress(request: Request): Promise<string | null> {
  try {
    const email = (await request.clone().formData()).get("email");
    if (typeof email !== "string" || email.trim() === "") return null;
    return normalizeEmail(email).slice(0, MAX_EMAIL_LENGTH);
  } catch {
    return null; // not a form: next-auth refuses it itself
  }
}

/** Runs next-auth's handler for `path` unless this is a sign-in link request over a limit (then 429). */
export async function handleMagicLinkRequest(request: Request, path: string[], handle: Handler): Promise<Response> {
  if (!isLinkRequest(request, path)) return handle();
  const email = await requestedAddress(request);
  const check = await consumeLimits(magicLinkRules(clientIp(request.headers), email));
  if (check.limited) {
    return tooManyRequests(check.retryAfterSeconds, { url: `${getEnv().APP_URL}/admin/signin?error=RateLimited` });
  }
  const response = await handle();
  // next-auth stores a token for any address (it must answer alike); one for an address that is not staff can
  // never be used (the signIn callback refuses it), so it is not kept.
  if (email && !(await isActiveStaffEmail(email))) await discardVerificationTokens(email);
  return response;
}
