import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CampaignForm } from "@/components/staff/campaigns/CampaignForm";
import { composerEvents } from "@/components/staff/campaigns/composer";
import { requireStaff } from "@/lib/server/auth";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffCampaigns.new");
  return { title: t("title") };
}

export default async function NewCampaignPage({ searchParams }: Props) {
  const staff = await requireStaff("campaigns.manage");
  const [t, events, query] = await Promise.all([getTranslations("staffCampaigns"), composerEvents(staff), searchParams]);
  // "Follow up this event" links from elsewhere can preselect an event of the organisation's scope.
  const preselected = typeof query.event === "string" && events.some((e) => e.id === query.event) ? [query.event] : [];
  return (
    <>
      <p className="staff-breadcrumb">
        <Link href="/admin/campaigns">{t("backToList")}</Link>
      </p>
      <h1>{t("new.title")}</h1>
      <p className="lead">{t("new.lead")}</p>
      <CampaignForm
        initial={{
          category: "FOLLOW_UP",
          subjectJa: "",
          bodyJa: "",
          subjectEn: "",
          bodyEn: "",
          eventIds: preselected,
          statuses: ["ATTENDED"],
          interests: [],
          relationships: [],
        }}
        events={events}
      />
    </>
  );
}
