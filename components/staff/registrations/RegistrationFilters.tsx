import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { INTERESTS, RELATIONSHIPS } from "@/lib/participants/options";
import { DEFAULT_QUERY, REGISTRATION_STATUSES, type RegistrationQuery } from "@/lib/registrations/staff/schema";

/** Search and filters: a plain GET form, so the table stays server-rendered and every view has a URL. */
export async function RegistrationFilters({ eventId, query, city }: { eventId: string; query: RegistrationQuery; city: boolean }) {
  const [t, ts, locale] = await Promise.all([
    getTranslations("staffRegistrations.filters"),
    getTranslations("staffRegistrations.status"),
    getLocale() as Promise<Locale>,
  ]);
  const action = `/admin/events/${eventId}/registrations`;
  // Collapsed on a phone's first view; open whenever something beyond the search is in use.
  const narrowed =
    query.statuses.length > 0 ||
    Boolean(query.consent || query.interest || query.relationship) ||
    query.sort !== DEFAULT_QUERY.sort ||
    query.dir !== DEFAULT_QUERY.dir;
  return (
    <form method="get" action={action} className="staff-filters" role="search" aria-label={t("legend")}>
      <div className="staff-filters__field staff-filters__field--wide">
        <label htmlFor="filter-q" className="field__label">
          {t("q")}
        </label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q} className="field__input" aria-describedby="filter-q-help" maxLength={100} />
        <p id="filter-q-help" className="field__help">
          {city ? t("qHelpCity") : t("qHelp")}
        </p>
      </div>
      <details className="staff-filters__more" open={narrowed}>
        <summary>{t("more")}</summary>
        <div className="staff-filters__grid">
          <div className="staff-filters__field">
            <label htmlFor="filter-status" className="field__label">
              {t("status")}
            </label>
            <select id="filter-status" name="status" defaultValue={query.statuses.length === 1 ? query.statuses[0] : ""} className="field__input">
              <option value="">{t("any")}</option>
              {REGISTRATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {ts(s)}
                </option>
              ))}
            </select>
          </div>
          {city ? null : (
            <div className="staff-filters__field">
              <label htmlFor="filter-consent" className="field__label">
                {t("consent")}
              </label>
              <select id="filter-consent" name="consent" defaultValue={query.consent ?? ""} className="field__input">
                <option value="">{t("any")}</option>
                <option value="yes">{t("consentYes")}</option>
                <option value="no">{t("consentNo")}</option>
              </select>
            </div>
          )}
          <div className="staff-filters__field">
            <label htmlFor="filter-interest" className="field__label">
              {t("interest")}
            </label>
            <select id="filter-interest" name="interest" defaultValue={query.interest ?? ""} className="field__input">
              <option value="">{t("any")}</option>
              {INTERESTS.map((o) => (
                <option key={o.id} value={o.id}>
                  {o[locale]}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-filters__field">
            <label htmlFor="filter-relationship" className="field__label">
              {t("relationship")}
            </label>
            <select id="filter-relationship" name="relationship" defaultValue={query.relationship ?? ""} className="field__input">
              <option value="">{t("any")}</option>
              {RELATIONSHIPS.map((o) => (
                <option key={o.id} value={o.id}>
                  {o[locale]}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-filters__field">
            <label htmlFor="filter-sort" className="field__label">
              {t("sort")}
            </label>
            <select id="filter-sort" name="sort" defaultValue={query.sort} className="field__input">
              <option value="created">{t("sortCreated")}</option>
              <option value="name">{t("sortName")}</option>
              <option value="status">{t("sortStatus")}</option>
            </select>
          </div>
          <div className="staff-filters__field">
            <label htmlFor="filter-dir" className="field__label">
              {t("dir")}
            </label>
            <select id="filter-dir" name="dir" defaultValue={query.dir} className="field__input">
              <option value="asc">{t("dirAsc")}</option>
              <option value="desc">{t("dirDesc")}</option>
            </select>
          </div>
        </div>
      </details>
      <div className="button-row staff-filters__actions">
        <button type="submit" className="button">
          {t("submit")}
        </button>
        <Link href={action} className="button button--secondary">
          {t("clear")}
        </Link>
      </div>
    </form>
  );
}
