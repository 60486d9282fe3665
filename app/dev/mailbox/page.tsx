import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { listMailbox } from "@/lib/mail/mailbox";
import { formatDateTime } from "@/lib/time/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function MailboxPage() {
  const mailbox = await listMailbox();
  if (!mailbox) notFound();
  const [t, locale] = await Promise.all([getTranslations("mailbox"), getLocale() as Promise<Locale>]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="notice">{t("notice", { dir: mailbox.dir })}</p>
      {mailbox.mails.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("date")}</th>
              <th scope="col">{t("to")}</th>
              <th scope="col">{t("subject")}</th>
            </tr>
          </thead>
          <tbody>
            {mailbox.mails.map((mail) => (
              <tr key={mail.id}>
                <td>{formatDateTime(new Date(mail.date), locale)}</td>
                <td>{mail.to}</td>
                <td>
                  <Link href={`/dev/mailbox/${mail.id}`}>{mail.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
