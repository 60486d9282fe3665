import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ParticipantDetail } from "@/components/staff/registrations/ParticipantDetail";
import { jstDay } from "@/lib/activities/dates";
import { getStaffParticipant } from "@/lib/registrations/staff/data";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";
import { can } from "@/lib/staff/permissions";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ remove?: string | string[]; removed?: string; removeFailed?: string }>;
};

// No personal data in the metadata: reading the person is audited (and for the city, a provision record).
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffRegistrations.participant");
  return { title: t("title") };
}

export default async function ParticipantPage({ params, searchParams }: Props) {
  const staff = await requireStaff("participants.view");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const now = new Date();
  // Null for a person outside the staff member's events, and for the city without a current provision consent.
  const detail = await getStaffParticipant(staff, id, { ip: clientIp(await headers()), now });
  if (!detail) notFound();
  const remove = typeof query.remove === "string" ? query.remove : null;
  return (
    <ParticipantDetail
      detail={detail}
      canRecord={can(staff.role, "activities.record")}
      removeId={remove}
      outcome={query.removed ? "removed" : query.removeFailed ? "removeFailed" : null}
      today={jstDay(now)}
    />
  );
}
