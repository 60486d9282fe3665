import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { EventForm } from "@/components/staff/events/EventForm";
import { QuestionList } from "@/components/staff/events/QuestionList";
import { eventFormValues } from "@/components/staff/events/values";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getStaffEvent } from "@/lib/events/staff/data";
import { countEventRegistrations } from "@/lib/events/staff/data";
import { requireStaff } from "@/lib/server/auth";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffEvents.edit");
  return { title: t("title") };
}

export default async function EditEventPage({ params, searchParams }: Props) {
  const staff = await requireStaff("events.manage");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const event = await getStaffEvent(staff, id);
  if (!event) notFound();
  const [counts, t, locale] = await Promise.all([countEventRegistrations(staff, id), getTranslations("staffEvents"), getLocale() as Promise<Locale>]);
  const seatsTaken = counts ? counts.CONFIRMED + counts.OFFERED + counts.ATTENDED : 0;
  const title = localized(event.titleJa, event.titleEn, locale);

  return (
    <>
      <p>
        <Link href={`/admin/events/${event.id}`}>{t("edit.toOverview", { title })}</Link>
      </p>
      <h1>{t("edit.title")}</h1>
      {query.created ? (
        <p className="notice" role="status">
          {t("edit.created")}
        </p>
      ) : null}
      {query.duplicated ? (
        <p className="notice" role="status">
          {t("edit.duplicated")}
        </p>
      ) : null}
      {event.status === "CANCELLED" ? (
        <p className="notice">{t("edit.cancelled")}</p>
      ) : (
        <div className="staff-event-edit">
          <EventForm eventId={event.id} initial={eventFormValues(event)} seatsTaken={seatsTaken} />
          <QuestionList eventId={event.id} questions={event.questions} />
        </div>
      )}
    </>
  );
}
