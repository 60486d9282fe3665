import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { saveMailPreferencesByToken } from "@/lib/subscriptions/actions";
import { getParticipantPage } from "@/lib/subscriptions/data";
import { parseParticipantToken } from "@/lib/subscriptions/links";
import { formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ saved?: string }> };

// A participant's own page, reached from the manage page and from every non-transactional mail: all their
// registrations and which kinds of mail they get. No account: the signed token is the credential.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ParticipantPage({ params, searchParams }: Props) {
  const [{ token }, { saved }, locale, t] = await Promise.all([params, searchParams, getLocale() as Promise<Locale>, getTranslations("participant")]);
  const participantId = parseParticipantToken(token);
  const page = participantId ? await getParticipantPage(participantId) : null;
  if (!page) {
    return (
      <div className="message-page">
        <h1>{t("invalidTitle")}</h1>
        <p>{t("invalidBody")}</p>
      </div>
    );
  }
  return (
    <div className="manage-page">
      <h1>{t("me.title")}</h1>
      <p>{t("me.hello", { name: page.name ?? "", email: page.maskedEmail })}</p>

      <section className="section" aria-labelledby="me-registrations">
        <h2 id="me-registrations">{t("me.registrations")}</h2>
        {page.registrations.length === 0 ? (
          <p className="empty">{t("me.noRegistrations")}</p>
        ) : (
          <ul className="me-registrations">
            {page.registrations.map((r) => (
              <li key={r.id}>
                <Link href={`/manage/${r.manageToken}`}>{localized(r.event.titleJa, r.event.titleEn, locale)}</Link>
                <span className="me-registrations__meta">
                  {formatEventDateRange(r.event.startsAt, r.event.endsAt, locale)}・{t(`me.status.${r.status}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="me-mail">
        <h2 id="me-mail">{t("me.mailTitle")}</h2>
        {saved ? (
          <p className="outcome" role="status">
            {t("me.saved")}
          </p>
        ) : null}
        <p>{t("me.mailLead")}</p>
        <form action={saveMailPreferencesByToken.bind(null, token)} className="signup-form">
          <fieldset className="field">
            <legend className="visually-hidden">{t("me.mailTitle")}</legend>
            <div className="choices">
              {page.preferences.map((p) => (
                <label key={p.category} className="choice choice--block">
                  <input type="checkbox" name="enabled" value={p.category} defaultChecked={p.enabled} />
                  <span>
                    <strong>{t(`categories.${p.category}.label`)}</strong>
                    <span className="choice__help">{t(`categories.${p.category}.help`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="muted">{t("me.transactionalNote")}</p>
          <button type="submit" className="button button--wide">
            {t("me.save")}
          </button>
        </form>
      </section>
    </div>
  );
}
