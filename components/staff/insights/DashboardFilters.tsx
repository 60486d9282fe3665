import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { fiscalYearOf } from "@/lib/insights/period";
import { MAX_EVENTS, type DashboardErrors, type DashboardField, type ParsedDashboardParams } from "@/lib/insights/schema";
import { EVENT_AREAS, EVENT_KINDS } from "@/lib/insights/types";
import { formatJst } from "@/lib/export/columns";

// The dashboard's filters: a plain GET form, so every view of the figures has a URL (and the CSV and print
// links carry the same one). A value the URL got wrong is shown with its error next to the field.

type EventOption = { id: string; titleJa: string; titleEn: string | null; startsAt: Date };

const errorId = (field: DashboardField) => `insights-${field}-error`;

export async function DashboardFilters({
  parsed,
  years,
  events,
  cityViewChoice,
}: {
  parsed: ParsedDashboardParams;
  years: number[];
  events: EventOption[];
  /** WDL staff may look at the city's view; city staff always see it. */
  cityViewChoice: boolean;
}) {
  const [t, te, locale] = await Promise.all([getTranslations("staffInsights"), getTranslations("staffEvents"), getLocale() as Promise<Locale>]);
  const { query, errors, input, filter } = parsed;
  const selectedYear = query.period.kind === "fiscalYear" ? query.period.fy : fiscalYearOf(filter.period.from);
  const yearOptions = years.includes(selectedYear) ? years : [...years, selectedYear].sort((a, b) => b - a);
  const error = (field: DashboardField) =>
    errors[field] ? (
      <p id={errorId(field)} className="field__error">
        {t(`errors.${errors[field]}`, { max: MAX_EVENTS })}
      </p>
    ) : null;
  // Collapsed until used, so a phone reaches the figures without scrolling past every filter.
  const narrowed = query.areas.length + query.kinds.length + query.eventIds.length > 0 || Boolean(errors.area || errors.kind || errors.event);
  const invalid = (field: DashboardField) => (errors[field] ? { "aria-invalid": true as const, "aria-describedby": errorId(field) } : {});

  return (
    <form method="get" action="/admin/insights" className="staff-filters insights-filters" aria-label={t("filters.legend")}>
      <fieldset className="field insights-filters__period">
        <legend className="field__label">{t("filters.period")}</legend>
        <div className="insights-filters__row">
          <div className="insights-filters__field">
            <label className="field__label" htmlFor="insights-fy">
              {t("filters.fiscalYear")}
            </label>
            <select id="insights-fy" name="fy" className="field__input" defaultValue={String(selectedYear)} {...invalid("fy")}>
              {yearOptions.map((fy) => (
                <option key={fy} value={fy}>
                  {t("filters.fiscalYearOption", { fy, next: fy + 1 })}
                </option>
              ))}
            </select>
            {error("fy")}
          </div>
          <div className="insights-filters__field">
            <label className="field__label" htmlFor="insights-from">
              {t("filters.from")}
            </label>
            <input id="insights-from" name="from" type="date" className="field__input" defaultValue={input.from} {...invalid("from")} />
            {error("from")}
          </div>
          <div className="insights-filters__field">
            <label className="field__label" htmlFor="insights-to">
              {t("filters.to")}
            </label>
            <input id="insights-to" name="to" type="date" className="field__input" defaultValue={input.to} {...invalid("to")} />
            {error("to")}
          </div>
        </div>
        <p className="field__help">{t("filters.rangeHelp")}</p>
      </fieldset>

      <details className="staff-filters__more insights-filters__more" open={narrowed}>
        <summary>{t("filters.more")}</summary>
        <fieldset id="insights-area" className="field" aria-describedby={errors.area ? `insights-area-help ${errorId("area")}` : "insights-area-help"}>
          <legend className="field__label">{t("filters.areas")}</legend>
          <div className="choices">
            {EVENT_AREAS.map((area) => (
              <label key={area} className="choice">
                <input type="checkbox" name="area" value={area} defaultChecked={query.areas.includes(area)} />
                {te(`area.${area}`)}
              </label>
            ))}
          </div>
          <p id="insights-area-help" className="field__help">
            {t("filters.allHelp")}
          </p>
          {error("area")}
        </fieldset>

        <fieldset id="insights-kind" className="field" aria-describedby={errors.kind ? `insights-kind-help ${errorId("kind")}` : "insights-kind-help"}>
          <legend className="field__label">{t("filters.kinds")}</legend>
          <div className="choices">
            {EVENT_KINDS.map((kind) => (
              <label key={kind} className="choice">
                <input type="checkbox" name="kind" value={kind} defaultChecked={query.kinds.includes(kind)} />
                {te(`kind.${kind}`)}
              </label>
            ))}
          </div>
          <p id="insights-kind-help" className="field__help">
            {t("filters.allHelp")}
          </p>
          {error("kind")}
        </fieldset>

        <div className="field insights-filters__events">
          <label className="field__label" htmlFor="insights-event">
            {t("filters.events")}
          </label>
          <p id="insights-event-help" className="field__help">
            {events.length === 0 ? t("filters.noEvents") : t("filters.eventsHelp")}
          </p>
          <select
            id="insights-event"
            name="event"
            multiple
            size={Math.min(8, Math.max(3, events.length))}
            className="field__input insights-filters__select"
            defaultValue={query.eventIds}
            aria-invalid={errors.event ? true : undefined}
            aria-describedby={errors.event ? `insights-event-help ${errorId("event")}` : "insights-event-help"}
          >
            {events.map((event) => (
              <option key={event.id} value={event.id}>
                {`${formatJst(event.startsAt).slice(0, 10)} ${localized(event.titleJa, event.titleEn, locale)}`}
              </option>
            ))}
          </select>
          {error("event")}
        </div>
      </details>

      {cityViewChoice ? (
        <div className="field">
          <label className="choice choice--block">
            <input id="insights-view" type="checkbox" name="view" value="city" defaultChecked={query.asCity} aria-describedby={errors.view ? errorId("view") : undefined} />
            <span>
              {t("filters.cityView")}
              <span className="choice__help">{t("filters.cityViewHelp")}</span>
            </span>
          </label>
          {error("view")}
        </div>
      ) : null}

      <div className="staff-filters__actions">
        <button type="submit" className="button">
          {t("filters.apply")}
        </button>{" "}
        <Link href="/admin/insights">{t("filters.clear")}</Link>
      </div>
    </form>
  );
}

/** The list of what the URL got wrong, above the form, each linked to its field. */
export async function FilterErrorSummary({ errors }: { errors: DashboardErrors }) {
  const fields = (Object.keys(errors) as DashboardField[]).filter((f) => errors[f]);
  if (fields.length === 0) return null;
  const t = await getTranslations("staffInsights");
  const target: Record<DashboardField, string> = {
    fy: "insights-fy",
    from: "insights-from",
    to: "insights-to",
    area: "insights-area",
    kind: "insights-kind",
    event: "insights-event",
    view: "insights-view",
  };
  return (
    <div className="form-error insights-errors" role="alert">
      <p>{t("errors.summary")}</p>
      <ul>
        {fields.map((field) => (
          <li key={field}>
            <a href={`#${target[field]}`}>
              {t(`fields.${field}`)}: {t(`errors.${errors[field]}`, { max: MAX_EVENTS })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
