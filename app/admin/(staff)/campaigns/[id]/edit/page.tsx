import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CampaignForm } from "@/components/staff/campaigns/CampaignForm";
import { composerEvents } from "@/components/staff/campaigns/composer";
import { getCampaignForEditing } from "@/lib/campaigns/data";
import { campaignFormValues } from "@/lib/campaigns/schema";
import { requireStaff } from "@/lib/server/auth";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffCampaigns.edit");
  return { title: t("title") };
}

export default async function EditCampaignPage({ params }: Props) {
  const staff = await requireStaff("campaigns.manage");
  const { id } = await params;
  const campaign = await getCampaignForEditing(staff, id);
  if (!campaign) notFound();
  const [t, events] = await Promise.all([getTranslations("staffCampaigns"), composerEvents(staff)]);
  return (
    <>
      <p className="staff-breadcrumb">
        <Link href={`/admin/campaigns/${campaign.id}`}>{t("backToCampaign")}</Link>
      </p>
      <h1>{t("edit.title")}</h1>
      {campaign.status === "DRAFT" ? (
        <CampaignForm campaignId={campaign.id} initial={campaignFormValues(campaign)} events={events} />
      ) : (
        // Once scheduled or sent, what people get is fixed: say so instead of showing a form that cannot save.
        <p className="notice" role="status">
          {t(campaign.status === "SCHEDULED" ? "edit.scheduled" : "edit.locked")}
        </p>
      )}
    </>
  );
}
