"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { recordActivityAction, type ActivityFormState } from "@/lib/activities/actions";
import { useActivityForm } from "@/components/activities/useActivityForm";
import { ACTIVITY_KINDS, EARLIEST_DAY, NOTE_MAX } from "@/lib/activities/options";
import type { RegistrationView } from "@/lib/registrations/staff/city";

// Recording an activity on a person's page. The server decides everything (the day is checked against today
// in Japan there too); the browser's date picker only offers the same range. After a save the page
// re-renders with the new row and stage, and the form starts empty again.

const INITIAL: ActivityFormState = { submission: 0 };

export function RecordActivityForm({ participantId, view, today }: { participantId: string; view: RegistrationView; today: string }) {
  const t = useTranslations("staffRegistrations.ledger.activities");
  const [state, action, pending] = useActionState<ActivityFormState, FormData>(recordActivityAction.bind(null, participantId), INITIAL);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, errorCount, failed, values, day, message, errorText, describedBy } = useActivityForm(state, "activity", t, today);

  useEffect(() => {
    if (!failed) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("#activity-form-error"))?.focus();
  }, [state.submission, failed]);

  const badge = (required: boolean) => <span className={required ? "badge badge--required" : "badge"}>{required ? t("form.required") : t("form.optional")}</span>;

  return (
    <form ref={formRef} action={action} noValidate className="ledger-form" key={state.submission} aria-labelledby="record-activity-heading">
      <h3 id="record-activity-heading">{t("form.title")}</h3>
      {state.saved ? (
        <p className="outcome" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      {failed ? (
        <div id="activity-form-error" className="form-error" role="alert" tabIndex={-1}>
          {errorCount > 0 ? <p>{t("form.errorSummary", { count: errorCount })}</p> : null}
          {errors.form ? <p>{message("form")}</p> : null}
          {state.refused ? <p>{t(`refused.${state.refused}`)}</p> : null}
        </div>
      ) : null}

      <div className="ledger-form__row">
        <div className="field">
          <label htmlFor="activity-kind" className="field__label">
            {t("form.kind")} {badge(true)}
          </label>
          <select
            id="activity-kind"
            name="kind"
            defaultValue={values.kind}
            className="field__input"
            aria-required
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={describedBy("kind", false)}
          >
            <option value="">{t("form.choose")}</option>
            {ACTIVITY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
          {errorText("kind")}
        </div>
        <div className="field">
          <label htmlFor="activity-occurredOn" className="field__label">
            {t("form.occurredOn")} {badge(true)}
          </label>
          <p id="activity-occurredOn-help" className="field__help">
            {t("form.occurredOnHelp")}
          </p>
          <input
            type="date"
            id="activity-occurredOn"
            name="occurredOn"
            defaultValue={day}
            min={EARLIEST_DAY}
            max={today}
            className="field__input"
            aria-required
            aria-invalid={errors.occurredOn ? true : undefined}
            aria-describedby={describedBy("occurredOn", true)}
          />
          {errorText("occurredOn")}
        </div>
      </div>
      <div className="field">
        <label htmlFor="activity-note" className="field__label">
          {t("form.note")} {badge(false)}
        </label>
        <p id="activity-note-help" className="field__help">
          {t(view === "city" ? "form.noteHelpCity" : "form.noteHelpWdl", { max: NOTE_MAX })}
        </p>
        <textarea
          id="activity-note"
          name="note"
          rows={3}
          maxLength={NOTE_MAX}
          defaultValue={values.note}
          className="field__input"
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={describedBy("note", true)}
        />
        {errorText("note")}
      </div>
      <button type="submit" className="button" disabled={pending} aria-busy={pending}>
        {pending ? t("form.submitting") : t("form.submit")}
      </button>
    </form>
  );
}
