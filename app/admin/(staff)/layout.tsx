import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/staff/SignOutButton";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getStaff } from "@/lib/server/auth";
import { can } from "@/lib/staff/permissions";

export const metadata: Metadata = { robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

// The staff shell. It gates for the experience only: every page, action and route handler checks the
// permission again on the server (requireStaff / staffForRoute).
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const staff = await getStaff();
  if (!staff) redirect("/admin/signin");
  const [t, locale] = await Promise.all([getTranslations("staff"), getLocale() as Promise<Locale>]);
  const org = localized(staff.organization.nameJa, staff.organization.nameEn, locale);
  // The root layout gives the browser only the public pages' messages; staff forms read the staff areas'.
  return (
    <NextIntlClientProvider>
      <div className="staff">
        <nav aria-label={t("nav.label")} className="staff-nav">
          <Link href="/admin">{t("nav.home")}</Link>
          {can(staff.role, "insights.view") ? <Link href="/admin/insights">{t("nav.insights")}</Link> : null}
          {can(staff.role, "campaigns.view") ? <Link href="/admin/campaigns">{t("nav.campaigns")}</Link> : null}
          {can(staff.role, "outbox.view") ? <Link href="/admin/outbox">{t("nav.outbox")}</Link> : null}
          {can(staff.role, "audit.view") ? <Link href="/admin/audit">{t("nav.audit")}</Link> : null}
          {can(staff.role, "requests.view") ? <Link href="/admin/requests">{t("nav.requests")}</Link> : null}
          {can(staff.role, "staff.invite") ? <Link href="/admin/staff">{t("nav.staff")}</Link> : null}
          <span className="staff-nav__who">{t("home.signedInAs", { name: staff.name ?? staff.email, role: t(`roles.${staff.role}`), org })}</span>
          <SignOutButton />
        </nav>
        {children}
      </div>
    </NextIntlClientProvider>
  );
}
