import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SelectAll } from "@/components/staff/registrations/SelectAll";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { CityRegistrationRow, FullRegistrationRow, RegistrationList } from "@/lib/registrations/staff/data";
import { questionColumn } from "@/lib/registrations/staff/columns";
import { registrationsHref, type RegistrationQuery, type SortKey } from "@/lib/registrations/staff/schema";
import { formatDateTime } from "@/lib/time/format";
import { BULK_FORM_ID } from "./constants";
import { answerLabel, interestLabels, relationshipLabels, residenceLabel } from "./format";

/**
 * The registrations table. The city's rows carry only the city's fields (the data layer never reads the
 * others for them); the columns below follow the view, they are not what keeps the data away. `hidden` is
 * the staff member's own choice of columns (ColumnChooser); the name column always shows and stays in view
 * while the table scrolls sideways.
 */
export async function RegistrationTable({
  list,
  query,
  selectable,
  hidden,
}: {
  list: RegistrationList;
  query: RegistrationQuery;
  selectable: boolean;
  hidden: ReadonlySet<string>;
}) {
  const [t, ts, locale] = await Promise.all([
    getTranslations("staffRegistrations.table"),
    getTranslations("staffRegistrations.status"),
    getLocale() as Promise<Locale>,
  ]);
  const full = list.view === "full";
  const eventId = list.event.id;
  const show = (key: string) => !hidden.has(key);
  const questions = list.questions.filter((q) => show(questionColumn(q.id)));

  const sortHeader = (key: SortKey, label: string, className?: string) => {
    const active = query.sort === key;
    const nextDir = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <th scope="col" className={className} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={registrationsHref(eventId, query, { sort: key, dir: nextDir })} aria-label={t("sortBy", { column: label })}>
          {label}
          {active ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        </Link>
      </th>
    );
  };

  if (list.rows.length === 0) return <p className="empty">{t("empty")}</p>;
  const rows: (CityRegistrationRow & Partial<Omit<FullRegistrationRow, keyof CityRegistrationRow>>)[] = list.rows;

  return (
    <div className="staff-table-scroll">
      <table className={`table staff-table${selectable ? " staff-table--selectable" : ""}`}>
        <thead>
          <tr>
            {selectable ? (
              <th scope="col" className="staff-table__check">
                <SelectAll form={BULK_FORM_ID} label={t("selectAll")} />
              </th>
            ) : null}
            {sortHeader("name", t("name"), "staff-table__name")}
            {full && show("email") ? <th scope="col">{t("email")}</th> : null}
            {show("affiliation") ? <th scope="col">{t("affiliation")}</th> : null}
            {show("residence") ? <th scope="col">{t("residence")}</th> : null}
            {show("relationships") ? <th scope="col">{t("relationships")}</th> : null}
            {show("interests") ? <th scope="col">{t("interests")}</th> : null}
            {show("status") ? sortHeader("status", t("status")) : null}
            {show("attendance") ? <th scope="col">{t("attendance")}</th> : null}
            {full && show("consent") ? <th scope="col">{t("consent")}</th> : null}
            {full && show("created") ? sortHeader("created", t("createdAt")) : null}
            {questions.map((q) => (
              <th scope="col" key={q.id}>
                <div className="staff-table__text">
                  {localized(q.labelJa, q.labelEn, locale)}
                  {q.archived ? <span className="muted"> {t("archived")}</span> : null}
                  {q.sensitive ? <span className="muted"> {t("sensitive")}</span> : null}
                </div>
              </th>
            ))}
            {full && show("note") ? <th scope="col">{t("note")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const p = row.participant;
            const name = p.name ?? (p.anonymized ? t("anonymized") : t("unnamed"));
            return (
              <tr key={row.id}>
                {selectable ? (
                  <td className="staff-table__check">
                    <input type="checkbox" name="ids" value={row.id} form={BULK_FORM_ID} aria-label={t("selectRow", { name })} />
                  </td>
                ) : null}
                <th scope="row" className="staff-table__name">
                  <Link href={`/admin/participants/${p.id}`}>{name}</Link>
                  {p.furigana ? <span className="staff-table__sub">{p.furigana}</span> : null}
                </th>
                {full && show("email") ? <td>{row.email ?? t("none")}</td> : null}
                {show("affiliation") ? (
                  <td>
                    <div className="staff-table__text">{p.affiliation ?? t("none")}</div>
                  </td>
                ) : null}
                {show("residence") ? <td>{residenceLabel(p.prefectureCode, p.municipality, locale) ?? t("none")}</td> : null}
                {show("relationships") ? (
                  <td>
                    <div className="staff-table__text">{p.relationships.length ? relationshipLabels(p.relationships, locale) : t("none")}</div>
                  </td>
                ) : null}
                {show("interests") ? (
                  <td>
                    <div className="staff-table__text">{p.interests.length ? interestLabels(p.interests, locale) : t("none")}</div>
                  </td>
                ) : null}
                {show("status") ? (
                  <td>
                    <span className={`staff-status staff-status--${row.status.toLowerCase()}`}>{ts(row.status)}</span>
                  </td>
                ) : null}
                {show("attendance") ? (
                  <td>
                    {row.checkedInAt
                      ? t("checkedIn", { time: formatDateTime(row.checkedInAt, locale) })
                      : row.status === "NO_SHOW"
                        ? t("noShow")
                        : t("none")}
                  </td>
                ) : null}
                {full && show("consent") ? <td>{row.cityConsent ? t("consentYes") : t("consentNo")}</td> : null}
                {full && show("created") ? (
                  <td className="staff-table__date">{row.createdAt ? formatDateTime(row.createdAt, locale) : t("none")}</td>
                ) : null}
                {questions.map((q) => (
                  <td key={q.id}>
                    <div className="staff-table__text">{answerLabel(q, row.answers[q.id], locale) ?? t("none")}</div>
                  </td>
                ))}
                {full && show("note") ? (
                  <td>
                    <div className="staff-table__text">{row.staffNote ?? ""}</div>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
