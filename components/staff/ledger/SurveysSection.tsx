import { getLocale, getTranslations } from "next-intl/server";
import { formatDay } from "@/lib/activities/dates";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { ParticipantDetail } from "@/lib/registrations/staff/data";
import { formatDateTime } from "@/lib/time/format";

type Props = {
  surveys: NonNullable<ParticipantDetail["surveys"]>;
  events: ParticipantDetail["registrations"][number]["event"][];
};

/**
 * Organisers only: each post-event survey (satisfaction, join again, comment) and, for every next step the
 * person chose, what came of it (lib/insights/next-steps.ts): done (when, by what), not yet, or nothing to
 * follow.
 */
export async function SurveysSection({ surveys, events }: Props) {
  const [t, tActivity, tSurvey, locale] = await Promise.all([
    getTranslations("staffRegistrations.ledger.surveys"),
    getTranslations("staffRegistrations.ledger.activities"),
    getTranslations("survey"),
    getLocale() as Promise<Locale>,
  ]);
  const byId = new Map(events.map((e) => [e.id, e]));

  return (
    <section className="section" aria-labelledby="surveys-heading">
      <h2 id="surveys-heading">{t("title")}</h2>
      <p className="muted">{t("lead")}</p>
      {surveys.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <ol className="staff-detail__registrations">
          {surveys.map((s) => {
            const event = byId.get(s.eventId);
            return (
              <li key={s.id} className="staff-detail__registration">
                <h3>{event ? localized(event.titleJa, event.titleEn, locale) : t("unknownEvent")}</h3>
                <p className="muted">{t("submittedAt", { date: formatDateTime(s.submittedAt, locale) })}</p>
                <dl className="ledger-survey">
                  <div>
                    <dt>{t("satisfaction")}</dt>
                    <dd>{t("satisfactionValue", { score: s.satisfaction })}</dd>
                  </div>
                  <div>
                    <dt>{t("joinAgain")}</dt>
                    <dd>{tSurvey(`joinAgainLabels.${s.joinAgain}`)}</dd>
                  </div>
                  <div>
                    <dt>{t("comment")}</dt>
                    <dd className="ledger-survey__comment">{s.comment ?? t("noComment")}</dd>
                  </div>
                </dl>
                <div
                  className="staff-table-scroll"
                  role="region"
                  aria-label={`${event ? localized(event.titleJa, event.titleEn, locale) : t("unknownEvent")}${locale === "ja" ? "：" : ": "}${t("caption")}`}
                  tabIndex={0}
                >
                  <table className="table ledger-steps">
                    <caption className="staff-history__caption">{t("caption")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("step")}</th>
                        <th scope="col">{t("outcome")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.outcomes.map((o) => {
                        let text: string;
                        if (o.state === "nothing_to_follow") text = t("nothingToFollow");
                        else if (o.state === "pending") text = t("pending");
                        else {
                          const by = o.by;
                          const what =
                            by.type === "activity"
                              ? t("what.activity", { kind: tActivity(`kind.${by.activity.kind}`) })
                              : by.type === "event"
                                ? t("what.event", { title: localized(by.event.titleJa, by.event.titleEn, locale) })
                                : t(`what.${by.purpose}`);
                          text = t("realised", { day: formatDay(by.on, locale), what });
                        }
                        return (
                          <tr key={o.step}>
                            <th scope="row">{tSurvey(`nextStepLabels.${o.step}`)}</th>
                            <td className={`ledger-steps__outcome ledger-steps__outcome--${o.state}`}>{text}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
