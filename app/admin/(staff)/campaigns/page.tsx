import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { subjectForStaff } from "@/components/staff/campaigns/subject";
import { Pagination } from "@/components/ui/Pagination";
import { listCampaigns, type CampaignListItem } from "@/lib/campaigns/data";
import type { Locale } from "@/lib/i18n/config";
import { requireStaff } from "@/lib/server/auth";
import { can } from "@/lib/staff/permissions";
import { formatDateTime } from "@/lib/time/format";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffCampaigns");
  return { title: t("title") };
}

// The organisation's campaigns, newest first: what each is, where it stands, and how far its sending got.
export default async function CampaignsPage({ searchParams }: Props) {
  const staff = await requireStaff("campaigns.view");
  const query = await searchParams;
  const page = Math.max(1, Number.parseInt(one(query.page) ?? "1", 10) || 1);
  const list = await listCampaigns(staff, page);
  if (!list) notFound();
  const [t, locale] = await Promise.all([getTranslations("staffCampaigns"), getLocale() as Promise<Locale>]);
  const manage = can(staff.role, "campaigns.manage");

  const when = (c: CampaignListItem) => {
    if (c.finishedAt) return t("list.finishedAt", { date: formatDateTime(c.finishedAt, locale) });
    if (c.cancelledAt) return t("list.cancelledAt", { date: formatDateTime(c.cancelledAt, locale) });
    if (c.startedAt) return t("list.startedAt", { date: formatDateTime(c.startedAt, locale) });
    if (c.scheduledAt) return t("list.scheduledAt", { date: formatDateTime(c.scheduledAt, locale) });
    return t("list.createdAt", { date: formatDateTime(c.createdAt, locale) });
  };

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {one(query.done) === "deleted" ? (
        <p className="notice" role="status">
          {t("list.deleted")}
        </p>
      ) : null}
      <div className="staff-event-actions">
        {manage ? (
          <Link href="/admin/campaigns/new" className="button">
            {t("create")}
          </Link>
        ) : null}
        {can(staff.role, "outbox.view") ? (
          <Link href="/admin/outbox" className="button button--secondary">
            {t("toOutbox")}
          </Link>
        ) : null}
      </div>
      {list.campaigns.length === 0 ? (
        <p className="empty">{t("list.empty")}</p>
      ) : (
        <div className="staff-table-scroll">
          <table className="table staff-table">
            <thead>
              <tr>
                <th scope="col">{t("list.subject")}</th>
                <th scope="col">{t("list.category")}</th>
                <th scope="col">{t("list.status")}</th>
                <th scope="col">{t("list.when")}</th>
                <th scope="col">{t("list.progress")}</th>
                <th scope="col">{t("list.skipped")}</th>
              </tr>
            </thead>
            <tbody>
              {list.campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="staff-table__name">
                    <Link href={`/admin/campaigns/${c.id}`}>{subjectForStaff(c.subjectJa, (field) => t(`subjectTags.${field}`))}</Link>
                  </th>
                  <td>{t(`category.${c.category}`)}</td>
                  <td>
                    <span className={`staff-status staff-campaign-status--${c.status.toLowerCase()}`}>{t(`status.${c.status}`)}</span>
                  </td>
                  <td className="staff-table__date">{when(c)}</td>
                  <td>{c.recipientCount === null ? t("table.none") : t("list.sentOf", { sent: c.counts.SENT, total: c.recipientCount })}</td>
                  <td>{c.skippedCount === null ? t("table.none") : c.skippedCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} href={(p) => (p === 1 ? "/admin/campaigns" : `/admin/campaigns?page=${p}`)} />
    </>
  );
}
