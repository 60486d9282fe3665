import { getTranslations } from "next-intl/server";
import { EventList } from "@/components/events/EventList";

export default async function HomePage() {
  const t = await getTranslations("events");
  return (
    <>
      <div className="hero">
        <h1>{t("heading")}</h1>
        <p className="lead">{t("lead")}</p>
      </div>
      <EventList />
    </>
  );
}
