import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { MailStatusCounts } from "@/lib/campaigns/data";
import { MAIL_STATUSES, outboxHref, type OutboxQuery } from "@/lib/campaigns/schema";

/** Counts by delivery state; each is a link that filters the table below to that state. */
export async function MailStateCounts({ path, counts, query }: { path: string; counts: MailStatusCounts; query: OutboxQuery }) {
  const t = await getTranslations("staffCampaigns");
  const all = MAIL_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  return (
    <nav aria-label={t("counts.label")} className="staff-counts">
      <ul>
        <li>
          <Link href={outboxHref(path, query, { status: null })} aria-current={query.status === null ? "true" : undefined} className="staff-counts__item">
            <span>{t("counts.all")}</span> <strong>{all}</strong>
          </Link>
        </li>
        {MAIL_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={outboxHref(path, query, { status })}
              aria-current={query.status === status ? "true" : undefined}
              className={`staff-counts__item staff-mail-status--${status.toLowerCase()}`}
            >
              <span>{t(`mailStatus.${status}`)}</span> <strong>{counts[status]}</strong>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
