import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { EventDetails } from "@/components/events/EventDetails";
import { getStaffEventPreview } from "@/lib/events/staff/data";
import { requireStaff } from "@/lib/server/auth";

// The event page as participants will see it, for staff who may see the event: a draft can be checked before it
// is published. Same component as the public page; never indexed (and the staff area is behind sign-in).

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffEvents.previewPage");
  return { title: t("title"), robots: { index: false, follow: false } };
}

export default async function EventPreviewPage({ params }: Props) {
  const staff = await requireStaff("events.view");
  const event = await getStaffEventPreview(staff, (await params).id);
  if (!event) notFound();
  const t = await getTranslations("staffEvents");
  const draft = event.status === "DRAFT";
  return (
    <>
      <p>
        <Link href={`/admin/events/${event.id}`}>{t("previewPage.back")}</Link>
      </p>
      <div className="preview-banner" role="note" aria-label={t("previewPage.banner")}>
        <p className="preview-banner__title">{draft ? t("previewPage.banner") : t("previewPage.link")}</p>
        <p>{draft ? t("previewPage.draftHelp") : t("previewPage.publishedHelp", { status: t(`status.${event.status}`) })}</p>
        {draft ? null : <Link href={`/events/${event.slug}`}>{t("previewPage.publicPage")}</Link>}
      </div>
      {/* A draft is shown as it will be once published (seats and sign-up button, not "closed"). */}
      <EventDetails event={draft ? { ...event, status: "PUBLISHED" } : event} now={new Date()} ctaHref={null} />
    </>
  );
}
