import "server-only";
import { getEnv } from "@/lib/server/env";

// Optional CAPTCHA (Cloudflare Turnstile) on the public sign-up, form and API. On only when both keys are set.
// Verification goes through a verifier interface so tests can inject one (no network); the production verifier
// asks Cloudflare's siteverify. Every failure refuses: a wrong token, a timeout, a network error, an answer
// that is not 200 or not the expected JSON. A CAPTCHA that lets people through when it breaks protects nothing.

export interface CaptchaVerifier {
  /** true only when the provider positively confirmed the token for this client. */
  verify(token: string, ip: string): Promise<boolean>;
}

export const TURNSTILE_SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
export const TURNSTILE_SCRIPT_URL = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
/** Name of the field the Turnstile widget adds to the form it sits in. */
export const TURNSTILE_FORM_FIELD = "cf-turnstile-response";
/** Name of the field a JSON API client sends the token in. */
export const API_CAPTCHA_FIELD = "captchaToken";
// Cloudflare's own limit on a token's length; anything longer is not a token.
const MAX_TOKEN_LENGTH = 2048;

export function createTurnstileVerifier(options: {
  secret: string;
  timeoutMs: number;
  endpoint?: string;
  fetch?: typeof fetch;
}): CaptchaVerifier {
  const endpoint = options.endpoint ?? TURNSTILE_SITEVERIFY_URL;
  const doFetch = options.fetch ?? fetch;
  return {
    async verify(token, ip) {
      const body = new URLSearchParams({ secret: options.secret, response: token });
      if (ip && ip !== "invalid" && ip !== "unknown") body.set("remoteip", ip);
      try {
        const response = await doFetch(endpoint, {
          method: "POST",
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
          redirect: "error",
        });
        if (response.status !== 200) return false;
        const answer: unknown = await response.json();
        return typeof answer === "object" && answer !== null && (answer as { success?: unknown }).success === true;
      } catch {
        return false; // timeout, network error, body that is not JSON
      }
    },
  };
}

let injected: CaptchaVerifier | undefined;

/** Tests: the verifier to use instead of Cloudflare's (undefined puts the real one back). */
export function setCaptchaVerifier(verifier: CaptchaVerifier | undefined): void {
  injected = verifier;
}

export type CaptchaConfig = { enabled: false } | { enabled: true; siteKey: string };

/** Whether sign-up asks for a CAPTCHA, and the public key the page's widget needs. */
export function captchaConfig(): CaptchaConfig {
  const env = getEnv();
  return env.TURNSTILE_SITE_KEY && env.TURNSTILE_SECRET_KEY ? { enabled: true, siteKey: env.TURNSTILE_SITE_KEY } : { enabled: false };
}

export type CaptchaCheck = "ok" | "failed";

/**
 * Checks the token when the CAPTCHA is on ("ok" when it is off). Fails closed: no token, a refusal, an error
 * or no answer within TURNSTILE_TIMEOUT_MS (whatever the verifier does about its own time) is "failed".
 */
export async function checkCaptcha(token: unknown, ip: string): Promise<CaptchaCheck> {
  const env = getEnv();
  if (!captchaConfig().enabled) return "ok";
  if (typeof token !== "string" || token === "" || token.length > MAX_TOKEN_LENGTH) return "failed";
  const verifier = injected ?? createTurnstileVerifier({ secret: env.TURNSTILE_SECRET_KEY!, timeoutMs: env.TURNSTILE_TIMEOUT_MS });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), env.TURNSTILE_TIMEOUT_MS);
  });
  try {
    const verified = await Promise.race([Promise.resolve().then(() => verifier.verify(token, ip)), deadline]);
    return verified === true ? "ok" : "failed";
  } catch {
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}

/** A JSON body's CAPTCHA token, and the body without it (the sign-up schema refuses fields it does not know). */
export function takeCaptchaToken(raw: unknown): { token: unknown; input: unknown } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw) || !(API_CAPTCHA_FIELD in raw)) return { token: undefined, input: raw };
  const { [API_CAPTCHA_FIELD]: token, ...input } = raw as Record<string, unknown>;
  return { token, input };
}
