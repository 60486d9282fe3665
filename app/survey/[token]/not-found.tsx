import Link from "next/link";
import { getTranslations } from "next-intl/server";

// A survey link that is forged, malformed or no longer usable: one friendly page (404), which never says
// whether a registration exists.
export default async function SurveyNotFound() {
  const t = await getTranslations("survey");
  return (
    <div className="message-page">
      <h1>{t("invalidTitle")}</h1>
      <p>{t("invalidBody")}</p>
      <p>
        <Link href="/events" className="button">
          {t("eventsLink")}
        </Link>
      </p>
    </div>
  );
}
