import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { auditHref, type AuditQuery } from "@/components/staff/audit/query";

export async function AuditPagination({ query, page, pageCount }: { query: AuditQuery; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const t = await getTranslations("staffExport.audit.pagination");
  return (
    <nav aria-label={t("label")} className="staff-pagination">
      {page > 1 ? (
        <Link href={auditHref(query, { page: page - 1 })} rel="prev">
          {t("previous")}
        </Link>
      ) : (
        <span aria-hidden="true" className="muted">
          {t("previous")}
        </span>
      )}
      <span aria-current="page">
        {page} / {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={auditHref(query, { page: page + 1 })} rel="next">
          {t("next")}
        </Link>
      ) : (
        <span aria-hidden="true" className="muted">
          {t("next")}
        </span>
      )}
    </nav>
  );
}
