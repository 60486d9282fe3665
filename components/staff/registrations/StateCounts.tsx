import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { StateCounts as Counts } from "@/lib/registrations/staff/data";
import { registrationsHref, REGISTRATION_STATUSES, type RegistrationQuery } from "@/lib/registrations/staff/schema";

/** Counts by state of the whole list; each is a link that filters the table to that state. */
export async function StateCounts({ eventId, counts, query, city }: { eventId: string; counts: Counts; query: RegistrationQuery; city: boolean }) {
  const t = await getTranslations("staffRegistrations");
  const all = REGISTRATION_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const only = query.statuses.length === 1 ? query.statuses[0] : null;
  return (
    <nav aria-label={t("counts.label")} className="staff-counts">
      <ul>
        <li>
          <Link href={registrationsHref(eventId, query, { statuses: [] })} aria-current={query.statuses.length === 0 ? "true" : undefined} className="staff-counts__item">
            <span>{t("counts.all")}</span> <strong>{all}</strong>
          </Link>
        </li>
        {REGISTRATION_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={registrationsHref(eventId, query, { statuses: [status] })}
              aria-current={only === status ? "true" : undefined}
              className={`staff-counts__item staff-status--${status.toLowerCase()}`}
            >
              <span>{t(`status.${status}`)}</span> <strong>{counts[status]}</strong>
            </Link>
          </li>
        ))}
      </ul>
      {city ? <p className="muted staff-counts__note">{t("counts.cityScope")}</p> : null}
    </nav>
  );
}
