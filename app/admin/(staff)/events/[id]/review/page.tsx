import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ReviewApplicants } from "@/components/staff/review/ReviewApplicants";
import { ReviewDecisionForm } from "@/components/staff/review/ReviewDecisionForm";
import "@/components/staff/review/review.css";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { decideApplications } from "@/lib/registrations/review/actions";
import { getReviewQueue } from "@/lib/registrations/review/data";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";
import { isCityRole } from "@/lib/staff/permissions";
import { formatEventDateRange } from "@/lib/time/format";

type Props = { params: Promise<{ id: string }> };

// No event data here: reading the queue is audited (and for the city a provision record); metadata must not
// count as a second view.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffRegistrations.review");
  return { title: t("title") };
}

export default async function ReviewQueuePage({ params }: Props) {
  // The queue decides again from the role and the event (lib/registrations/review/policy.ts): the reviewing
  // organisation decides, the other reads, city staff see only queues the city reviews; anything else is a 404.
  const staff = await requireStaff("registrations.review");
  const { id } = await params;
  const queue = await getReviewQueue(staff, id, { ip: clientIp(await headers()) });
  if (!queue) notFound();

  const [t, locale] = await Promise.all([getTranslations("staffRegistrations.review"), getLocale() as Promise<Locale>]);
  if (!queue.reviewer) {
    return (
      <>
        <p className="staff-breadcrumb">
          <Link href={`/admin/events/${queue.event.id}`}>{t("backToEvent")}</Link>
        </p>
        <h1>{t("title")}</h1>
        <p className="lead">{localized(queue.event.titleJa, queue.event.titleEn, locale)}</p>
        <p className="empty">{t("noApproval")}</p>
      </>
    );
  }
  const reviewer = t(`reviewerKind.${queue.reviewer}`);
  const decide = queue.access === "decide";
  const shown = queue.applicants.length;
  const visibleTotal = queue.pendingTotal - queue.withoutConsent;

  return (
    <>
      <p className="staff-breadcrumb">
        <Link href={`/admin/events/${queue.event.id}`}>{t("backToEvent")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">
        {localized(queue.event.titleJa, queue.event.titleEn, locale)}
        <br />
        <span className="muted">{formatEventDateRange(queue.event.startsAt, queue.event.endsAt, locale)}</span>
      </p>
      <p>
        <span className="tag">{t("reviewer", { reviewer })}</span>{" "}
        {t("pending", { count: visibleTotal })} ·{" "}
        {queue.event.capacity === null
          ? t("seatsUnlimited", { taken: queue.event.seatsTaken })
          : t("seats", { taken: queue.event.seatsTaken, capacity: queue.event.capacity })}
      </p>
      {isCityRole(staff.role) ? (
        <p className="notice staff-city-notice" role="note">
          {t("cityNotice")}
        </p>
      ) : null}
      {!decide ? (
        <p className="notice" role="note">
          {t("readOnly", { reviewer })}
        </p>
      ) : null}
      {queue.withoutConsent > 0 ? <p className="muted">{t("withoutConsent", { count: queue.withoutConsent })}</p> : null}
      {decide ? <ReviewDecisionForm action={decideApplications.bind(null, queue.event.id)} hasApplicants={shown > 0} /> : null}
      {shown === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <>
          {visibleTotal > shown ? <p className="muted">{t("limited", { shown, total: visibleTotal })}</p> : null}
          <ReviewApplicants applicants={queue.applicants} questions={queue.questions} locale={locale} selectable={decide} />
        </>
      )}
    </>
  );
}
