import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BulkActionForm } from "@/components/staff/registrations/BulkActionForm";
import { ColumnChooser } from "@/components/staff/registrations/ColumnChooser";
import { Pagination } from "@/components/ui/Pagination";
import { registrationsHref } from "@/lib/registrations/staff/schema";
import { RegistrationFilters } from "@/components/staff/registrations/RegistrationFilters";
import { RegistrationTable } from "@/components/staff/registrations/RegistrationTable";
import { StateCounts } from "@/components/staff/registrations/StateCounts";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getStaffEvent } from "@/lib/events/staff/data";
import { reviewedByOtherOrganization, reviewerKindOf } from "@/lib/registrations/review/policy";
import { bulkUpdateRegistrations, saveRegistrationColumns } from "@/lib/registrations/staff/actions";
import { registrationView } from "@/lib/registrations/staff/city";
import { getHiddenRegistrationColumns, listEventRegistrations } from "@/lib/registrations/staff/data";
import { parseRegistrationQuery, type SearchParams } from "@/lib/registrations/staff/schema";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";
import { can } from "@/lib/staff/permissions";
import { formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

// No event data here: reading the list is audited, and metadata must not count as a second view.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffRegistrations");
  return { title: t("title") };
}

export default async function EventRegistrationsPage({ params, searchParams }: Props) {
  // Organisers (registrations.view) get the full list, city staff (registrations.viewCity) the city's view;
  // anyone else, like the check-in role, gets the "no permission" page. The data function decides again.
  const staff = await requireStaff("events.view");
  if (!registrationView(staff.role)) forbidden();
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const query = parseRegistrationQuery(raw);
  const [list, hiddenColumns] = await Promise.all([
    listEventRegistrations(staff, id, query, { ip: clientIp(await headers()) }),
    getHiddenRegistrationColumns(staff),
  ]);
  if (!list) notFound();
  const hidden = new Set(hiddenColumns);

  const [t, locale] = await Promise.all([getTranslations("staffRegistrations"), getLocale() as Promise<Locale>]);
  const city = list.view === "city";
  const manage = !city && can(staff.role, "registrations.manage");
  const from = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const to = Math.min(list.total, list.page * list.pageSize);
  // Approve / decline belong to the organisation reviewing the event (the gate is in the action; this says so).
  const reviewed = manage ? await getStaffEvent(staff, list.event.id) : null;
  const reviewedElsewhere = reviewed && reviewedByOtherOrganization(staff, reviewed) ? reviewerKindOf(reviewed) : null;
  const tr = await getTranslations("staffRegistrations.review");

  return (
    <>
      <p className="staff-breadcrumb">
        <Link href={`/admin/events/${list.event.id}`}>{t("backToEvent")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">
        {localized(list.event.titleJa, list.event.titleEn, locale)}
        <br />
        <span className="muted">{formatEventDateRange(list.event.startsAt, list.event.endsAt, locale)}</span>
      </p>
      {city ? (
        <p className="notice staff-city-notice" role="note">
          {t("cityNotice")}
        </p>
      ) : null}
      <StateCounts eventId={list.event.id} counts={list.counts} query={query} city={city} />
      <RegistrationFilters eventId={list.event.id} query={query} city={city} />
      <p className="staff-summary" aria-live="polite">
        {list.total === 0 ? t("table.summaryEmpty") : t("table.summary", { total: list.total, from, to })}
      </p>
      {reviewedElsewhere ? (
        <p className="notice" role="note">
          {tr("bulkLocked", { reviewer: tr(`reviewerKind.${reviewedElsewhere}`) })}{" "}
          <Link href={`/admin/events/${list.event.id}/review`}>{tr("title")}</Link>
        </p>
      ) : null}
      {manage ? (
        <BulkActionForm action={bulkUpdateRegistrations.bind(null, list.event.id)} locked={reviewedElsewhere ? ["approve", "decline"] : undefined} />
      ) : null}
      <ColumnChooser view={list.view} questions={list.questions} hidden={hidden} action={saveRegistrationColumns.bind(null, list.event.id)} />
      <RegistrationTable list={list} query={query} selectable={manage} hidden={hidden} />
      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => registrationsHref(list.event.id, query, { page })} />
    </>
  );
}
