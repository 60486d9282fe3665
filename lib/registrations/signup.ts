import "server-only";
import { normalizeEmail } from "@/lib/participants/email";
import { consumeRateLimit } from "@/lib/rate-limit/mutations";
import { getSignupEvent } from "@/lib/registrations/data";
import { registerForEvent, type SignupOutcome } from "@/lib/registrations/mutations";
import { buildSignupSchema, fieldErrors, type FieldErrors } from "@/lib/registrations/schema";
import { getEnv } from "@/lib/server/env";

// The one sign-up path behind the form (server action) and the JSON API: the same rules, limits and answers.

export type SignupResult =
  | (SignupOutcome & { email?: string })
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "rate_limited"; retryAfterSeconds: number };

const WINDOW_SECONDS = 600;

export async function signUp(slug: string, raw: unknown, context: { ip: string }): Promise<SignupResult> {
  const env = getEnv();
  const byIp = await consumeRateLimit(`signup:ip:${context.ip}`, env.RATE_LIMIT_SIGNUP_PER_IP, WINDOW_SECONDS);
  if (byIp.limited) return { kind: "rate_limited", retryAfterSeconds: Math.ceil((byIp.resetAt.getTime() - Date.now()) / 1000) };

  const event = await getSignupEvent(slug);
  if (!event) return { kind: "not_found" };
  const parsed = buildSignupSchema(event.questions).safeParse(raw);
  if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error) };

  const byEmail = await consumeRateLimit(`signup:email:${normalizeEmail(parsed.data.email)}`, env.RATE_LIMIT_SIGNUP_PER_EMAIL, WINDOW_SECONDS);
  if (byEmail.limited) return { kind: "rate_limited", retryAfterSeconds: Math.ceil((byEmail.resetAt.getTime() - Date.now()) / 1000) };

  // Full, closed and "already registered" are all decided under the event lock.
  const outcome = await registerForEvent(event.id, parsed.data);
  return { ...outcome, email: parsed.data.email };
}
