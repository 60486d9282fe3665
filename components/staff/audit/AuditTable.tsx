import { getLocale, getTranslations } from "next-intl/server";
import { actionLabel } from "@/components/staff/audit/labels";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatDateTime } from "@/lib/time/format";

type Entry = {
  id: string;
  action: string;
  subjectCount: number | null;
  ip: string | null;
  createdAt: Date;
  summary: { format?: string; rows?: number };
  actor: { name: string | null; email: string } | null;
  event: { titleJa: string; titleEn: string | null } | null;
};

export async function AuditTable({ entries }: { entries: Entry[] }) {
  const [t, locale] = await Promise.all([getTranslations("staffExport"), getLocale() as Promise<Locale>]);
  if (entries.length === 0) return <p className="empty">{t("audit.none")}</p>;
  return (
    <div className="staff-table-scroll" role="region" aria-label={t("audit.tabs.log")} tabIndex={0}>
      <table className="table staff-table">
        <thead>
          <tr>
            <th scope="col">{t("audit.columns.at")}</th>
            <th scope="col">{t("audit.columns.staff")}</th>
            <th scope="col">{t("audit.columns.action")}</th>
            <th scope="col">{t("audit.columns.event")}</th>
            <th scope="col">{t("audit.columns.subjects")}</th>
            <th scope="col">{t("audit.columns.detail")}</th>
            <th scope="col">{t("audit.columns.ip")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="staff-table__date">
                <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt, locale)}</time>
              </td>
              <td>
                {entry.actor ? (
                  <>
                    {entry.actor.name ?? entry.actor.email}
                    <br />
                    <span className="muted">{entry.actor.email}</span>
                  </>
                ) : (
                  <span className="muted">{t("audit.unknownStaff")}</span>
                )}
              </td>
              <td>{actionLabel(t, entry.action)}</td>
              <td>{entry.event ? localized(entry.event.titleJa, entry.event.titleEn, locale) : t("audit.noEvent")}</td>
              <td>{entry.subjectCount === null ? t("audit.noEvent") : t("audit.persons", { count: entry.subjectCount })}</td>
              <td>
                {entry.summary.format ? t("audit.format", { format: entry.summary.format.toUpperCase() }) : null}
                {entry.summary.format && entry.summary.rows !== undefined ? "・" : null}
                {entry.summary.rows !== undefined ? t("audit.rows", { count: entry.summary.rows }) : null}
              </td>
              <td className="muted">{entry.ip ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
