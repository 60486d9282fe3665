import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { RecordActivityForm } from "@/components/staff/ledger/RecordActivityForm";
import { removeActivityAction } from "@/lib/activities/actions";
import { formatDay } from "@/lib/activities/dates";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { LedgerActivity } from "@/lib/registrations/staff/data";
import type { RegistrationView } from "@/lib/registrations/staff/city";

type Props = {
  participantId: string;
  view: RegistrationView;
  activities: LedgerActivity[];
  canRecord: boolean;
  /** The activity whose removal is being confirmed (?remove=<id>), if any. */
  removeId: string | null;
  outcome: "removed" | "removeFailed" | null;
  /** Today in Japan (YYYY-MM-DD): the latest day the form accepts. */
  today: string;
};

/**
 * What the person did for or in Ogaki outside our events. The city sees kind, date and source; notes and
 * who recorded it are for organisers. Removing is two steps: a link to the confirmation, then a POST, so a
 * stray click or a prefetch removes nothing.
 */
export async function ActivitiesSection({ participantId, view, activities, canRecord, removeId, outcome, today }: Props) {
  const [t, locale] = await Promise.all([getTranslations("staffRegistrations.ledger.activities"), getLocale() as Promise<Locale>]);
  const kindLabel = (a: LedgerActivity) => t(`kind.${a.kind}`);
  const confirming = removeId ? activities.find((a) => a.id === removeId && a.removable) : undefined;
  const anyRemovable = activities.some((a) => a.removable);
  const base = `/admin/participants/${participantId}`;

  return (
    <section className="section" aria-labelledby="activities-heading">
      <h2 id="activities-heading">{t("title")}</h2>
      <p className="muted">{t("lead")}</p>
      {outcome === "removed" ? (
        <p className="outcome" role="status">
          {t("removed")}
        </p>
      ) : outcome === "removeFailed" ? (
        <p className="form-error" role="alert">
          {t("removeFailed")}
        </p>
      ) : null}

      {confirming ? (
        <form action={removeActivityAction} className="ledger-confirm" id="remove-confirm" aria-labelledby="remove-confirm-heading">
          <h3 id="remove-confirm-heading">{t("confirmTitle")}</h3>
          <p>{t("confirmBody", { kind: kindLabel(confirming), day: formatDay(confirming.occurredOn, locale) })}</p>
          <input type="hidden" name="participantId" value={participantId} />
          <input type="hidden" name="activityId" value={confirming.id} />
          <div className="button-row">
            <button type="submit" className="button button--danger">
              {t("confirm")}
            </button>
            <Link href={`${base}#activities-heading`} className="button button--secondary">
              {t("cancel")}
            </Link>
          </div>
        </form>
      ) : null}

      {activities.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <div className="staff-table-scroll ledger-activities-scroll" role="region" aria-label={t("caption")} tabIndex={0}>
          <table className="table staff-table ledger-activities">
            <thead>
              <tr>
                <th scope="col">{t("columns.day")}</th>
                <th scope="col">{t("columns.kind")}</th>
                <th scope="col">{t("columns.source")}</th>
                {view === "full" ? <th scope="col">{t("columns.note")}</th> : null}
                {anyRemovable ? <th scope="col">{t("columns.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {activities.map((a) => {
                const day = formatDay(a.occurredOn, locale);
                return (
                  <tr key={a.id} id={`activity-${a.id}`} aria-current={a.id === confirming?.id ? "true" : undefined}>
                    <td className="staff-table__date">
                      <time dateTime={a.occurredOn.toISOString().slice(0, 10)}>{day}</time>
                    </td>
                    <td>{kindLabel(a)}</td>
                    <td>
                      {t(`source.${a.source}`)}
                      {a.recordedBy ? (
                        <span className="staff-table__sub">
                          {t("recordedBy", {
                            name: a.recordedBy.name ?? "—",
                            organization: localized(a.recordedBy.organizationJa, a.recordedBy.organizationEn, locale),
                          })}
                        </span>
                      ) : null}
                    </td>
                    {view === "full" ? (
                      <td>
                        <div className="staff-table__text">{a.note ?? t("noNote")}</div>
                      </td>
                    ) : null}
                    {anyRemovable ? (
                      <td>
                        {a.removable ? (
                          <Link href={`${base}?remove=${a.id}#remove-confirm`}>
                            {t("remove")}
                            <span className="visually-hidden">{t("removeContext", { kind: kindLabel(a), day })}</span>
                          </Link>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {/* A removal (or its confirmation) starts the form afresh, so an earlier "recorded" note does not linger. */}
      {canRecord ? <RecordActivityForm key={`${outcome}:${removeId}`} participantId={participantId} view={view} today={today} /> : null}
    </section>
  );
}
