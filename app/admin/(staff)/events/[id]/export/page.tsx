import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ColumnList } from "@/components/staff/export/ColumnList";
import { ExportDownloads } from "@/components/staff/export/ExportDownloads";
import { buildColumns, type ExportAudience } from "@/lib/export/columns";
import { countExportRows, getExportEvent } from "@/lib/export/data";
import { exportAudience } from "@/lib/export/registrations";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { requireStaff } from "@/lib/server/auth";
import { formatEventDateRange } from "@/lib/time/format";

// What an export will contain, before anything leaves: the number of rows, the columns for this role, and
// what the city receives (DESIGN.md §4). The page itself shows no personal data, so it is not audited;
// the download is (app/api/admin/events/[id]/export).

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffExport.page");
  return { title: t("title") };
}

export default async function EventExportPage({ params }: Props) {
  const staff = await requireStaff("registrations.export");
  const { id } = await params;
  const event = await getExportEvent(staff, id);
  if (!event) notFound();
  const audience = exportAudience(staff);
  const [rows, t, locale] = await Promise.all([
    countExportRows(staff, event.id, audience),
    getTranslations("staffExport"),
    getLocale() as Promise<Locale>,
  ]);
  const translate = (key: string, values?: Record<string, string>) => t(key, values);
  const columnsFor = (who: ExportAudience) => {
    const columns = buildColumns({ audience: who, questions: event.questions, locale, t: translate });
    return {
      fixed: columns.filter((c) => !c.key.startsWith("answer:")).map((c) => c.header),
      questions: columns.filter((c) => c.key.startsWith("answer:")).map((c) => c.header),
    };
  };
  const own = columnsFor(audience);
  const city = audience === "city" ? own : columnsFor("city");

  return (
    <>
      <p className="staff-breadcrumb">
        <Link href={`/admin/events/${event.id}`}>{t("page.back")}</Link>
      </p>
      <h1>{t("page.title")}</h1>
      <p className="lead">
        {localized(event.titleJa, event.titleEn, locale)}
        <br />
        <span className="muted">{formatEventDateRange(event.startsAt, event.endsAt, locale)}</span>
      </p>
      <p className="staff-summary">{audience === "city" ? t("page.rowsCity", { count: rows }) : t("page.rowsWdl", { count: rows })}</p>
      {audience === "city" ? (
        <p className="notice staff-city-notice" role="note">
          {t("page.youAreCity")} {t("page.cityExcluded")}
        </p>
      ) : null}

      <ExportDownloads eventId={event.id} disabled={rows === 0} />

      <section aria-labelledby="export-columns" className="section">
        <h2 id="export-columns">{t("page.columnsTitle")}</h2>
        <ColumnList fixed={own.fixed} questions={own.questions} noQuestions={t(audience === "city" ? "page.cityQuestionsNone" : "page.questionsNone")} labelledBy="export-columns" />
        {audience === "wdl" ? <p className="muted">{t("page.wdlRecorded")}</p> : null}
      </section>

      <section aria-labelledby="export-city" className="section">
        <h2 id="export-city">{t("page.cityTitle")}</h2>
        <p>{t("page.cityLead")}</p>
        {audience === "wdl" ? <ColumnList fixed={city.fixed} questions={city.questions} noQuestions={t("page.cityQuestionsNone")} labelledBy="export-city" /> : null}
        <p>{t("page.cityExcluded")}</p>
        <p>{t("page.cityRecorded")}</p>
      </section>
    </>
  );
}
