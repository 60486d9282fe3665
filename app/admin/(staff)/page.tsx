import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { listStaffEvents } from "@/lib/events/staff/data";
import { reviewAccess } from "@/lib/registrations/review/policy";
import { requireStaff } from "@/lib/server/auth";
import { can } from "@/lib/staff/permissions";
import { formatEventDateRange } from "@/lib/time/format";

export default async function StaffHome() {
  const staff = await requireStaff("events.view");
  const [events, t, tr, locale] = await Promise.all([
    listStaffEvents(staff),
    getTranslations("staff.home"),
    getTranslations("staffRegistrations.review"),
    getLocale() as Promise<Locale>,
  ]);
  return (
    <>
      <h1>{t("title")}</h1>
      {can(staff.role, "events.manage") ? (
        <p>
          <Link href="/admin/events/new" className="button">
            {t("create")}
          </Link>
        </p>
      ) : null}
      {events.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <table className="table">
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <Link href={`/admin/events/${event.id}`}>{localized(event.titleJa, event.titleEn, locale)}</Link>
                  <br />
                  <span className="muted">{formatEventDateRange(event.startsAt, event.endsAt, locale)}</span>
                </td>
                <td>{t(`status.${event.status}`)}</td>
                <td>
                  {event.capacity === null
                    ? t("countsUnlimited", { confirmed: event.confirmed, waitlisted: event.waitlisted, pending: event.pending })
                    : t("counts", { confirmed: event.confirmed, capacity: event.capacity, waitlisted: event.waitlisted, pending: event.pending })}
                  {event.pending > 0 && reviewAccess(staff, event) ? (
                    <>
                      <br />
                      <Link href={`/admin/events/${event.id}/review`}>{tr("homeLink", { count: event.pending })}</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
