import type { Locale } from "@/lib/i18n/config";

/** Picks the English text when the reader chose English and it exists; Japanese otherwise. */
export function localized(ja: string, en: string | null | undefined, locale: Locale): string;
export function localized(ja: string | null, en: string | null | undefined, locale: Locale): string | null;
export function localized(ja: string | null, en: string | null | undefined, locale: Locale): string | null {
  return locale === "en" && en ? en : ja;
}
