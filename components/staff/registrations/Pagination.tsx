import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { registrationsHref, type RegistrationQuery } from "@/lib/registrations/staff/schema";

export async function Pagination({ eventId, query, page, pageCount }: { eventId: string; query: RegistrationQuery; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const t = await getTranslations("staffRegistrations.pagination");
  return (
    <nav aria-label={t("label")} className="staff-pagination">
      {page > 1 ? (
        <Link href={registrationsHref(eventId, query, { page: page - 1 })} rel="prev">
          {t("prev")}
        </Link>
      ) : (
        <span aria-hidden="true" className="muted">
          {t("prev")}
        </span>
      )}
      <span aria-current="page">{t("page", { page, pageCount })}</span>
      {page < pageCount ? (
        <Link href={registrationsHref(eventId, query, { page: page + 1 })} rel="next">
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
