import "server-only";
import { normalizeEmail } from "@/lib/participants/email";
import { checkCaptcha, takeCaptchaToken } from "@/lib/abuse/captcha";
import { consumeLimits, signupEmailRule, signupIpRule } from "@/lib/rate-limit/limits";
import { getSignupTarget } from "@/lib/registrations/data";
import { findActiveSignup, registerForEvent, type SignupOutcome } from "@/lib/registrations/mutations";
import { buildSignupSchema, fieldErrors, type FieldErrors, type SignupQuestion } from "@/lib/registrations/schema";

// The one sign-up path behind the form (server action) and the JSON API: the same rules, limits and answers.

export type SignupResult =
  | (SignupOutcome & { email?: string })
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "captcha_failed" };

const REPEAT_LOOKS = 3;
const REPEAT_LOOK_DELAY_MS = 250;

// A schema costs far more to build than to use (zod prepares it on first parse; building one per request was
// about 5% of a sign-up's CPU in a rush, tests/bench/signup.ts), and a rush sends one form thousands of times:
// schemas are kept per question set, a bounded number of them.
const MAX_CACHED_SCHEMAS = 200;
const schemas = new Map<string, ReturnType<typeof buildSignupSchema>>();

function signupSchema(questions: SignupQuestion[], cityReview: boolean) {
  const key = JSON.stringify([cityReview, questions]);
  let schema = schemas.get(key);
  if (!schema) {
    schema = buildSignupSchema(questions, { cityReview });
    if (schemas.size >= MAX_CACHED_SCHEMAS) schemas.delete(schemas.keys().next().value!);
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * `context.captchaToken`: the form's Turnstile token; the JSON API sends it in the body (`captchaToken`).
 * Abuse checks come first and write nothing but their own counters (one row per key and window): the per-IP
 * limit before anything else (it is the cheapest and bounds what follows, the CAPTCHA's network call
 * included), the CAPTCHA before any lookup, the per-address limit once the address is known to be valid.
 */
export async function signUp(slug: string, raw: unknown, context: { ip: string; captchaToken?: unknown }): Promise<SignupResult> {
  const byIp = await consumeLimits([signupIpRule(context.ip)]);
  if (byIp.limited) return { kind: "rate_limited", retryAfterSeconds: byIp.retryAfterSeconds };
  const { token, input } = takeCaptchaToken(raw);
  if ((await checkCaptcha(context.captchaToken ?? token, context.ip)) !== "ok") return { kind: "captcha_failed" };

  const event = await getSignupTarget(slug);
  if (!event) return { kind: "not_found" };
  const parsed = signupSchema(event.questions, event.cityReview).safeParse(input);
  if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error) };

  const byEmail = await consumeLimits([signupEmailRule(normalizeEmail(parsed.data.email))]);
  if (byEmail.limited) {
    // The same form sent again (double click, a second tab, a retry after a timeout) gets the same answer as
    // the first, not an error: over the limit, an address that already has this registration is told about it,
    // from the rows, with no write and no mail. Only sign-ups that would create something are refused. The
    // first of a parallel burst may not hold the lock yet when this one looks, hence a few short looks.
    for (let look = 0; look < REPEAT_LOOKS; look++) {
      if (look > 0) await new Promise((resolve) => setTimeout(resolve, REPEAT_LOOK_DELAY_MS));
      const existing = await findActiveSignup(event.id, parsed.data.email);
      if (existing) return { ...existing, email: parsed.data.email };
    }
    return { kind: "rate_limited", retryAfterSeconds: byEmail.retryAfterSeconds };
  }

  // Full, closed and "already registered" are all decided under the event lock.
  const outcome = await registerForEvent(event.id, parsed.data);
  return { ...outcome, email: parsed.data.email };
}
