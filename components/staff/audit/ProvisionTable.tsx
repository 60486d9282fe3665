import { getLocale, getTranslations } from "next-intl/server";
import { itemLabel } from "@/components/staff/audit/labels";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatDateTime } from "@/lib/time/format";

type ProvisionRecordRow = {
  id: string;
  kind: "VIEW" | "EXPORT";
  items: string[];
  personCount: number;
  createdAt: Date;
  recipient: { nameJa: string; nameEn: string };
  staffUser: { name: string | null; email: string } | null;
  event: { titleJa: string; titleEn: string | null } | null;
};

/** 第三者提供の記録 (APPI art. 29): date, recipient, the staff member, persons and items. */
export async function ProvisionTable({ records, questionLabels }: { records: ProvisionRecordRow[]; questionLabels: Record<string, { ja: string; en: string | null }> }) {
  const [t, locale] = await Promise.all([getTranslations("staffExport"), getLocale() as Promise<Locale>]);
  if (records.length === 0) return <p className="empty">{t("audit.none")}</p>;
  return (
    <div className="staff-table-scroll" role="region" aria-label={t("audit.tabs.provisions")} tabIndex={0}>
      <table className="table staff-table">
        <thead>
          <tr>
            <th scope="col">{t("audit.columns.at")}</th>
            <th scope="col">{t("audit.columns.kind")}</th>
            <th scope="col">{t("audit.columns.recipient")}</th>
            <th scope="col">{t("audit.columns.staff")}</th>
            <th scope="col">{t("audit.columns.event")}</th>
            <th scope="col">{t("audit.columns.persons")}</th>
            <th scope="col">{t("audit.columns.items")}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <td className="staff-table__date">
                <time dateTime={record.createdAt.toISOString()}>{formatDateTime(record.createdAt, locale)}</time>
              </td>
              <td>{t(`audit.provisionKind.${record.kind}`)}</td>
              <td>{localized(record.recipient.nameJa, record.recipient.nameEn, locale)}</td>
              <td>
                {record.staffUser ? (
                  <>
                    {record.staffUser.name ?? record.staffUser.email}
                    <br />
                    <span className="muted">{record.staffUser.email}</span>
                  </>
                ) : (
                  <span className="muted">{t("audit.unknownStaff")}</span>
                )}
              </td>
              <td>{record.event ? localized(record.event.titleJa, record.event.titleEn, locale) : t("audit.noEvent")}</td>
              <td>{t("audit.persons", { count: record.personCount })}</td>
              <td>{record.items.map((item) => itemLabel(t, item, questionLabels, locale)).join("、")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
