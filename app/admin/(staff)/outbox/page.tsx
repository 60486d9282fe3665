import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MailStateCounts } from "@/components/staff/campaigns/MailStateCounts";
import { OutboxFilters } from "@/components/staff/campaigns/OutboxFilters";
import { OutboxTable } from "@/components/staff/campaigns/OutboxTable";
import { Pagination } from "@/components/ui/Pagination";
import { listOutbox } from "@/lib/campaigns/data";
import { outboxHref, parseOutboxQuery, type SearchParams } from "@/lib/campaigns/schema";
import { requireStaff } from "@/lib/server/auth";
import { replyTo } from "@/lib/mail/contact";
import { getEnv } from "@/lib/server/env";
import { clientIp } from "@/lib/server/request";

type Props = { searchParams: Promise<SearchParams> };

const PATH = "/admin/outbox";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffCampaigns.outbox");
  return { title: t("title") };
}

// Every mail of the organisation's scope (about its events, of its campaigns, test sends by its staff), newest
// first, with its delivery state: where a mail went, or why it did not.
export default async function OutboxPage({ searchParams }: Props) {
  const staff = await requireStaff("outbox.view");
  const query = parseOutboxQuery(await searchParams);
  const list = await listOutbox(staff, query, { ip: clientIp(await headers()) });
  if (!list) notFound();
  const t = await getTranslations("staffCampaigns");
  const env = getEnv();
  const from = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const to = Math.min(list.total, list.page * list.pageSize);
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.lead")}</p>
      <dl className="facts">
        <dt>{t("outbox.sender")}</dt>
        <dd>
          {env.MAIL_FROM}
          <span className="facts__sub">{t("outbox.replyTo", { address: replyTo(env) ?? "" })}</span>
        </dd>
      </dl>
      <MailStateCounts path={PATH} counts={list.counts} query={query} />
      <OutboxFilters path={PATH} query={query} categories />
      <p className="staff-summary" aria-live="polite">
        {list.total === 0 ? t("table.summaryEmpty") : t("table.summary", { total: list.total, from, to })}
      </p>
      <OutboxTable rows={list.rows} variant="outbox" />
      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => outboxHref(PATH, query, { page })} />
    </>
  );
}
