import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { acceptStaffInvitation } from "@/lib/staff/actions";
import { findInvitation } from "@/lib/staff/mutations";

export const metadata: Metadata = { robots: { index: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

// Opening the link changes nothing; accepting is a POST. An address that already has a staff account in another
// organisation cannot accept: the page says why (and the action refuses it too) rather than showing a button.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t, locale] = await Promise.all([params, getTranslations("staff"), getLocale() as Promise<Locale>]);
  const invitation = await findInvitation(token);
  return (
    <div className="narrow">
      <h1>{t("invite.title")}</h1>
      {invitation?.otherOrganization ? (
        <p className="outcome outcome--warn" role="alert">
          {t("invite.otherOrganization", { org: localized(invitation.organization.nameJa, invitation.organization.nameEn, locale) })}
        </p>
      ) : invitation ? (
        <>
          <p>{t("invite.body", { org: localized(invitation.organization.nameJa, invitation.organization.nameEn, locale), role: t(`roles.${invitation.role}`) })}</p>
          <form action={acceptStaffInvitation.bind(null, token)}>
            <button type="submit" className="button button--wide">
              {t("invite.accept")}
            </button>
          </form>
        </>
      ) : (
        <p className="outcome outcome--warn">{t("invite.invalid")}</p>
      )}
    </div>
  );
}
