import { getTranslations } from "next-intl/server";

/** What every page under /me/<token> shows for a link that is not (or no longer) valid. */
export async function InvalidParticipantLink() {
  const t = await getTranslations("participant");
  return (
    <div className="message-page">
      <h1>{t("invalidTitle")}</h1>
      <p>{t("invalidBody")}</p>
    </div>
  );
}
