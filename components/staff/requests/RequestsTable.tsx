import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { confirmCityCopyDeletedAction } from "@/lib/participants/actions";
import type { DeletionRequestRow } from "@/lib/participants/data";
import { localized } from "@/lib/i18n/localize";
import { codeLabel } from "@/lib/participants/own-data-labels";
import { formatDateTime } from "@/lib/time/format";

// The staff queue of deletion requests. The person is already anonymised when a row appears, so a row names
// nobody: it is the record of the request, its due date and, where the city had received the person's data,
// whether the city has confirmed deleting its copy (only the city's admin can record that). It says what the
// request concerns: the events the person had registered for and each provision record (view or export, of
// which event, which items) that included them, so staff know which copies to look for.

export const requestReference = (id: string) => id.slice(-12).toUpperCase();

export async function RequestsTable({ rows, canConfirm }: { rows: DeletionRequestRow[]; canConfirm: boolean }) {
  const [t, locale] = await Promise.all([getTranslations("dataRights.requests"), getLocale() as Promise<Locale>]);
  if (rows.length === 0) return <p className="empty">{t("empty")}</p>;
  const when = (d: Date) => <time dateTime={d.toISOString()}>{formatDateTime(d, locale)}</time>;
  return (
    <div className="staff-table-scroll" role="region" aria-label={t("caption")} tabIndex={0}>
      <table className="table staff-table">
        <caption className="visually-hidden">{t("caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("columns.reference")}</th>
            <th scope="col">{t("columns.received")}</th>
            <th scope="col">{t("columns.due")}</th>
            <th scope="col">{t("columns.status")}</th>
            <th scope="col">{t("columns.via")}</th>
            <th scope="col">{t("columns.concerns")}</th>
            <th scope="col">{t("columns.city")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const ref = requestReference(row.id);
            return (
              <tr key={row.id} data-overdue={row.overdue ? "true" : undefined} className={row.overdue ? "staff-table__row--overdue" : undefined}>
                <td>
                  <code>{ref}</code>
                </td>
                <td className="staff-table__date">{when(row.requestedAt)}</td>
                <td className="staff-table__date">
                  {when(row.dueAt)}
                  {row.overdue ? <span className="badge badge--required">{t("overdue")}</span> : null}
                </td>
                <td>{t(`status.${row.status}`)}</td>
                <td>{t.has(`via.${row.via}`) ? t(`via.${row.via}`) : row.via}</td>
                <td>
                  <p className="staff-table__sub">{t("eventsTitle")}</p>
                  {row.events.length === 0 ? (
                    <p className="muted">{t("noEvents")}</p>
                  ) : (
                    <ul className="staff-table__list">
                      {row.events.map((e) => (
                        <li key={e.id}>
                          {localized(e.titleJa, e.titleEn, locale)}（{when(e.startsAt)}）
                        </li>
                      ))}
                    </ul>
                  )}
                  {row.provisions.length > 0 ? (
                    <>
                      <p className="staff-table__sub">{t("provisionsTitle")}</p>
                      <ul className="staff-table__list">
                        {row.provisions.map((p) => (
                          <li key={p.id}>
                            {t("provision", {
                              date: formatDateTime(p.date, locale),
                              kind: t(`provisionKinds.${p.kind}`),
                              event: p.event ? localized(p.event.titleJa, p.event.titleEn, locale) : t("ledger"),
                              items: p.items.map((item) => codeLabel("item", item, locale)).join(locale === "en" ? ", " : "・"),
                            })}
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </td>
                <td>
                  {row.cityProvisionCount === 0 ? (
                    <span className="muted">{t("noCityCopy")}</span>
                  ) : row.cityCopyDeletedAt ? (
                    t("cityDeleted", { date: formatDateTime(row.cityCopyDeletedAt, locale), who: row.cityCopyDeletedBy ?? "—" })
                  ) : (
                    <>
                      <strong>{t("cityPending", { count: row.cityProvisionCount })}</strong>
                      {canConfirm ? (
                        <form action={confirmCityCopyDeletedAction}>
                          <input type="hidden" name="requestId" value={row.id} />
                          <button type="submit" className="button button--secondary">
                            {t("confirmButton")}
                            <span className="visually-hidden"> ({t("confirmContext", { ref })})</span>
                          </button>
                        </form>
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
