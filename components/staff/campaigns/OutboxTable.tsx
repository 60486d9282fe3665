import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { OutboxRow } from "@/lib/campaigns/data";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatDateTime } from "@/lib/time/format";

/**
 * Outbox rows with their delivery state: a campaign's recipients, or every mail of the organisation (with the
 * kind of mail and what it is about). On a phone the table scrolls sideways; the address and state come first.
 */
export async function OutboxTable({ rows, variant }: { rows: OutboxRow[]; variant: "recipients" | "outbox" }) {
  const [t, locale] = await Promise.all([getTranslations("staffCampaigns"), getLocale() as Promise<Locale>]);
  if (rows.length === 0) return <p className="empty">{t("table.empty")}</p>;
  const outbox = variant === "outbox";
  const date = (value: Date | null) => (value ? formatDateTime(value, locale) : t("table.none"));
  const template = (name: string) => {
    const key = `templates.${name.replace(/[^a-z0-9]+/gi, "_")}`;
    return t.has(key) ? t(key) : name;
  };
  return (
    <div className="staff-table-scroll">
      <table className="table staff-table">
        <thead>
          <tr>
            <th scope="col">{t("table.recipient")}</th>
            <th scope="col">{t("table.status")}</th>
            {outbox ? <th scope="col">{t("table.kind")}</th> : null}
            {outbox ? <th scope="col">{t("table.about")}</th> : null}
            <th scope="col">{t("table.attempts")}</th>
            <th scope="col">{t("table.nextAttemptAt")}</th>
            <th scope="col">{t("table.lastError")}</th>
            <th scope="col">{t("table.sentAt")}</th>
            <th scope="col">{t("table.messageId")}</th>
            {outbox ? <th scope="col">{t("table.createdAt")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const settled = row.status === "SENT" || row.status === "CANCELLED" || row.status === "SUPPRESSED";
            return (
              <tr key={row.id}>
                <th scope="row" className="staff-table__name">
                  {row.toName ?? t("table.noName")}
                  <span className="staff-table__sub">{row.toEmail}</span>
                </th>
                <td>
                  <span className={`staff-status staff-mail-status--${row.status.toLowerCase()}`}>{t(`mailStatus.${row.status}`)}</span>
                </td>
                {outbox ? (
                  <td>
                    <div className="staff-table__text">
                      {t(`mailCategory.${row.category}`)}
                      <span className="staff-table__sub">{template(row.template)}</span>
                    </div>
                  </td>
                ) : null}
                {outbox ? (
                  <td>
                    <div className="staff-table__text">
                      {row.campaign ? (
                        <Link href={`/admin/campaigns/${row.campaign.id}`}>{row.campaign.subjectJa}</Link>
                      ) : row.event ? (
                        <Link href={`/admin/events/${row.event.id}`}>{localized(row.event.titleJa, row.event.titleEn, locale)}</Link>
                      ) : (
                        t("table.none")
                      )}
                    </div>
                  </td>
                ) : null}
                <td>{row.attempts}</td>
                <td className="staff-table__date">{settled || row.status === "FAILED" ? t("table.none") : date(row.nextAttemptAt)}</td>
                <td>
                  <div className="staff-table__text">{row.lastError ? errorLabel(t, row.lastError) : t("table.none")}</div>
                </td>
                <td className="staff-table__date">{date(row.sentAt)}</td>
                <td>
                  <div className="staff-table__text staff-campaign-message-id">{row.messageId ?? t("table.none")}</div>
                </td>
                {outbox ? <td className="staff-table__date">{date(row.createdAt)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Translator = { (key: string): string; has(key: string): boolean };

/** The reasons the system itself writes are explained; an SMTP answer is shown as the server gave it. */
function errorLabel(t: Translator, error: string): string {
  const key = `skipReasons.${error}`;
  return /^[a-z_]+$/.test(error) && t.has(key) ? t(key) : error;
}
