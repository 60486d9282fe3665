"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { addQuestionAction, updateQuestionAction, type StaffFormState } from "@/lib/events/staff/actions";
import { QUESTION_KINDS } from "@/lib/events/staff/schema";
import { CheckboxField, ErrorSummary, SelectField, TextField, useStaffFields, type FormValues } from "@/components/staff/events/fields";

// One question of the sign-up form, added or edited. Plain form fields, no script needed to use it: choice
// options are rows (the stored ones, then blank rows for new ones; blank rows are ignored), each stored
// option with a "remove" box. Option ids are made on the server and never change.

export type EditableQuestion = {
  id: string;
  values: FormValues; // labelJa, kind, options.0.id … as the form names them
  optionCount: number;
};

const BLANK_ROWS_NEW = 4;
const BLANK_ROWS_EDIT = 2;
const INITIAL: StaffFormState = { submission: 0 };

export function QuestionForm({ eventId, question, label }: { eventId: string; question?: EditableQuestion; label?: string }) {
  const t = useTranslations("staffEvents.questions");
  const [state, action, pending] = useActionState<StaffFormState, FormData>(
    question ? updateQuestionAction.bind(null, eventId, question.id) : addQuestionAction.bind(null, eventId),
    INITIAL,
  );
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const prefix = question ? `q-${question.id}-` : "q-new-";
  const initial: FormValues = question?.values ?? { kind: "TEXT" };
  const fields = useStaffFields(errors, state.values ?? initial, prefix);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!errorCount) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>(`#${prefix}error`))?.focus();
  }, [state.submission, errorCount, prefix]);

  const stored = question?.optionCount ?? 0;
  // After an error the rows come back as they were sent (so a typed new option is not lost).
  const sentRows = state.values ? Object.keys(state.values).filter((k) => /^options\.\d+\.labelJa$/.test(k)).length : 0;
  const rows = Math.max(stored + (question ? BLANK_ROWS_EDIT : BLANK_ROWS_NEW), sentRows);

  const form = (
    <form ref={formRef} action={action} noValidate className="staff-event-question-form" key={state.submission} aria-label={question ? t("editLabel", { label: label ?? "" }) : t("add")}>
      <ErrorSummary errors={errors} fields={fields} id={`${prefix}error`} />
      <SelectField name="kind" label={t("kind")} options={QUESTION_KINDS.map((k) => ({ id: k, label: t(`kinds.${k}`) }))} fields={fields} required help={question ? t("kindHelp") : undefined} />
      <TextField name="labelJa" label={t("labelJa")} fields={fields} required />
      <TextField name="labelEn" label={t("labelEn")} fields={fields} />
      <TextField name="helpJa" label={t("helpJa")} fields={fields} />
      <TextField name="helpEn" label={t("helpEn")} fields={fields} />
      <fieldset className="field" aria-describedby={errors.options ? `${prefix}options-help ${prefix}options-error` : `${prefix}options-help`}>
        <legend className="field__label">{t("options")}</legend>
        <p id={`${prefix}options-help`} className="field__help">
          {t("optionsHelp")}
        </p>
        <ol className="staff-event-options">
          {Array.from({ length: rows }, (_, i) => {
            const id = fields.value(`options.${i}.id`);
            return (
              <li key={i} className="staff-event-options__row">
                {id ? <input type="hidden" name={`options.${i}.id`} value={id} /> : null}
                <TextField name={`options.${i}.labelJa`} label={t("optionJa", { n: i + 1 })} fields={fields} />
                <TextField name={`options.${i}.labelEn`} label={t("optionEn", { n: i + 1 })} fields={fields} />
                {id ? (
                  <label className="choice">
                    <input type="checkbox" name={`options.${i}.remove`} defaultChecked={fields.checked(`options.${i}.remove`)} />
                    <span>{t("optionRemove", { n: i + 1 })}</span>
                  </label>
                ) : null}
              </li>
            );
          })}
        </ol>
        {errors.options ? (
          <p id={`${prefix}options-error`} className="field__error">
            {fields.message(errors.options)}
          </p>
        ) : null}
      </fieldset>
      <CheckboxField name="required" label={t("required")} fields={fields} />
      <CheckboxField name="cityVisible" label={t("cityVisible")} help={t("cityVisibleHelp")} fields={fields} />
      <CheckboxField name="sensitive" label={t("sensitive")} help={t("sensitiveHelp")} fields={fields} />
      <button type="submit" className="button" disabled={pending} aria-busy={pending}>
        {pending ? t("saving") : question ? t("save") : t("addSubmit")}
      </button>
    </form>
  );

  const saved = state.saved ? (
    <p role="status" className="notice">
      {question ? t("saved") : t("added")}
    </p>
  ) : null;
  if (!question) {
    return (
      <>
        {saved}
        {form}
      </>
    );
  }
  return (
    <>
      {saved}
      <details className="staff-event-question__edit" open={errorCount > 0 || undefined} key={state.submission}>
        <summary>{t("edit")}</summary>
        {form}
      </details>
    </>
  );
}
