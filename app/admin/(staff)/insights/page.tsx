import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { DashboardFilters, FilterErrorSummary } from "@/components/staff/insights/DashboardFilters";
import { InsightsDefinitions, InsightsFigures } from "@/components/staff/insights/Figures";
import { loadInsights } from "@/lib/insights/loaders";
import { ReportSummary } from "@/components/staff/insights/ReportSummary";
import type { Locale } from "@/lib/i18n/config";
import type { SearchParams } from "@/lib/insights/schema";
import { requireStaff } from "@/lib/server/auth";
import "@/components/staff/insights/insights.css";

// The 関係人口 dashboard (issue 6): the figures the city reports, for a period and an event set. WDL staff see
// every figure and may switch to the city's view; city staff always get that view (cells under 5 withheld).

type Props = { searchParams: Promise<SearchParams> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffInsights");
  return { title: t("title") };
}

export default async function InsightsPage({ searchParams }: Props) {
  const staff = await requireStaff("insights.view");
  const locale = (await getLocale()) as Locale;
  const [insights, t] = await Promise.all([loadInsights(staff, await searchParams, locale), getTranslations("staffInsights")]);
  const { parsed, dashboard, search } = insights;

  return (
    <div className="insights">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <FilterErrorSummary errors={parsed.errors} />
      <DashboardFilters parsed={parsed} years={insights.years} events={insights.events} cityViewChoice={!insights.city} />
      <ReportSummary dashboard={dashboard} organization={insights.organization} eventTitle={insights.eventTitle} />
      <p className="insights-links">
        <a className="button button--secondary" href={`/api/admin/insights/export?${search}`} download>
          {t("links.csv")}
        </a>
        <Link className="button button--secondary" href={`/admin/insights/print?${search}`}>
          {t("links.print")}
        </Link>
      </p>
      <p className="field__help">{t("links.csvHelp")}</p>
      <InsightsFigures dashboard={dashboard} />
      <InsightsDefinitions />
    </div>
  );
}
