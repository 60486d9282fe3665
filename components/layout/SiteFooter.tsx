import { getTranslations } from "next-intl/server";

export async function SiteFooter() {
  const t = await getTranslations();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t("site.organizers")}</p>
        <p className="muted">{t("footer.about")}</p>
      </div>
    </footer>
  );
}
