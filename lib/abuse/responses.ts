import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";

// Answers to refused requests outside React (route handlers), in both languages: a client may not have told us
// its language, and a partner's site shows whichever it needs.

export type Bilingual = { ja: string; en: string };

export function rateLimitedMessage(retryAfterSeconds: number): Bilingual {
  const fill = (template: string) => template.replace("{seconds}", String(retryAfterSeconds));
  return { ja: fill(ja.abuse.rateLimited), en: fill(en.abuse.rateLimited) };
}

export const CAPTCHA_FAILED_MESSAGE: Bilingual = { ja: ja.abuse.captchaFailed, en: en.abuse.captchaFailed };

/** 429 with Retry-After (whole seconds, at least 1) and a message in Japanese and English. */
export function tooManyRequests(retryAfterSeconds: number, extra: Record<string, unknown> = {}): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return Response.json(
    { error: "rate_limited", retryAfterSeconds: seconds, message: rateLimitedMessage(seconds), ...extra },
    { status: 429, headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" } },
  );
}
