import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Previous / page N of M / next, as links that keep the list's filters (`href(page)` builds them). */
export async function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  const t = await getTranslations("staff.pagination");
  const step = (target: number, label: string, rel: "prev" | "next", enabled: boolean) =>
    enabled ? (
      <Link href={href(target)} rel={rel}>
        {label}
      </Link>
    ) : (
      <span aria-hidden="true" className="muted">
        {label}
      </span>
    );
  return (
    <nav aria-label={t("label")} className="staff-pagination">
      {step(page - 1, t("previous"), "prev", page > 1)}
      <span aria-current="page">{t("page", { page, pageCount })}</span>
      {step(page + 1, t("next"), "next", page < pageCount)}
    </nav>
  );
}
