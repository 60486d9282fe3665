import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { actionLabel } from "@/components/staff/audit/labels";
import type { AuditQuery } from "@/components/staff/audit/query";

type Options = {
  actions: string[];
  members: { id: string; name: string | null; email: string }[];
  events: { id: string; titleJa: string; titleEn: string | null }[];
};

/** A plain GET form: filters live in the URL, so a filtered view can be linked and reloaded. */
export async function AuditFilters({ query, options }: { query: AuditQuery; options: Options }) {
  const [t, locale] = await Promise.all([getTranslations("staffExport"), getLocale() as Promise<Locale>]);
  const provisions = query.tab === "provisions";
  return (
    <form method="get" action="/admin/audit" className="staff-filters" aria-label={t("audit.filters.legend")}>
      {provisions ? <input type="hidden" name="tab" value="provisions" /> : null}
      {provisions ? (
        <div className="staff-filters__field">
          <label className="field__label" htmlFor="audit-kind">
            {t("audit.filters.kind")}
          </label>
          <select id="audit-kind" name="kind" className="field__input" defaultValue={query.kind ?? ""}>
            <option value="">{t("audit.filters.all")}</option>
            <option value="VIEW">{t("audit.provisionKind.VIEW")}</option>
            <option value="EXPORT">{t("audit.provisionKind.EXPORT")}</option>
          </select>
        </div>
      ) : (
        <div className="staff-filters__field">
          <label className="field__label" htmlFor="audit-action">
            {t("audit.filters.action")}
          </label>
          <select id="audit-action" name="action" className="field__input" defaultValue={query.action ?? ""}>
            <option value="">{t("audit.filters.all")}</option>
            {options.actions.map((action) => (
              <option key={action} value={action}>
                {actionLabel(t, action)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="staff-filters__field">
        <label className="field__label" htmlFor="audit-staff">
          {t("audit.filters.staff")}
        </label>
        <select id="audit-staff" name="staff" className="field__input" defaultValue={query.staff ?? ""}>
          <option value="">{t("audit.filters.all")}</option>
          {options.members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name ? `${member.name}（${member.email}）` : member.email}
            </option>
          ))}
        </select>
      </div>
      <div className="staff-filters__field">
        <label className="field__label" htmlFor="audit-event">
          {t("audit.filters.event")}
        </label>
        <select id="audit-event" name="event" className="field__input" defaultValue={query.event ?? ""}>
          <option value="">{t("audit.filters.all")}</option>
          {options.events.map((event) => (
            <option key={event.id} value={event.id}>
              {localized(event.titleJa, event.titleEn, locale)}
            </option>
          ))}
        </select>
      </div>
      <div className="staff-filters__field">
        <label className="field__label" htmlFor="audit-from">
          {t("audit.filters.from")}
        </label>
        <input id="audit-from" name="from" type="date" className="field__input" defaultValue={query.from ?? ""} />
      </div>
      <div className="staff-filters__field">
        <label className="field__label" htmlFor="audit-to">
          {t("audit.filters.to")}
        </label>
        <input id="audit-to" name="to" type="date" className="field__input" defaultValue={query.to ?? ""} />
      </div>
      <div className="staff-filters__actions">
        <button type="submit" className="button">
          {t("audit.filters.apply")}
        </button>{" "}
        <Link href={provisions ? "/admin/audit?tab=provisions" : "/admin/audit"}>{t("audit.filters.clear")}</Link>
      </div>
    </form>
  );
}
