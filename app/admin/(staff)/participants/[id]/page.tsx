import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ParticipantDetail } from "@/components/staff/registrations/ParticipantDetail";
import { getStaffParticipant } from "@/lib/registrations/staff/data";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";

type Props = { params: Promise<{ id: string }> };

// No personal data in the metadata: reading the person is audited (and for the city, a provision record).
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffRegistrations.participant");
  return { title: t("title") };
}

export default async function ParticipantPage({ params }: Props) {
  const staff = await requireStaff("participants.view");
  const { id } = await params;
  // Null for a person outside the staff member's events, and for the city without a current provision consent.
  const detail = await getStaffParticipant(staff, id, { ip: clientIp(await headers()) });
  if (!detail) notFound();
  return <ParticipantDetail detail={detail} />;
}
