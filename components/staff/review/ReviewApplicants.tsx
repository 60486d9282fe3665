import { Fragment } from "react";
import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { ReviewApplicant, ReviewQuestion } from "@/lib/registrations/review/data";
import { formatDateTime } from "@/lib/time/format";
import { answerLabel, interestLabels, relationshipLabels, residenceLabel } from "@/components/staff/registrations/format";
import { REVIEW_FORM_ID } from "./constants";

// The pending applicants with every review item, one card each (readable at 1366×768 and on a phone, however
// many questions the event asks). With `selectable`, each card's checkbox joins the decision form.
export async function ReviewApplicants({
  applicants,
  questions,
  locale,
  selectable,
}: {
  applicants: ReviewApplicant[];
  questions: ReviewQuestion[];
  locale: Locale;
  selectable: boolean;
}) {
  const t = await getTranslations("staffRegistrations.review");
  const none = "—";
  return (
    <ul className="review-list" aria-label={t("caption")}>
      {applicants.map((a) => {
        const name = a.participant.anonymized ? t("anonymized") : (a.participant.name ?? none);
        const titleId = `review-${a.id}-name`;
        return (
          <li key={a.id} className="review-card" aria-labelledby={titleId}>
            <div className="review-card__head">
              {selectable ? (
                <input
                  type="checkbox"
                  name="ids"
                  value={a.id}
                  form={REVIEW_FORM_ID}
                  className="review-card__select"
                  aria-label={t("selectRow", { name })}
                />
              ) : null}
              <h3 id={titleId} className="review-card__name">
                {name}
                {a.participant.furigana && !a.participant.anonymized ? <span className="muted">（{a.participant.furigana}）</span> : null}
              </h3>
            </div>
            <dl className="review-card__items">
              <dt>{t("appliedAt")}</dt>
              <dd>{formatDateTime(a.appliedAt, locale)}</dd>
              <dt>{t("affiliation")}</dt>
              <dd>{a.participant.affiliation ?? none}</dd>
              <dt>{t("residence")}</dt>
              <dd>{residenceLabel(a.participant.prefectureCode, a.participant.municipality, locale) ?? none}</dd>
              <dt>{t("relationships")}</dt>
              <dd>{relationshipLabels(a.participant.relationships, locale) || none}</dd>
              <dt>{t("interests")}</dt>
              <dd>{interestLabels(a.participant.interests, locale) || none}</dd>
              {questions.map((q) => (
                <Fragment key={q.id}>
                  <dt>{localized(q.labelJa, q.labelEn, locale)}</dt>
                  <dd className="review-card__text">
                    {answerLabel({ ...q, sensitive: false, archived: false }, a.answers[q.id], locale) ?? none}
                  </dd>
                </Fragment>
              ))}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
