import { getLocale, getTranslations } from "next-intl/server";
import { formatDay } from "@/lib/activities/dates";
import type { Locale } from "@/lib/i18n/config";
import type { PersonStage } from "@/lib/insights/data";
import { holds, reached, STAGES } from "@/lib/insights/stages";

/**
 * Where the person stands on the ladder 関心 → 参加 → 継続 → 訪問 → 関与, derived (never typed), with each
 * rung marked in words as well as colour, and the "premium" bar (3+ activities in 12 months).
 */
export async function StageSection({ stage }: { stage: PersonStage | null }) {
  const [t, locale] = await Promise.all([getTranslations("staffRegistrations.ledger.stage"), getLocale() as Promise<Locale>]);
  const current = stage?.stage ?? null;
  const activities = stage?.facts.activitiesLast12Months ?? 0;

  return (
    <section className="section" aria-labelledby="stage-heading">
      <h2 id="stage-heading">{t("title")}</h2>
      <div className="ledger-stage">
        <p className="ledger-stage__current">
          <span className="ledger-stage__label">{t("current")}</span>{" "}
          {current ? <strong className="ledger-stage__name">{t(`names.${current}`)}</strong> : <span>{t("none")}</span>}
          {stage?.premium ? <span className="ledger-premium">{t("premium")}</span> : null}
        </p>
        <p className="ledger-stage__premium">{t(stage?.premium ? "premiumYes" : "premiumNo", { count: activities })}</p>
        {stage ? (
          <p className="muted ledger-stage__facts">
            {t("facts", { date: formatDay(stage.asOf, locale), registrations: stage.facts.registrations, attended: stage.facts.attended })}
          </p>
        ) : null}
        <ol className="ledger-ladder" aria-label={t("ladder")}>
          {STAGES.map((rung) => {
            const done = reached(current, rung);
            const here = rung === current;
            // e.g. a reported visit without two events attended: 継続 counts as reached, and says why.
            const passedOver = done && stage !== null && !holds(rung, stage.facts);
            return (
              <li
                key={rung}
                className={`ledger-ladder__rung${done ? " ledger-ladder__rung--reached" : ""}${here ? " ledger-ladder__rung--current" : ""}`}
                aria-current={here ? "step" : undefined}
              >
                <span className="ledger-ladder__name">{t(`names.${rung}`)}</span>
                <span className="ledger-ladder__mark">
                  {done ? (passedOver ? t("reachedByLater") : t("reached")) : t("notReached")}
                  {here ? `${locale === "ja" ? "・" : " · "}${t("here")}` : ""}
                </span>
                <span className="ledger-ladder__condition">{t(`conditions.${rung}`)}</span>
              </li>
            );
          })}
        </ol>
        <p className="muted ledger-stage__lead">{t("lead")}</p>
        <p className="muted ledger-stage__lead">{t("premiumHelp")}</p>
      </div>
    </section>
  );
}
