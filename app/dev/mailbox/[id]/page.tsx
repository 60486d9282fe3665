import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { readMailboxMessage } from "@/lib/mail/mailbox";
import { formatDateTime } from "@/lib/time/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const mail = await readMailboxMessage(id);
  if (!mail) notFound();
  const [t, locale] = await Promise.all([getTranslations("mailbox"), getLocale() as Promise<Locale>]);
  return (
    <>
      <p>
        <Link href="/dev/mailbox">← {t("back")}</Link>
      </p>
      <h1 className="mail-subject">{mail.subject}</h1>
      <dl className="mail-headers">
        <dt>{t("from")}</dt>
        <dd>{mail.from}</dd>
        <dt>{t("to")}</dt>
        <dd>{mail.to}</dd>
        <dt>{t("date")}</dt>
        <dd>{formatDateTime(new Date(mail.date), locale)}</dd>
        {mail.attachments.length > 0 ? (
          <>
            <dt>{t("attachments")}</dt>
            <dd>{mail.attachments.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {mail.html ? (
        <section aria-label={t("htmlView")}>
          {/* sandbox="" : the mail's HTML runs no script and cannot reach this origin */}
          <iframe title={t("htmlView")} sandbox="" srcDoc={mail.html} className="mail-frame" />
        </section>
      ) : null}
      <section aria-label={t("textView")}>
        <pre className="mail-text">{mail.text}</pre>
      </section>
    </>
  );
}
