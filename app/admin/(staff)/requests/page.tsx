import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { RequestsTable } from "@/components/staff/requests/RequestsTable";
import { listDeletionRequests, REQUEST_DUE_DAYS } from "@/lib/participants/data";
import { requireStaff } from "@/lib/server/auth";
import { can } from "@/lib/staff/permissions";

// The queue of personal-data requests (requests.view): WDL's admins see the requests of people who came to
// its events, the city's admins those of people whose data the city received, each with its due date.

type Props = { searchParams: Promise<{ show?: string; result?: string }> };

const RESULTS = ["confirmed", "already_confirmed", "no_city_copy", "not_found"] as const;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dataRights.requests");
  return { title: t("title") };
}

export default async function RequestsPage({ searchParams }: Props) {
  const staff = await requireStaff("requests.view");
  const { show, result } = await searchParams;
  const filter = show === "all" ? "all" : "open";
  const [rows, t] = await Promise.all([listDeletionRequests(staff, { filter }), getTranslations("dataRights.requests")]);
  const outcome = RESULTS.find((r) => r === result);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead", { days: REQUEST_DUE_DAYS })}</p>
      {outcome ? (
        <p className={outcome === "confirmed" ? "outcome" : "notice"} role="status">
          {t(`result.${outcome}`)}
        </p>
      ) : null}
      <nav className="staff-counts" aria-label={t("title")}>
        <ul>
          <li>
            <Link className="staff-counts__item" href="/admin/requests" aria-current={filter === "open" ? "true" : undefined}>
              {t("filterOpen")}
            </Link>
          </li>
          <li>
            <Link className="staff-counts__item" href="/admin/requests?show=all" aria-current={filter === "all" ? "true" : undefined}>
              {t("filterAll")}
            </Link>
          </li>
        </ul>
      </nav>
      <RequestsTable rows={rows} canConfirm={can(staff.role, "requests.confirmCityCopy")} />
    </>
  );
}
