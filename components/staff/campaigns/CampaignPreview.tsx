import { getLocale, getTranslations } from "next-intl/server";
import type { StaffCampaign } from "@/lib/campaigns/data";
import type { SegmentRecipient } from "@/lib/campaigns/segment";
import { renderCampaignEmail } from "@/lib/emails/campaign";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { contactAddress } from "@/lib/mail/contact";
import { getEnv } from "@/lib/server/env";

/**
 * The campaign as a recipient gets it: rendered by the mail template itself, with a real recipient's merge
 * values (named, so the organiser knows whose data it is), or placeholders when the segment has nobody. The
 * unsubscribe links of the footer are made per mail at send time; the preview shows the footer's note.
 */
export async function CampaignPreview({ campaign, recipient, hasEnglish }: { campaign: StaffCampaign; recipient: SegmentRecipient | null; hasEnglish: boolean }) {
  const [t, locale] = await Promise.all([getTranslations("staffCampaigns.detail.preview"), getLocale() as Promise<Locale>]);
  const env = getEnv();
  const values = recipient
    ? { name: recipient.name ?? "", eventTitleJa: recipient.eventTitleJa, eventTitleEn: recipient.eventTitleEn, eventStartsAt: recipient.eventStartsAt.toISOString() }
    : { name: t("placeholderName"), eventTitleJa: t("placeholderEvent"), eventTitleEn: t("placeholderEvent"), eventStartsAt: null };
  const render = (language: Locale) =>
    renderCampaignEmail(
      {
        campaign,
        category: campaign.category,
        ...values,
        appUrl: env.APP_URL,
        contactEmail: contactAddress(env),
        subscription: { category: campaign.category, unsubscribeUrl: "", preferencesUrl: null },
      },
      language,
    );
  const versions: { language: Locale; label: string }[] = [{ language: "ja", label: t("ja") }, ...(hasEnglish ? [{ language: "en" as const, label: t("en") }] : [])];

  return (
    <section aria-labelledby="preview-heading" className="section">
      <h2 id="preview-heading">{t("title")}</h2>
      <p className="field__help" data-testid="preview-whose">
        {recipient
          ? t("whose", {
              name: recipient.name ?? t("noName"),
              email: recipient.email,
              event: localized(recipient.eventTitleJa, recipient.eventTitleEn, locale),
            })
          : t("nobody")}
      </p>
      <p className="field__help">{t("footerNote")}</p>
      {versions.map(({ language, label }) => {
        const mail = render(language);
        return (
          <div key={language} className="staff-campaign-preview">
            <h3>{label}</h3>
            <dl className="mail-headers">
              <dt>{t("subject")}</dt>
              <dd lang={language}>{mail.subject}</dd>
              <dt>{t("from")}</dt>
              <dd>{env.MAIL_FROM}</dd>
            </dl>
            {/* sandbox="": the preview runs no script and cannot reach this origin */}
            <iframe title={t("frameTitle", { language: label })} sandbox="" srcDoc={mail.html} className="mail-frame" />
            <details>
              <summary>{t("text")}</summary>
              <pre className="mail-text" lang={language}>
                {mail.text}
              </pre>
            </details>
          </div>
        );
      })}
    </section>
  );
}
