import { Fragment } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AutoRefresh } from "@/components/staff/campaigns/AutoRefresh";
import { CampaignPreview } from "@/components/staff/campaigns/CampaignPreview";
import { subjectForStaff } from "@/components/staff/campaigns/subject";
import { MailStateCounts } from "@/components/staff/campaigns/MailStateCounts";
import { OutboxFilters } from "@/components/staff/campaigns/OutboxFilters";
import { OutboxTable } from "@/components/staff/campaigns/OutboxTable";
import { ScheduleForm } from "@/components/staff/campaigns/ScheduleForm";
import { Pagination } from "@/components/ui/Pagination";
import {
  cancelCampaignAction,
  deleteCampaignAction,
  retryFailedAction,
  sendTestAction,
  startCampaignAction,
  unscheduleCampaignAction,
} from "@/lib/campaigns/actions";
import { countSegmentRecipients, getCampaign, getPreviewRecipient, getSegmentEvents, listCampaignRecipients } from "@/lib/campaigns/data";
import { MAIL_STATUSES, outboxHref, parseOutboxQuery, type SearchParams } from "@/lib/campaigns/schema";
import { toJstInput } from "@/lib/events/staff/schema";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { INTERESTS, RELATIONSHIPS, labelOf } from "@/lib/participants/options";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";
import { can } from "@/lib/staff/permissions";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

// One campaign: before sending, who gets it (the count from the same SQL the fan-out uses) and what they get
// (rendered for a real recipient); the test send, send now (after a confirmation showing the count), schedule
// and cancel; once sending, the progress (refreshing itself) and every recipient's delivery state.

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

const DONE = ["created", "saved", "test", "started", "scheduled", "unscheduled", "cancelled", "retried"] as const;
const ERRORS = ["not_found", "not_allowed"] as const;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staffCampaigns.detail");
  return { title: t("metaTitle") };
}

export default async function CampaignPage({ params, searchParams }: Props) {
  const staff = await requireStaff("campaigns.view");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const campaign = await getCampaign(staff, id);
  if (!campaign) notFound();
  const [t, ts, locale] = await Promise.all([getTranslations("staffCampaigns"), getTranslations("staffRegistrations.status"), getLocale() as Promise<Locale>]);

  const manage = can(staff.role, "campaigns.manage");
  const before = campaign.status === "DRAFT" || campaign.status === "SCHEDULED";
  const started = !before;
  const path = `/admin/campaigns/${campaign.id}`;
  const query = parseOutboxQuery(raw);
  const [summary, previewRecipient, events, recipients] = await Promise.all([
    before ? countSegmentRecipients(staff.organizationId, campaign.category, campaign.segment) : null,
    getPreviewRecipient(staff.organizationId, campaign.category, campaign.segment),
    getSegmentEvents(staff, campaign.segment.eventIds),
    started ? listCampaignRecipients(staff, campaign.id, query, { ip: clientIp(await headers()) }) : null,
  ]);

  const done = DONE.find((d) => d === one(raw.done));
  const error = ERRORS.find((e) => e === one(raw.error));
  const doneCount = Number(one(raw.count) ?? 0) || 0;
  const confirm = manage ? one(raw.confirm) : undefined;
  const confirmingSend = confirm === "send" && before && summary !== null && summary.recipients > 0;
  const confirmingCancel = confirm === "cancel" && (campaign.status === "SCHEDULED" || campaign.status === "SENDING");
  const confirmingDelete = confirm === "delete" && campaign.status === "DRAFT";
  const confirming = confirmingSend || confirmingCancel || confirmingDelete;

  const counts = campaign.counts;
  const total = MAIL_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const settled = counts.SENT + counts.FAILED + counts.SUPPRESSED + counts.CANCELLED;
  const hasEnglish = Boolean(campaign.subjectEn && campaign.bodyEn);

  const hidden = <input type="hidden" name="campaignId" value={campaign.id} />;
  const button = (action: (formData: FormData) => Promise<void>, label: string, className = "button") => (
    <form action={action}>
      {hidden}
      <button type="submit" className={className}>
        {label}
      </button>
    </form>
  );

  const segmentList = (items: string[], label: (id: string) => string) => (items.length === 0 ? t("detail.segment.any") : items.map(label).join("、"));

  return (
    <>
      {campaign.status === "SENDING" ? <AutoRefresh seconds={3} /> : null}
      <p className="staff-breadcrumb">
        <Link href="/admin/campaigns">{t("backToList")}</Link>
      </p>
      <h1>
        {subjectForStaff(campaign.subjectJa, (field) => t(`subjectTags.${field}`))}{" "}
        <span className={`tag staff-campaign-status staff-campaign-status--${campaign.status.toLowerCase()}`}>{t(`status.${campaign.status}`)}</span>
      </h1>
      <p className="muted">
        {t(`category.${campaign.category}`)}
        {campaign.createdBy ? ` · ${t("detail.createdBy", { name: campaign.createdBy.name ?? campaign.createdBy.email })}` : null}
      </p>

      {done ? (
        <p className="notice" role="status">
          {t(`detail.done.${done}`, { count: doneCount, email: staff.email })}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}

      <section aria-labelledby="when-heading" className="section">
        <h2 id="when-heading" className="visually-hidden">
          {t("detail.whenTitle")}
        </h2>
        <dl className="facts">
          {(
            [
              ["created", campaign.createdAt],
              ["scheduled", campaign.scheduledAt],
              ["started", campaign.startedAt],
              ["finished", campaign.finishedAt],
              ["cancelled", campaign.cancelledAt],
            ] as const
          ).map(([key, at]) =>
            at ? (
              <Fragment key={key}>
                <dt>{t(`detail.${key}`)}</dt>
                <dd>{formatDateTime(at, locale)}</dd>
              </Fragment>
            ) : null,
          )}
        </dl>
      </section>

      <section aria-labelledby="segment-heading" className="section">
        <h2 id="segment-heading">{t("detail.segment.title")}</h2>
        {summary ? (
          <p className="staff-campaign-summary" data-testid="segment-summary">
            <strong>{t("detail.segment.recipients", { count: summary.recipients })}</strong>
            {summary.skipped > 0 ? ` ${t("detail.segment.skipped", { count: summary.skipped })}` : null}
            {summary.skipped > 0 ? (
              <span className="facts__sub">{t("detail.segment.skippedWhy", { unsubscribed: summary.unsubscribed, noConsent: summary.noConsent })}</span>
            ) : null}
          </p>
        ) : (
          <p className="staff-campaign-summary">
            <strong>{t("detail.segment.fixed", { count: campaign.recipientCount ?? 0 })}</strong>
            {campaign.skippedCount ? ` ${t("detail.segment.skipped", { count: campaign.skippedCount })}` : null}
          </p>
        )}
        <dl className="facts">
          <dt>{t("detail.segment.events")}</dt>
          <dd>
            {events.length === 0 ? (
              t("detail.segment.allEvents")
            ) : (
              <ul className="staff-campaign-events">
                {events.map((e) => (
                  <li key={e.id}>
                    <Link href={`/admin/events/${e.id}`}>{localized(e.titleJa, e.titleEn, locale)}</Link>
                    <span className="facts__sub">{formatEventDateRange(e.startsAt, e.endsAt, locale)}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t("detail.segment.statuses")}</dt>
          <dd>{segmentList(campaign.segment.statuses, (s) => ts(s))}</dd>
          <dt>{t("detail.segment.interests")}</dt>
          <dd>{segmentList(campaign.segment.interests, (i) => labelOf(INTERESTS, i, locale))}</dd>
          <dt>{t("detail.segment.relationships")}</dt>
          <dd>{segmentList(campaign.segment.relationships, (r) => labelOf(RELATIONSHIPS, r, locale))}</dd>
        </dl>
      </section>

      {confirmingSend && summary ? (
        <section className="staff-event-danger" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t("detail.confirmSend.title")}</h2>
          <p>{t("detail.confirmSend.body", { count: summary.recipients, skipped: summary.skipped })}</p>
          <div className="button-row">
            {button(startCampaignAction, t("detail.confirmSend.confirm", { count: summary.recipients }))}
            <Link href={path} className="button button--secondary">
              {t("detail.back")}
            </Link>
          </div>
        </section>
      ) : null}
      {confirmingCancel ? (
        <section className="staff-event-danger" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t("detail.confirmCancel.title")}</h2>
          <p>{campaign.status === "SENDING" ? t("detail.confirmCancel.sending", { pending: counts.PENDING, sent: counts.SENT }) : t("detail.confirmCancel.scheduled")}</p>
          <div className="button-row">
            {button(cancelCampaignAction, t("detail.confirmCancel.confirm"), "button button--danger")}
            <Link href={path} className="button button--secondary">
              {t("detail.back")}
            </Link>
          </div>
        </section>
      ) : null}
      {confirmingDelete ? (
        <section className="staff-event-danger" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t("detail.confirmDelete.title")}</h2>
          <p>{t("detail.confirmDelete.body")}</p>
          <div className="button-row">
            {button(deleteCampaignAction, t("detail.confirmDelete.confirm"), "button button--danger")}
            <Link href={path} className="button button--secondary">
              {t("detail.back")}
            </Link>
          </div>
        </section>
      ) : null}

      {manage && !confirming && campaign.status !== "CANCELLED" && campaign.status !== "SENT" ? (
        <section aria-labelledby="actions-heading" className="section">
          <h2 id="actions-heading">{t("detail.actions.title")}</h2>
          <div className="staff-event-actions">
            {campaign.status === "DRAFT" ? (
              <Link href={`${path}/edit`} className="button button--secondary">
                {t("detail.actions.edit")}
              </Link>
            ) : null}
            {before && summary && summary.recipients > 0 ? (
              <Link href={`${path}?confirm=send`} className="button">
                {t("detail.actions.sendNow")}
              </Link>
            ) : null}
            {campaign.status === "SCHEDULED" ? button(unscheduleCampaignAction, t("detail.actions.unschedule"), "button button--secondary") : null}
            {campaign.status === "SCHEDULED" || campaign.status === "SENDING" ? (
              <Link href={`${path}?confirm=cancel`} className="button button--danger">
                {t("detail.actions.cancel")}
              </Link>
            ) : null}
            {campaign.status === "DRAFT" ? (
              <Link href={`${path}?confirm=delete`} className="button button--secondary">
                {t("detail.actions.delete")}
              </Link>
            ) : null}
          </div>
          {before && summary && summary.recipients === 0 ? <p className="field__help">{t("detail.actions.nobody")}</p> : null}
          {campaign.status === "SCHEDULED" ? <p className="field__help">{t("detail.actions.scheduledHelp")}</p> : null}
          {campaign.status === "DRAFT" ? (
            <div className="staff-campaign-schedule">
              <ScheduleForm campaignId={campaign.id} initial={toJstInput(campaign.scheduledAt)} />
            </div>
          ) : null}
        </section>
      ) : null}

      {manage && campaign.status !== "CANCELLED" ? (
        <section aria-labelledby="test-heading" className="section">
          <h2 id="test-heading">{t("detail.test.title")}</h2>
          <p className="field__help">{t("detail.test.help", { email: staff.email })}</p>
          <form action={sendTestAction} className="staff-campaign-test">
            {hidden}
            {hasEnglish ? (
              <div className="field">
                <label htmlFor="test-locale" className="field__label">
                  {t("detail.test.locale")}
                </label>
                <select id="test-locale" name="locale" defaultValue={locale} className="field__input">
                  <option value="ja">{t("detail.test.ja")}</option>
                  <option value="en">{t("detail.test.en")}</option>
                </select>
              </div>
            ) : (
              <input type="hidden" name="locale" value="ja" />
            )}
            <button type="submit" className="button button--secondary">
              {t("detail.test.submit")}
            </button>
          </form>
          {campaign.tests.length > 0 ? (
            <ul className="staff-campaign-tests">
              {campaign.tests.map((test) => (
                <li key={test.id}>
                  {t("detail.test.row", { date: formatDateTime(test.createdAt, locale), email: test.toEmail })}{" "}
                  <span className={`staff-status staff-mail-status--${test.status.toLowerCase()}`}>{t(`mailStatus.${test.status}`)}</span>
                  {test.lastError ? <span className="facts__sub">{test.lastError}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {started ? (
        <section aria-labelledby="progress-heading" className="section">
          <h2 id="progress-heading">{t("detail.progress.title")}</h2>
          <p className="staff-campaign-progress" aria-live="polite">
            <progress value={settled} max={Math.max(total, 1)} aria-label={t("detail.progress.label")} />
            <span>
              {t("detail.progress.sent", { sent: counts.SENT, total: campaign.recipientCount ?? 0 })}
              {campaign.status === "SENDING" ? ` ${t("detail.progress.refreshing")}` : null}
            </span>
          </p>
          {recipients ? (
            <>
              <MailStateCounts path={path} counts={counts} query={query} />
              {manage && counts.FAILED > 0 && (campaign.status === "SENDING" || campaign.status === "SENT") ? (
                <div className="staff-event-actions">
                  {button(retryFailedAction, t("detail.progress.retry", { count: counts.FAILED }), "button button--secondary")}
                </div>
              ) : null}
              <h3>{t("detail.recipients")}</h3>
              <OutboxFilters path={path} query={query} categories={false} />
              <p className="staff-summary">
                {recipients.total === 0
                  ? t("table.summaryEmpty")
                  : t("table.summary", {
                      total: recipients.total,
                      from: (recipients.page - 1) * recipients.pageSize + 1,
                      to: Math.min(recipients.total, recipients.page * recipients.pageSize),
                    })}
              </p>
              <OutboxTable rows={recipients.rows} variant="recipients" />
              <Pagination page={recipients.page} pageCount={recipients.pageCount} href={(p) => outboxHref(path, query, { page: p })} />
            </>
          ) : null}
        </section>
      ) : null}

      <CampaignPreview campaign={campaign} recipient={previewRecipient} hasEnglish={hasEnglish} />
    </>
  );
}
