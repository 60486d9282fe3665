import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CancelEventForm } from "@/components/staff/events/CancelEventForm";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { closeEventAction, duplicateEventAction, publishEventAction } from "@/lib/events/staff/actions";
import { getStaffEvent } from "@/lib/events/staff/data";
import { countEventRegistrations } from "@/lib/events/staff/data";
import { reviewAccess } from "@/lib/registrations/review/policy";
import { REGISTRATION_STATUSES } from "@/lib/registrations/staff/schema";
import { requireStaff } from "@/lib/server/auth";
import { can } from "@/lib/staff/permissions";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

// The event's staff overview: facts, status, registrations by state, what this role may do next, and the
// way to the event's registrations, check-in and export pages.

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE = ["published", "closed", "cancelled"] as const;
const ERRORS = ["not_allowed", "not_found", "ended"] as const;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const staff = await requireStaff("events.view");
  const event = await getStaffEvent(staff, (await params).id);
  const t = await getTranslations("staffEvents.overview");
  return { title: event ? event.titleJa : t("title") };
}

export default async function StaffEventPage({ params, searchParams }: Props) {
  const staff = await requireStaff("events.view");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const event = await getStaffEvent(staff, id);
  if (!event) notFound();
  const [counts, t, tr, locale] = await Promise.all([
    countEventRegistrations(staff, id),
    getTranslations("staffEvents"),
    getTranslations("staffRegistrations.review"),
    getLocale() as Promise<Locale>,
  ]);
  if (!counts) notFound();

  const manage = can(staff.role, "events.manage");
  const title = localized(event.titleJa, event.titleEn, locale);
  const seatsTaken = counts.CONFIRMED + counts.OFFERED + counts.ATTENDED;
  const active = counts.PENDING + counts.CONFIRMED + counts.WAITLISTED + counts.OFFERED;
  const done = DONE.find((d) => d === one(query.done));
  const error = ERRORS.find((e) => e === one(query.error));
  const notified = Number(one(query.notified) ?? 0) || 0;
  const confirmingCancel = manage && one(query.cancel) === "1" && event.status !== "CANCELLED";
  const questions = event.questions.filter((q) => !q.archivedAt);
  const organizers = [...event.organizers]
    .sort((a, b) => Number(a.role !== "HOST") - Number(b.role !== "HOST")) // the host first
    .map((o) => localized(o.organization.nameJa, o.organization.nameEn, locale))
    .join(" × ");
  const reviewer = event.reviewerKind ? t(`reviewer.${event.reviewerKind}`) : t("overview.reviewerOwner");
  const registrationWindow = (() => {
    const opens = event.registrationOpensAt ? formatDateTime(event.registrationOpensAt, locale) : t("overview.windowOnPublish");
    const closes = formatDateTime(event.registrationClosesAt ?? event.startsAt, locale);
    return t("overview.windowRange", { opens, closes });
  })();

  const statusForm = (action: (formData: FormData) => Promise<void>, label: string, className = "button") => (
    <form action={action}>
      <input type="hidden" name="eventId" value={event.id} />
      <input type="hidden" name="slug" value={event.slug} />
      <button type="submit" className={className}>
        {label}
      </button>
    </form>
  );

  const links = [
    reviewAccess(staff, event) ? { href: `/admin/events/${event.id}/review`, label: tr("link", { count: counts.PENDING }) } : null,
    { href: `/admin/events/${event.id}/preview`, label: t("previewPage.link") },
    can(staff.role, "registrations.view") || can(staff.role, "registrations.viewCity")
      ? { href: `/admin/events/${event.id}/registrations`, label: t("overview.links.registrations") }
      : null,
    can(staff.role, "checkin.perform") ? { href: `/admin/events/${event.id}/checkin`, label: t("overview.links.checkin") } : null,
    can(staff.role, "registrations.export") ? { href: `/admin/events/${event.id}/export`, label: t("overview.links.export") } : null,
  ].filter((l): l is { href: string; label: string } => l !== null);

  return (
    <>
      <p>
        <Link href="/admin">{t("backToList")}</Link>
      </p>
      <h1>
        {title} <span className={`tag staff-event-status staff-event-status--${event.status.toLowerCase()}`}>{t(`status.${event.status}`)}</span>
      </h1>
      <p className="muted">{formatEventDateRange(event.startsAt, event.endsAt, locale)}</p>

      {done ? (
        <p className="notice" role="status">
          {t(`overview.done.${done}`, { notified })}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}

      {links.length > 0 ? (
        <nav aria-label={t("overview.links.label")} className="staff-event-actions staff-event-links">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="button button--secondary">
              {l.label}
            </Link>
          ))}
        </nav>
      ) : null}

      {confirmingCancel ? <CancelEventForm eventId={event.id} slug={event.slug} active={active} /> : null}

      {manage && !confirmingCancel ? (
        <section aria-labelledby="actions-heading" className="section">
          <h2 id="actions-heading">{t("overview.actions.title")}</h2>
          <div className="staff-event-actions">
            {event.status !== "CANCELLED" ? (
              <Link href={`/admin/events/${event.id}/edit`} className="button">
                {t("overview.actions.edit")}
              </Link>
            ) : null}
            {event.status === "DRAFT" ? statusForm(publishEventAction, t("overview.actions.publish")) : null}
            {event.status === "PUBLISHED" ? statusForm(closeEventAction, t("overview.actions.close"), "button button--secondary") : null}
            {statusForm(duplicateEventAction, t("overview.actions.duplicate"), "button button--secondary")}
            {event.status !== "CANCELLED" ? (
              <Link href={`/admin/events/${event.id}?cancel=1`} className="button button--danger">
                {t("overview.actions.cancel")}
              </Link>
            ) : null}
          </div>
          {event.status === "DRAFT" ? <p className="field__help">{t("overview.actions.publishHelp")}</p> : null}
          {event.status === "PUBLISHED" ? <p className="field__help">{t("overview.actions.closeHelp")}</p> : null}
        </section>
      ) : null}

      <section aria-labelledby="counts-heading" className="section">
        <h2 id="counts-heading">{t("overview.counts.title")}</h2>
        <p>
          {event.capacity === null
            ? t("overview.counts.seatsUnlimited", { taken: seatsTaken })
            : t("overview.counts.seats", { taken: seatsTaken, capacity: event.capacity })}
        </p>
        <table className="table staff-event-counts">
          <thead>
            <tr>
              <th scope="col">{t("overview.counts.state")}</th>
              <th scope="col">{t("overview.counts.people")}</th>
            </tr>
          </thead>
          <tbody>
            {REGISTRATION_STATUSES.map((s) => (
              <tr key={s}>
                <th scope="row">{t(`registrationStatus.${s}`)}</th>
                <td>{counts[s]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="facts-heading" className="section">
        <h2 id="facts-heading">{t("overview.facts")}</h2>
        <dl className="facts">
          <dt>{t("overview.when")}</dt>
          <dd>{formatEventDateRange(event.startsAt, event.endsAt, locale)}</dd>
          <dt>{t("overview.format")}</dt>
          <dd>
            {t(`format.${event.format}`)} · {t(`area.${event.area}`)} · {t(`kind.${event.kind}`)}
          </dd>
          <dt>{t("overview.where")}</dt>
          <dd>
            {event.venueName ?? "—"}
            {event.venueAddress ? <span className="facts__sub">{event.venueAddress}</span> : null}
            {event.venueMapUrl ? (
              <span className="facts__sub">
                <a href={event.venueMapUrl} rel="noopener noreferrer" target="_blank">
                  {t("overview.map")}
                </a>
              </span>
            ) : null}
          </dd>
          <dt>{t("overview.online")}</dt>
          <dd>{event.onlineUrl ?? "—"}</dd>
          <dt>{t("overview.capacity")}</dt>
          <dd>
            {event.capacity === null ? t("overview.unlimited") : t("overview.people", { count: event.capacity })}
            <span className="facts__sub">{event.waitlistEnabled ? t("overview.waitlistOn") : t("overview.waitlistOff")}</span>
          </dd>
          <dt>{t("overview.approval")}</dt>
          <dd>{event.approvalRequired ? t("overview.approvalBy", { reviewer }) : t("overview.approvalOff")}</dd>
          <dt>{t("overview.window")}</dt>
          <dd>
            {registrationWindow}
            <span className="facts__sub">{t("overview.offerHold", { hours: event.offerHoldHours })}</span>
          </dd>
          <dt>{t("overview.fee")}</dt>
          <dd>{localized(event.feeJa, event.feeEn, locale) ?? "—"}</dd>
          <dt>{t("overview.questions")}</dt>
          <dd>{t("overview.questionCount", { count: questions.length })}</dd>
          <dt>{t("overview.organizers")}</dt>
          <dd>{organizers}</dd>
          <dt>{t("overview.publicPage")}</dt>
          <dd>
            {event.status === "DRAFT" ? (
              <span>
                /events/{event.slug} <span className="facts__sub">{t("overview.notPublic")}</span>
              </span>
            ) : (
              <Link href={`/events/${event.slug}`}>/events/{event.slug}</Link>
            )}
          </dd>
          <dt>{t("overview.history")}</dt>
          <dd>
            {t("overview.createdAt", { date: formatDateTime(event.createdAt, locale) })}
            {event.publishedAt ? <span className="facts__sub">{t("overview.publishedAt", { date: formatDateTime(event.publishedAt, locale) })}</span> : null}
            {event.closedAt ? <span className="facts__sub">{t("overview.closedAt", { date: formatDateTime(event.closedAt, locale) })}</span> : null}
            {event.cancelledAt ? <span className="facts__sub">{t("overview.cancelledAt", { date: formatDateTime(event.cancelledAt, locale) })}</span> : null}
            {event.cancelReason ? <span className="facts__sub">{t("overview.cancelReason", { reason: event.cancelReason })}</span> : null}
          </dd>
        </dl>
      </section>
    </>
  );
}
