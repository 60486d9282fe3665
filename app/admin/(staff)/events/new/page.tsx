import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EventForm } from "@/components/staff/events/EventForm";
import { NEW_EVENT_VALUES } from "@/components/staff/events/values";
import { requireStaff } from "@/lib/server/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffEvents.new");
  return { title: t("title") };
}

export default async function NewEventPage() {
  await requireStaff("events.manage");
  const t = await getTranslations("staffEvents");
  return (
    <>
      <p>
        <Link href="/admin">{t("backToList")}</Link>
      </p>
      <h1>{t("new.title")}</h1>
      <p className="lead">{t("new.lead")}</p>
      <EventForm initial={NEW_EVENT_VALUES} />
    </>
  );
}
