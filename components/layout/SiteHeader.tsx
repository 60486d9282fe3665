import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LocaleSwitcher } from "@/components/layout/LocaleSwitcher";

export async function SiteHeader() {
  const t = await getTranslations();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="site-header__brand">
          <span className="site-header__mark" aria-hidden="true">
            水
          </span>
          {t("site.name")}
        </Link>
        <nav aria-label={t("nav.main")} className="site-header__nav">
          <Link href="/events">{t("nav.events")}</Link>
        </nav>
        <LocaleSwitcher />
      </div>
    </header>
  );
}
