import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import type { FieldErrors } from "@/lib/registrations/schema";

// Field error codes (lib/registrations/schema.ts) in the reader's language, for answers outside React
// (the JSON API). The form shows the same messages through next-intl (fieldErrors.*).

export type ApiLocale = "ja" | "en";

const FIELD_ERROR_MESSAGES: Record<ApiLocale, Record<string, string>> = { ja: ja.fieldErrors, en: en.fieldErrors };

/**
 * The reader's language for an API answer: the body's `locale` (the language the person signs up in),
 * else an Accept-Language that starts with English, else Japanese.
 */
export function apiLocale(body: unknown, acceptLanguage: string | null): ApiLocale {
  const fromBody = body && typeof body === "object" && !Array.isArray(body) ? (body as { locale?: unknown }).locale : undefined;
  if (fromBody === "ja" || fromBody === "en") return fromBody;
  return acceptLanguage && /^\s*en(?![a-z])/i.test(acceptLanguage) ? "en" : "ja";
}

/** Field error codes with their message in one language (`{max}` and `{keys}` filled in). */
export function localizeFieldErrors(errors: FieldErrors, locale: ApiLocale): Record<string, { code: string; message: string }> {
  const messages = FIELD_ERROR_MESSAGES[locale];
  return Object.fromEntries(
    Object.entries(errors).map(([path, error]) => {
      const template = messages[error.code] ?? messages.invalid ?? error.code;
      const message = template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
        const value = error.params?.[name];
        return value === undefined ? placeholder : String(value);
      });
      return [path, { code: error.code, message }];
    }),
  );
}
