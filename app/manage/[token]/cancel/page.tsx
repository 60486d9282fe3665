import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getRegistrationByManageToken } from "@/lib/registrations/data";
import { cancelByToken } from "@/lib/registrations/manage-actions";

type Props = { params: Promise<{ token: string }> };

export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

// The confirmation step: opening this page (or a mail scanner prefetching it) changes nothing; only the
// button's POST cancels.
export default async function CancelPage({ params }: Props) {
  const [{ token }, locale, t] = await Promise.all([params, getLocale() as Promise<Locale>, getTranslations("manage")]);
  const registration = await getRegistrationByManageToken(token);
  if (!registration) notFound();
  const title = localized(registration.event.titleJa, registration.event.titleEn, locale);
  return (
    <div className="message-page">
      <h1>{t("cancelTitle")}</h1>
      <p>{t("cancelBody", { title })}</p>
      <form action={cancelByToken.bind(null, token)} className="button-row">
        <button type="submit" className="button button--danger">
          {t("cancelConfirm")}
        </button>
        <Link href={`/manage/${encodeURIComponent(token)}`} className="button button--secondary">
          {t("cancelKeep")}
        </Link>
      </form>
    </div>
  );
}
