import "server-only";
import { normalizeEmail } from "@/lib/participants/email";
import { checkCaptcha, takeCaptchaToken } from "@/lib/abuse/captcha";
import { consumeLimits, signupEmailRule, signupIpRule } from "@/lib/rate-limit/limits";
import { getSignupTarget } from "@/lib/registrations/data";
import { registerForEvent } from "@/lib/registrations/mutations";
import { buildSignupSchema, fieldErrors, type FieldErrors, type SignupQuestion } from "@/lib/registrations/schema";

// The one sign-up path behind the form (server action) and the JSON API: the same rules, limits and answers.
// Its answer depends only on the event's state and the input's validity, never on the address: a new address,
// one that belongs to a person already, and one already registered for this event get the same answer (the
// person's own status, waitlist position and manage link go by mail to the address only). Anything else would
// tell a stranger who is registered where.

export type SignupResult =
  | { kind: "received"; intake: "open" | "waitlist" | "review"; email: string }
  | { kind: "full" | "closed" | "not_found" }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "captcha_failed" };

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

  // Counted per address whoever sends it, so being over the limit says nothing about the address's owner:
  // every address gets the same refusal (a double click stays well under the limit and gets the same answer).
  const byEmail = await consumeLimits([signupEmailRule(normalizeEmail(parsed.data.email))]);
  if (byEmail.limited) return { kind: "rate_limited", retryAfterSeconds: byEmail.retryAfterSeconds };

  // Full, closed and "already registered" are all decided under the event lock.
  const outcome = await registerForEvent(event.id, parsed.data);
  switch (outcome.kind) {
    case "registered":
    case "already_registered":
      if (outcome.intake === "full" || outcome.intake === "closed") return { kind: outcome.intake };
      return { kind: "received", intake: outcome.intake, email: parsed.data.email };
    default:
      return outcome;
  }
}
