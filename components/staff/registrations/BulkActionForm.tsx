"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { BulkFormState } from "@/lib/registrations/staff/actions";
import { BULK_ACTIONS, type BulkAction } from "@/lib/registrations/staff/schema";
import { BULK_FORM_ID } from "./constants";

type Action = (previous: BulkFormState, formData: FormData) => Promise<BulkFormState>;

/**
 * Bulk approve / decline / promote / cancel. The rows' checkboxes live in the table and join this form
 * through their `form` attribute; each selected row's outcome is listed after the change.
 */
export function BulkActionForm({ action, locked }: { action: Action; /** shown but not choosable (the page says why) */ locked?: readonly BulkAction[] }) {
  const t = useTranslations("staffRegistrations.bulk");
  const ts = useTranslations("staffRegistrations.status");
  const [state, formAction, pending] = useActionState(action, { submission: 0 });
  const errors = state.errors ?? {};
  const formRef = useRef<HTMLFormElement>(null);

  // After a change the table is re-rendered with the new states: clear the old selection and reason (the
  // row checkboxes belong to this form, so reset() clears them too). After an error everything is kept.
  useEffect(() => {
    if (state.results) formRef.current?.reset();
  }, [state.results]);

  const results = state.results ?? [];
  const done = results.filter((r) => r.outcome === "done").length;
  const error = (name: keyof typeof errors) =>
    errors[name] ? (
      <p id={`bulk-${name}-error`} className="field__error">
        {t(`errors.${errors[name]}` as "errors.invalid")}
      </p>
    ) : null;

  return (
    <form
      id={BULK_FORM_ID}
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
      <fieldset className="staff-bulk__fieldset">
        <legend className="field__label">{t("legend")}</legend>
        {error("form")}
        {error("ids")}
        <div className="staff-bulk__controls">
          <div className="staff-bulk__field">
            <label htmlFor="bulk-action" className="field__label">
              {t("action")}
            </label>
            <select
              id="bulk-action"
              name="action"
              defaultValue=""
              className="field__input"
              aria-invalid={errors.action ? true : undefined}
              aria-describedby={errors.action ? "bulk-action-error" : undefined}
            >
              <option value="">{t("choose")}</option>
              {BULK_ACTIONS.map((a) => (
                <option key={a} value={a} disabled={locked?.includes(a)}>
                  {t(a)}
                </option>
              ))}
            </select>
            {error("action")}
          </div>
          <div className="staff-bulk__field staff-bulk__field--wide">
            <label htmlFor="bulk-reason" className="field__label">
              {t("reason")}
            </label>
            <input
              id="bulk-reason"
              name="reason"
              type="text"
              maxLength={500}
              className="field__input"
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={["bulk-reason-help", errors.reason ? "bulk-reason-error" : null].filter(Boolean).join(" ")}
            />
            <p id="bulk-reason-help" className="field__help">
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
                  {t("resultRow", {
                    name: r.name ?? r.id,
                    outcome:
                      r.outcome === "done" && r.to ? t("outcome.doneTo", { status: ts(r.to) }) : t(`outcome.${r.outcome}`),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}
