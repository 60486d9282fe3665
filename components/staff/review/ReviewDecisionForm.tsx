"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ReviewFormState } from "@/lib/registrations/review/actions";
import { REVIEW_DECISIONS } from "@/lib/registrations/review/schema";
import { REVIEW_FORM_ID } from "./constants";

type Action = (previous: ReviewFormState, formData: FormData) => Promise<ReviewFormState>;

/**
 * Approve or decline the ticked applicants (their checkboxes live in the cards and join this form through their
 * `form` attribute); each one's outcome is listed after the change.
 */
export function ReviewDecisionForm({ action, hasApplicants }: { action: Action; hasApplicants: boolean }) {
  const t = useTranslations("staffRegistrations.review");
  const [state, formAction, pending] = useActionState(action, { submission: 0 });
  const errors = state.errors ?? {};
  const formRef = useRef<HTMLFormElement>(null);

  // After a change the queue is re-rendered without the decided applicants: clear the old choice and reason.
  // After an error everything is kept.
  useEffect(() => {
    if (state.results) formRef.current?.reset();
  }, [state.results]);

  const results = state.results ?? [];
  const done = results.filter((r) => r.outcome === "done").length;
  const error = (name: keyof typeof errors) =>
    errors[name] ? (
      <p id={`review-${name}-error`} className="field__error">
        {t(`errors.${errors[name]}` as "errors.invalid")}
      </p>
    ) : null;

  return (
    <form
      id={REVIEW_FORM_ID}
      ref={formRef}
      action={formAction}
      onSubmit={(event) => {
        // Submitted by hand so React does not reset the form (and the selection) when the answer is an error.
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="staff-bulk"
      noValidate
    >
      {/* Once the last applicant is decided the controls go, and the outcome stays in view. */}
      <fieldset className="staff-bulk__fieldset" hidden={!hasApplicants}>
        <legend className="field__label">{t("legend")}</legend>
        {error("form")}
        {error("ids")}
        <div className="staff-bulk__controls">
          <div className="staff-bulk__field">
            <label htmlFor="review-decision-choice" className="field__label">
              {t("decision")}
            </label>
            <select
              id="review-decision-choice"
              name="decision"
              defaultValue=""
              className="field__input"
              aria-invalid={errors.decision ? true : undefined}
              aria-describedby={errors.decision ? "review-decision-error" : undefined}
            >
              <option value="">{t("choose")}</option>
              {REVIEW_DECISIONS.map((d) => (
                <option key={d} value={d}>
                  {t(d)}
                </option>
              ))}
            </select>
            {error("decision")}
          </div>
          <div className="staff-bulk__field staff-bulk__field--wide">
            <label htmlFor="review-reason" className="field__label">
              {t("reason")}
            </label>
            <input
              id="review-reason"
              name="reason"
              type="text"
              maxLength={500}
              className="field__input"
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={["review-reason-help", errors.reason ? "review-reason-error" : null].filter(Boolean).join(" ")}
            />
            <p id="review-reason-help" className="field__help">
              {t("reasonHelp")}
            </p>
            {error("reason")}
          </div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? t("submitting") : t("submit")}
          </button>
        </div>
      </fieldset>
      <div role="status" aria-live="polite">
        {results.length > 0 ? (
          <div className="staff-bulk__results">
            <p>
              <strong>{t("resultTitle", { done, total: results.length })}</strong>
            </p>
            <ul>
              {results.map((r) => (
                <li key={r.id} className={`staff-bulk__result staff-bulk__result--${r.outcome}`}>
                  {t("resultRow", { name: r.name ?? r.id, outcome: t(`outcome.${r.outcome === "done" && r.to ? r.to : r.outcome}`) })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}
