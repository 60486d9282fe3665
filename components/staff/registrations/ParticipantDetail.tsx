import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ActivitiesSection } from "@/components/staff/ledger/ActivitiesSection";
import { RelationshipsSection } from "@/components/staff/ledger/RelationshipsSection";
import { StageSection } from "@/components/staff/ledger/StageSection";
import { SurveysSection } from "@/components/staff/ledger/SurveysSection";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { ParticipantDetail as Detail } from "@/lib/registrations/staff/data";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";
import { answerLabel, interestLabels, relationshipLabels, residenceLabel } from "./format";

type Props = {
  detail: Detail;
  /** The viewer may record activities (and remove their organisation's). */
  canRecord: boolean;
  /** The activity whose removal is being confirmed, from ?remove=<id>. */
  removeId: string | null;
  outcome: "removed" | "removeFailed" | null;
  /** Today in Japan (YYYY-MM-DD), for the activity form. */
  today: string;
};

/**
 * A person's page, the ledger: stage, profile, relationship to Ogaki at entry and now, registrations in the
 * staff member's events (state, attendance, where and what kind of event) with each one's history,
 * activities, surveys and what came of the chosen next steps (organisers only), consents.
 */
export async function ParticipantDetail({ detail, canRecord, removeId, outcome, today }: Props) {
  const [t, ts, te, tl, locale] = await Promise.all([
    getTranslations("staffRegistrations.participant"),
    getTranslations("staffRegistrations.status"),
    getTranslations("staffEvents"),
    getTranslations("staffRegistrations.ledger.event"),
    getLocale() as Promise<Locale>,
  ]);
  const tt = await getTranslations("staffRegistrations.table");
  const now = new Date();
  const attendance = (r: Detail["registrations"][number]) => {
    if (r.status === "ATTENDED") return r.checkedInAt ? tl("attended", { time: formatDateTime(r.checkedInAt, locale) }) : tl("attendedNoTime");
    if (r.status === "NO_SHOW") return tl("noShow");
    return r.event.startsAt > now ? tl("upcoming") : tl("none");
  };
  const p = detail.participant;
  const none = tt("none");
  const name = p.name ?? (p.anonymized ? tt("anonymized") : tt("unnamed"));
  const reason = (text: string | null) => {
    if (!text) return none;
    const key = `reasons.${text}`;
    return t.has(key) ? t(key as "reasons.signup") : text;
  };

  const facts: [string, string][] = [
    [t("furigana"), p.furigana ?? none],
    ...(detail.view === "full" ? ([[t("email"), p.email ?? none]] as [string, string][]) : []),
    [t("affiliation"), p.affiliation ?? none],
    [t("residence"), residenceLabel(p.prefectureCode, p.municipality, locale) ?? none],
    [t("relationships"), p.relationships.length ? relationshipLabels(p.relationships, locale) : none],
    [t("interests"), p.interests.length ? interestLabels(p.interests, locale) : none],
    ...(detail.view === "full"
      ? ([
          [t("skills"), p.skills?.length ? p.skills.join(locale === "ja" ? "、" : ", ") : none],
          [t("locale"), p.locale === "en" || p.locale === "ja" ? t(`localeName.${p.locale}`) : (p.locale ?? none)],
          [t("createdAt"), p.createdAt ? formatDateTime(p.createdAt, locale) : none],
          [t("lastActiveAt"), p.lastActiveAt ? formatDateTime(p.lastActiveAt, locale) : none],
        ] as [string, string][])
      : []),
  ];

  return (
    <>
      <h1>
        {name}
        <span className="muted staff-detail__kind"> {t("title")}</span>
      </h1>
      {detail.view === "city" ? (
        <p className="notice staff-city-notice" role="note">
          {t("cityNotice")}
        </p>
      ) : null}

      <StageSection stage={detail.stage} />

      <section className="section" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("profile")}</h2>
        <dl className="facts">
          {facts.map(([label, value]) => (
            <div key={label} className="staff-detail__fact">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <RelationshipsSection atEntry={detail.relationshipsAtEntry} now={p.relationships} />

      <section className="section" aria-labelledby="registrations-heading">
        <h2 id="registrations-heading">{t("registrations", { count: detail.registrations.length })}</h2>
        <ol className="staff-detail__registrations">
          {detail.registrations.map((r) => (
            <li key={r.id} className="staff-detail__registration">
              <h3>{localized(r.event.titleJa, r.event.titleEn, locale)}</h3>
              <p className="muted">{formatEventDateRange(r.event.startsAt, r.event.endsAt, locale)}</p>
              <dl className="ledger-event-facts">
                <div>
                  <dt>{tl("area")}</dt>
                  <dd>{te(`area.${r.event.area}`)}</dd>
                </div>
                <div>
                  <dt>{tl("kind")}</dt>
                  <dd>{te(`kind.${r.event.kind}`)}</dd>
                </div>
                <div>
                  <dt>{tl("attendance")}</dt>
                  <dd>{attendance(r)}</dd>
                </div>
              </dl>
              {r.answers && r.answers.length > 0 ? (
                <dl className="ledger-event-facts" aria-label={t("answers")}>
                  {r.answers.map(({ question, answer }) => (
                    <div key={question.id}>
                      <dt>{localized(question.labelJa, question.labelEn, locale)}</dt>
                      <dd className="staff-table__text">{answerLabel(question, answer, locale) ?? none}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              <p>
                <span className={`staff-status staff-status--${r.status.toLowerCase()}`}>{ts(r.status)}</span>{" "}
                <span className="muted">{t("registeredAt", { date: formatDateTime(r.createdAt, locale) })}</span>{" "}
                <Link href={`/admin/events/${r.event.id}/registrations`}>{t("toList")}</Link>
              </p>
              {/* Scrolls sideways on a phone: focusable so a keyboard can scroll it too. */}
              <div
                className="staff-table-scroll"
                role="region"
                aria-label={`${localized(r.event.titleJa, r.event.titleEn, locale)}${locale === "ja" ? "：" : ": "}${t("history")}`}
                tabIndex={0}
              >
                <table className="table staff-history">
                  <caption className="staff-history__caption">{t("history")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("when")}</th>
                      <th scope="col">{t("change")}</th>
                      <th scope="col">{t("by")}</th>
                      <th scope="col">{t("reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.history.map((h) => (
                      <tr key={h.id}>
                        <td className="staff-table__date">{formatDateTime(h.createdAt, locale)}</td>
                        <td>
                          {h.fromStatus ? `${ts(h.fromStatus)} → ${ts(h.toStatus)}` : `${t("created")} → ${ts(h.toStatus)}`}
                        </td>
                        <td>
                          {t(`actor.${h.actorType}`)}
                          {h.actorName ? `（${h.actorName}）` : ""}
                        </td>
                        <td>
                          <div className="staff-table__text">{reason(h.reason)}</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <ActivitiesSection
        participantId={p.id}
        view={detail.view}
        activities={detail.activities}
        canRecord={canRecord}
        removeId={removeId}
        outcome={outcome}
        today={today}
      />

      {detail.view === "full" && detail.surveys ? <SurveysSection surveys={detail.surveys} events={detail.registrations.map((r) => r.event)} /> : null}

      <section className="section" aria-labelledby="consents-heading">
        <h2 id="consents-heading">{t("consents")}</h2>
        {detail.consents.length === 0 ? (
          <p className="empty">{t("noConsents")}</p>
        ) : (
          <ul className="staff-detail__consents">
            {detail.consents.map((c) => (
              <li key={c.id}>
                <strong>{t(`purpose.${c.purpose}` as "purpose.CITY_PROVISION")}</strong>
                {": "}
                {t("granted", { date: formatDateTime(c.grantedAt, locale), version: c.version })}
                {c.withdrawnAt ? (
                  <>
                    {" · "}
                    <span className="staff-detail__withdrawn">{t("withdrawn", { date: formatDateTime(c.withdrawnAt, locale) })}</span>
                  </>
                ) : (
                  <>
                    {" · "}
                    <span className="staff-detail__current">{t("current")}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
