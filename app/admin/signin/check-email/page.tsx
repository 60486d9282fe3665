import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { mailboxDirForRequest } from "@/lib/mail/mailbox";

export const metadata: Metadata = { robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function CheckEmailPage() {
  const t = await getTranslations("staff.signin");
  return (
    <div className="narrow">
      <h1>{t("checkTitle")}</h1>
      <p>{t("checkBody")}</p>
      {(await mailboxDirForRequest()) ? (
        <p>
          <Link href="/dev/mailbox">{t("devMailbox")}</Link>
        </p>
      ) : null}
    </div>
  );
}
