import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MAIL_CATEGORIES, MAIL_STATUSES, type OutboxQuery } from "@/lib/campaigns/schema";

/** Filters by state (and by kind of mail on the outbox page): a plain GET form, so every view has a URL. */
export async function OutboxFilters({ path, query, categories }: { path: string; query: OutboxQuery; categories: boolean }) {
  const t = await getTranslations("staffCampaigns");
  return (
    <form method="get" action={path} className="staff-filters" role="search" aria-label={t("filters.label")}>
      <div className="staff-filters__grid">
        <div className="staff-filters__field">
          <label htmlFor="filter-status" className="field__label">
            {t("filters.status")}
          </label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ""} className="field__input">
            <option value="">{t("filters.any")}</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`mailStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {categories ? (
          <div className="staff-filters__field">
            <label htmlFor="filter-category" className="field__label">
              {t("filters.category")}
            </label>
            <select id="filter-category" name="category" defaultValue={query.category ?? ""} className="field__input">
              <option value="">{t("filters.any")}</option>
              {MAIL_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`mailCategory.${c}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="button-row staff-filters__actions">
        <button type="submit" className="button">
          {t("filters.submit")}
        </button>
        <Link href={path} className="button button--secondary">
          {t("filters.clear")}
        </Link>
      </div>
    </form>
  );
}
