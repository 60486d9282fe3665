import { getLocale, getTranslations } from "next-intl/server";
import { setLocale } from "@/lib/i18n/actions";
import { locales } from "@/lib/i18n/config";

export async function LocaleSwitcher() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("locale")]);
  return (
    <form action={setLocale} className="locale-switcher" aria-label={t("label")}>
      {locales.map((code) => (
        <button
          key={code}
          type="submit"
          name="locale"
          value={code}
          lang={code}
          aria-pressed={code === locale}
          className="locale-switcher__button"
        >
          {t(code)}
        </button>
      ))}
    </form>
  );
}
