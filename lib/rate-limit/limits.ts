import "server-only";
import { limitSubject } from "@/lib/abuse/client-ip";
import { consumeRateLimit } from "@/lib/rate-limit/mutations";
import { getEnv } from "@/lib/server/env";

// The app's limits in one place: what is counted, under which key, per which window. Every counter is one
// row per key and window (RateLimitBucket's primary key), so a flood grows a count, never the table.

export type LimitRule = { key: string; limit: number; windowSeconds: number };
export type LimitCheck = { limited: false } | { limited: true; retryAfterSeconds: number };

export const SIGNUP_WINDOW_SECONDS = 600;
export const MAGIC_LINK_WINDOW_SECONDS = 900;
export const API_WINDOW_SECONDS = 60;

/** Counts the request against each rule in order, stopping at the first one it exceeds. */
export async function consumeLimits(rules: LimitRule[], now = new Date()): Promise<LimitCheck> {
  for (const rule of rules) {
    const result = await consumeRateLimit(rule.key, rule.limit, rule.windowSeconds, now);
    if (result.limited) {
      return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((result.resetAt.getTime() - now.getTime()) / 1000)) };
    }
  }
  return { limited: false };
}

export function signupIpRule(ip: string): LimitRule {
  return { key: `signup:ip:${limitSubject(ip)}`, limit: getEnv().RATE_LIMIT_SIGNUP_PER_IP, windowSeconds: SIGNUP_WINDOW_SECONDS };
}

export function signupEmailRule(normalizedEmail: string): LimitRule {
  return { key: `signup:email:${normalizedEmail}`, limit: getEnv().RATE_LIMIT_SIGNUP_PER_EMAIL, windowSeconds: SIGNUP_WINDOW_SECONDS };
}

/** Staff sign-in links: the same rules whatever the address, so a refusal says nothing about who is staff. */
export function magicLinkRules(ip: string, normalizedEmail: string | null): LimitRule[] {
  const env = getEnv();
  const rules: LimitRule[] = [
    { key: `magic-link:ip:${limitSubject(ip)}`, limit: env.RATE_LIMIT_MAGIC_LINK_PER_IP, windowSeconds: MAGIC_LINK_WINDOW_SECONDS },
  ];
  if (normalizedEmail) {
    rules.push({ key: `magic-link:email:${normalizedEmail}`, limit: env.RATE_LIMIT_MAGIC_LINK_PER_EMAIL, windowSeconds: MAGIC_LINK_WINDOW_SECONDS });
  }
  return rules;
}

export type ApiAccess = "read" | "write";

export function apiRule(ip: string, access: ApiAccess): LimitRule {
  const env = getEnv();
  const limit = access === "read" ? env.RATE_LIMIT_API_READS_PER_MINUTE : env.RATE_LIMIT_API_WRITES_PER_MINUTE;
  return { key: `api:${access}:${limitSubject(ip)}`, limit, windowSeconds: API_WINDOW_SECONDS };
}
