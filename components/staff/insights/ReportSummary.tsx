import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import type { Dashboard } from "@/lib/insights/types";
import { formatDateTime } from "@/lib/time/format";
import { SUPPRESSED } from "@/components/staff/insights/format";
import { insightLabels, type Translate } from "@/components/staff/insights/labels";

// What a set of figures is about: the period, the event set, whose figures, which view and when they were
// computed. A printed page or a screenshot passed around the city hall must carry this with it.

export async function ReportSummary({
  dashboard,
  organization,
  eventTitle,
}: {
  dashboard: Dashboard;
  organization: string;
  eventTitle: (id: string) => string | null;
}) {
  const [translate, locale] = await Promise.all([getTranslations(), getLocale() as Promise<Locale>]);
  const t: Translate = (key, values) => translate(key, values);
  const labels = insightLabels(t, locale);
  const items: [string, string][] = [
    ["period", labels.period(dashboard.filter.period)],
    ["eventSet", labels.eventSet(dashboard.filter, eventTitle)],
    ["organization", organization],
    ["view", labels.view(dashboard.suppressed)],
    ["computedAt", formatDateTime(dashboard.computedAt, locale)],
    ["stagesAsOf", formatDateTime(dashboard.stagesAsOf, locale)],
  ];
  return (
    <>
      <dl className="insights-summary">
        {items.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`staffInsights.report.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {dashboard.suppressed ? <SuppressionLegend /> : null}
    </>
  );
}

/** The key to ×, wherever withheld figures are shown. */
export async function SuppressionLegend() {
  const t = await getTranslations("staffInsights.suppression");
  return (
    <p className="insights-legend">
      <span className="insights-suppressed">{SUPPRESSED}</span> <strong>{t("legend")}</strong> {t("detail")}
    </p>
  );
}
