import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getEnv } from "@/lib/server/env";

export async function SiteFooter() {
  const t = await getTranslations();
  const contact = getEnv().OPERATOR_CONTACT_EMAIL;
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t("site.organizers")}</p>
        <p className="muted">{t("footer.about")}</p>
        <p className="site-footer__links">
          <Link href="/privacy">{t("footer.privacy")}</Link>
          <a href={`mailto:${contact}`}>
            {t("footer.contactLink")}: {contact}
          </a>
        </p>
      </div>
    </footer>
  );
}
