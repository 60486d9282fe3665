"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { FieldLabel } from "@/components/registrations/fields";
import { reportActivityByToken, type ActivityFormState } from "@/lib/activities/actions";
import { useActivityForm } from "@/components/activities/useActivityForm";
import { ACTIVITY_KINDS, EARLIEST_DAY, NOTE_MAX } from "@/lib/activities/options";

// The participant's own report of what they did with Ogaki (phone first: big choices, the native date
// picker). The signed link in the page address is the credential; the server checks everything again.

const INITIAL: ActivityFormState = { submission: 0 };

export function ReportActivityForm({ token, today }: { token: string; today: string }) {
  const t = useTranslations("participant.me.activities");
  const [state, action, pending] = useActionState<ActivityFormState, FormData>(reportActivityByToken.bind(null, token), INITIAL);
  const formRef = useRef<HTMLFormElement>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);
  const { errors, errorCount, failed, values, day, message, errorText, describedBy } = useActivityForm(state, "report", t, today);

  useEffect(() => {
    if (state.submission === 0) return;
    if (state.saved) {
      savedRef.current?.focus();
      return;
    }
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("#report-form-error"))?.focus();
  }, [state.submission, state.saved]);


  return (
    <form ref={formRef} action={action} noValidate className="signup-form" key={state.submission}>
      {state.saved ? (
        <p ref={savedRef} className="outcome" role="status" tabIndex={-1}>
          {t("saved")}
        </p>
      ) : null}
      {failed ? (
        <div id="report-form-error" className="form-error" role="alert" tabIndex={-1}>
          {errorCount > 0 ? <p>{t("errorSummary", { count: errorCount })}</p> : null}
          {errors.form ? <p>{message("form")}</p> : null}
          {state.refused ? <p>{t(`refused.${state.refused}`)}</p> : null}
        </div>
      ) : null}

      <section className="form-section">
        <fieldset className="field" aria-describedby={describedBy("kind", false)}>
          <FieldLabel text={t("kind")} required />
          <div className="choices">
            {ACTIVITY_KINDS.map((kind, i) => (
              <label key={kind} className="choice choice--block">
                <input type="radio" name="kind" value={kind} defaultChecked={values.kind === kind} aria-invalid={i === 0 && errors.kind ? true : undefined} />
                <span>{t(`kinds.${kind}`)}</span>
              </label>
            ))}
          </div>
          {errorText("kind")}
        </fieldset>
        <div className="field">
          <FieldLabel htmlFor="report-occurredOn" text={t("occurredOn")} required />
          <p id="report-occurredOn-help" className="field__help">
            {t("occurredOnHelp")}
          </p>
          <input
            type="date"
            id="report-occurredOn"
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
        <div className="field">
          <FieldLabel htmlFor="report-note" text={t("note")} />
          <p id="report-note-help" className="field__help">
            {t("noteHelp", { max: NOTE_MAX })}
          </p>
          <textarea
            id="report-note"
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
        <div className="purpose" role="note">
          <p>{t("purpose")}</p>
        </div>
      </section>

      <button type="submit" className="button button--wide" disabled={pending} aria-busy={pending}>
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
