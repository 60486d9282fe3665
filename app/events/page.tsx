import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EventList } from "@/components/events/EventList";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("heading"), alternates: { canonical: "/events" } };
}

export default async function EventsPage() {
  const t = await getTranslations("events");
  return (
    <>
      <h1>{t("heading")}</h1>
      <EventList />
    </>
  );
}
