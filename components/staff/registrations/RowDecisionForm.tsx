"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";

/** What the bulk-action and review-decision actions answer: field errors, or one outcome per ticked row. */
export type RowDecisionState = {
  submission: number;
  errors?: Partial<Record<string, string>>;
  results?: RowResult[];
};
type RowResult = { id: string; name?: string | null; outcome: string; to?: string | null };

type Props = {
  // A method signature: each form's action answers its own, narrower state.
  action(previous: RowDecisionState, formData: FormData): Promise<RowDecisionState>;
  /** The form's id: the rows' checkboxes (in the table or the cards) join it through their `form` attribute. */
  formId: string;
  /** Prefix of the element ids (`<prefix>-<field>`, `<prefix>-reason`, their error ids). */
  idPrefix: string;
  /** The choice's field name; its label is the namespace's message of the same key. */
  field: string;
  choices: readonly string[];
  /** Shown but not choosable (the page says why). */
  locked?: readonly string[];
  namespace: "staffRegistrations.bulk" | "staffRegistrations.review";
  /** Hides the controls (the outcome of the last change stays in view). */
  hidden?: boolean;
  outcomeLabel: (result: RowResult) => string;
};

/**
 * Choose what to do with the ticked rows, with a reason where one is needed; each row's outcome is listed after
 * the change. Used by the registrations table (bulk actions) and the review queue (approve / decline).
 */
export function RowDecisionForm({ action, formId, idPrefix, field, choices, locked, namespace, hidden, outcomeLabel }: Props) {
  const t = useTranslations(namespace);
  const [state, formAction, pending] = useActionState(action, { submission: 0 });
  const errors: Partial<Record<string, string>> = state.errors ?? {};
  const formRef = useRef<HTMLFormElement>(null);

  // After a change the rows are re-rendered with their new states: clear the old selection and reason (the
  // row checkboxes belong to this form, so reset() clears them too). After an error everything is kept.
  useEffect(() => {
    if (state.results) formRef.current?.reset();
  }, [state.results]);

  const results = state.results ?? [];
  const done = results.filter((r) => r.outcome === "done").length;
  const error = (name: string) =>
    errors[name] ? (
      <p id={`${idPrefix}-${name}-error`} className="field__error">
        {t(`errors.${errors[name]}` as "errors.invalid")}
      </p>
    ) : null;
  const choiceId = idPrefix === "bulk" ? "bulk-action" : `${idPrefix}-${field}-choice`;

  return (
    <form
      id={formId}
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
      <fieldset className="staff-bulk__fieldset" hidden={hidden}>
        <legend className="field__label">{t("legend")}</legend>
        {error("form")}
        {error("ids")}
        <div className="staff-bulk__controls">
          <div className="staff-bulk__field">
            <label htmlFor={choiceId} className="field__label">
              {t(field as "legend")}
            </label>
            <select
              id={choiceId}
              name={field}
              defaultValue=""
              className="field__input"
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `${idPrefix}-${field}-error` : undefined}
            >
              <option value="">{t("choose")}</option>
              {choices.map((choice) => (
                <option key={choice} value={choice} disabled={locked?.includes(choice)}>
                  {t(choice as "legend")}
                </option>
              ))}
            </select>
            {error(field)}
          </div>
          <div className="staff-bulk__field staff-bulk__field--wide">
            <label htmlFor={`${idPrefix}-reason`} className="field__label">
              {t("reason")}
            </label>
            <input
              id={`${idPrefix}-reason`}
              name="reason"
              type="text"
              maxLength={500}
              className="field__input"
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={[`${idPrefix}-reason-help`, errors.reason ? `${idPrefix}-reason-error` : null].filter(Boolean).join(" ")}
            />
            <p id={`${idPrefix}-reason-help`} className="field__help">
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
                  {t("resultRow", { name: r.name ?? r.id, outcome: outcomeLabel(r) })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}
