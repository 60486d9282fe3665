import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { InsightsDefinitions, InsightsFigures } from "@/components/staff/insights/Figures";
import { loadInsights } from "@/lib/insights/loaders";
import { PrintButton } from "@/components/staff/insights/PrintButton";
import { ReportSummary } from "@/components/staff/insights/ReportSummary";
import type { Locale } from "@/lib/i18n/config";
import type { SearchParams } from "@/lib/insights/schema";
import { requireStaff } from "@/lib/server/auth";
import "@/components/staff/insights/insights.css";

// The dashboard as a printed report for the city (A4, print CSS in insights.css): the same figures as the
// dashboard page, without its filters, under a header that says what they are for. Site and staff navigation
// are left off the paper.

type Props = { searchParams: Promise<SearchParams> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffInsights");
  return { title: t("printTitle") };
}

export default async function InsightsPrintPage({ searchParams }: Props) {
  const staff = await requireStaff("insights.view");
  const locale = (await getLocale()) as Locale;
  const [insights, t] = await Promise.all([loadInsights(staff, await searchParams, locale), getTranslations("staffInsights")]);
  const { dashboard, search, parsed } = insights;

  return (
    <div className="insights insights-report">
      <p className="insights-toolbar insights-no-print">
        <PrintButton />
        <Link href={`/admin/insights?${search}`}>{t("links.back")}</Link>
      </p>
      <header className="insights-report__header">
        <h1>{t("printTitle")}</h1>
        {Object.keys(parsed.errors).length > 0 ? (
          <p className="notice" role="status">
            {t("errors.summary")}
          </p>
        ) : null}
        <ReportSummary dashboard={dashboard} organization={insights.organization} eventTitle={insights.eventTitle} />
      </header>
      <InsightsFigures dashboard={dashboard} linkEvents={false} />
      <InsightsDefinitions />
    </div>
  );
}
