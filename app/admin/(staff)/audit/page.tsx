import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AuditFilters } from "@/components/staff/audit/AuditFilters";
import { Pagination } from "@/components/ui/Pagination";
import { AuditTable } from "@/components/staff/audit/AuditTable";
import { ProvisionTable } from "@/components/staff/audit/ProvisionTable";
import { auditFilters, auditHref, parseAuditQuery, type SearchParams } from "@/components/staff/audit/query";
import { auditFilterOptions, listAuditEntries, listProvisionRecords } from "@/lib/audit/data";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { requireStaff } from "@/lib/server/auth";

// The audit log of one organisation, for its admins (audit.view): who viewed, exported or changed which
// personal data. The city's admins also see the provision records the city received (APPI art. 29).

type Props = { searchParams: Promise<SearchParams> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffExport.audit");
  return { title: t("title") };
}

export default async function AuditPage({ searchParams }: Props) {
  const staff = await requireStaff("audit.view");
  const { query, invalid } = parseAuditQuery(await searchParams);
  const city = staff.organization.kind === "CITY";
  if (!city) query.tab = "log";
  const filters = auditFilters(query);
  const [options, t, locale] = await Promise.all([auditFilterOptions(staff), getTranslations("staffExport.audit"), getLocale() as Promise<Locale>]);
  const list = query.tab === "provisions" ? await listProvisionRecords(staff, filters, query.page) : await listAuditEntries(staff, filters, query.page);
  const shown = "records" in list ? list.records.length : list.entries.length;
  const from = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const pageQuery = { ...query, page: list.page };

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead", { org: localized(staff.organization.nameJa, staff.organization.nameEn, locale) })}</p>
      {city ? (
        <nav aria-label={t("tabs.label")} className="staff-counts">
          <ul>
            {(["log", "provisions"] as const).map((tab) => (
              <li key={tab}>
                <Link className="staff-counts__item" href={auditHref({ tab, page: 1 })} aria-current={query.tab === tab ? "true" : undefined}>
                  {t(`tabs.${tab}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {invalid ? (
        <p className="notice" role="status">
          {t("filters.invalid")}
        </p>
      ) : null}
      <AuditFilters query={query} options={options} />
      <p className="staff-summary" aria-live="polite">
        {t("pagination.summary", { total: list.total, from, to: from === 0 ? 0 : from + shown - 1 })}
      </p>
      {"records" in list ? <ProvisionTable records={list.records} questionLabels={list.questionLabels} /> : <AuditTable entries={list.entries} />}
      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => auditHref(pageQuery, { page })} />
    </>
  );
}
