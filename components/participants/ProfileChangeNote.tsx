import { getTranslations } from "next-intl/server";

// Name, address and prefecture cannot be edited by the person yet (a verified change needs the returning-
// participant sign-in); until then the page says plainly how to have them changed.
export async function ProfileChangeNote({ contactEmail }: { contactEmail: string | null }) {
  const t = await getTranslations("dataRights.profile");
  return (
    <section className="section" aria-labelledby="me-profile-title" id="me-profile">
      <h2 id="me-profile-title">{t("title")}</h2>
      <p>{t("body")}</p>
      {contactEmail ? <p>{t("contact", { email: contactEmail })}</p> : null}
    </section>
  );
}
