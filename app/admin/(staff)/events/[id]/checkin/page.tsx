import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CheckinBoard, type CheckinRow } from "@/components/staff/checkin/CheckinBoard";
import { recordAudit } from "@/lib/audit/mutations";
import { eventHasEnded, listCheckinRegistrations } from "@/lib/checkin/data";
import { checkinIsOpen, checkinOpensAt } from "@/lib/checkin/window";
import { getStaffEvent } from "@/lib/events/staff/data";
import { TIME_ZONE, type Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { requireStaff } from "@/lib/server/auth";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ mode?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffCheckin");
  return { title: t("title") };
}

// The door: a one-tap list (search by name, furigana or code) and a QR mode with the phone's camera, with the
// check-in code typed by hand as the fallback. Only names and codes reach the phone, never contact details.
export default async function CheckinPage({ params, searchParams }: Props) {
  const staff = await requireStaff("checkin.perform");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const event = await getStaffEvent(staff, id);
  if (!event) notFound();
  const [rows, t, locale, requestHeaders] = await Promise.all([
    listCheckinRegistrations(staff, event.id),
    getTranslations("staffCheckin"),
    getLocale() as Promise<Locale>,
    headers(),
  ]);
  // The list view is logged once per visit; the re-render after each check-in (a server action, which is
  // logged on its own) is not a new view.
  if (!requestHeaders.has("next-action")) {
    await recordAudit(staff, { action: "checkin.list", targetType: "Event", targetId: event.id, eventId: event.id, subjectCount: rows.length });
  }

  const time = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const list: CheckinRow[] = rows.map((r) => ({
    id: r.id,
    name: r.name ?? "",
    furigana: r.furigana ?? "",
    code: r.checkinCode,
    status: r.status,
    time: r.checkedInAt ? time.format(r.checkedInAt) : null,
  }));
  const ended = eventHasEnded(event);
  const opens = checkinIsOpen(event) ? null : formatDateTime(checkinOpensAt(event.startsAt), locale);
  const cancelled = event.status === "CANCELLED";

  return (
    <div className="staff-checkin">
      <p className="staff-checkin__back">
        <Link href={`/admin/events/${event.id}`}>{t("back")}</Link>
      </p>
      <h1>
        {t("title")}
        <span className="staff-checkin__event">{localized(event.titleJa, event.titleEn, locale)}</span>
      </h1>
      <p className="muted">{formatEventDateRange(event.startsAt, event.endsAt, locale)}</p>
      {cancelled ? (
        <p className="notice" role="alert">
          {t("eventCancelled")}
        </p>
      ) : (
        <CheckinBoard eventId={event.id} rows={list} initialMode={query.mode === "scan" ? "scan" : "list"} ended={ended} opens={opens} />
      )}
    </div>
  );
}
