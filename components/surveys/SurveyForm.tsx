"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { FieldLabel } from "@/components/registrations/fields";
import { submitSurveyByToken, type SurveyFormState, type SurveyFormValues } from "@/lib/surveys/actions";
import { COMMENT_MAX, JOIN_AGAIN, NEXT_STEPS, SATISFACTION_SCORES, type SurveyField } from "@/lib/surveys/options";

type Props = {
  token: string;
  /** The answers already given (the link opened again), or empty ones. */
  initial: SurveyFormValues;
  answered: boolean;
};

type Choice = { value: string; label: string };

export function SurveyForm({ token, initial, answered }: Props) {
  const t = useTranslations("survey");
  const [state, action, pending] = useActionState<SurveyFormState, FormData>(submitSurveyByToken.bind(null, token), { submission: 0 });
  // "Change my answers" after a submit shows the form again until the next submit.
  const [editingAfter, setEditingAfter] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const thanksRef = useRef<HTMLHeadingElement>(null);

  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const thanks = state.saved === true && state.submission > editingAfter;
  const values = state.values ?? initial;
  const hasAnswers = answered || state.saved === true;

  // Keyboard and screen-reader users land on the first answer to fix, or on the thank-you.
  useEffect(() => {
    if (state.submission === 0) return;
    if (thanks) {
      thanksRef.current?.focus();
      return;
    }
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("#survey-form-error"))?.focus();
  }, [state.submission, thanks]);

  if (thanks) {
    return (
      <div className="outcome" role="status">
        <h2 ref={thanksRef} tabIndex={-1}>
          {t("thanksTitle")}
        </h2>
        <p>{t("thanksBody")}</p>
        <p className="button-row">
          <button type="button" className="button button--secondary" onClick={() => setEditingAfter(state.submission)}>
            {t("thanksUpdate")}
          </button>
          <Link href="/events" className="button button--secondary">
            {t("eventsLink")}
          </Link>
        </p>
      </div>
    );
  }

  const message = (field: SurveyField | "form"): string | null => {
    const code = errors[field];
    if (!code) return null;
    if (code === "required" && field !== "form" && field !== "comment") return t(`required.${field}`);
    if (code === "too_long") return t("errors.too_long", { max: COMMENT_MAX });
    return t(`errors.${code === "required" ? "invalid" : code}`);
  };
  const errorText = (field: SurveyField) => {
    const text = message(field);
    return text ? (
      <p id={`${field}-error`} className="field__error">
        {text}
      </p>
    ) : null;
  };
  const describedBy = (field: SurveyField, help = false) =>
    [help ? `${field}-help` : null, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;

  const group = (field: Exclude<SurveyField, "comment">, legend: string, choices: Choice[], options: { multiple?: boolean; help?: string } = {}) => {
    const invalid = errors[field] ? true : undefined;
    const selected = (value: string) => (field === "nextSteps" ? values.nextSteps.includes(value) : values[field] === value);
    return (
      <fieldset className="field" aria-describedby={describedBy(field, Boolean(options.help))}>
        <FieldLabel text={legend} required />
        {options.help ? (
          <p id={`${field}-help`} className="field__help">
            {options.help}
          </p>
        ) : null}
        <div className="choices">
          {choices.map((choice, i) => (
            <label key={choice.value} className="choice choice--block">
              <input
                type={options.multiple ? "checkbox" : "radio"}
                name={field}
                value={choice.value}
                defaultChecked={selected(choice.value)}
                aria-invalid={i === 0 ? invalid : undefined}
              />
              <span>{choice.label}</span>
            </label>
          ))}
        </div>
        {errorText(field)}
      </fieldset>
    );
  };

  const refusal = state.refused ? t(`refused.${state.refused}`) : null;

  return (
    <form ref={formRef} action={action} noValidate className="signup-form" key={state.submission}>
      {errorCount > 0 || refusal ? (
        <div id="survey-form-error" className="form-error" role="alert" tabIndex={-1}>
          {errorCount > 0 ? <p>{t("errorSummary", { count: errorCount })}</p> : null}
          {errors.form ? <p>{message("form")}</p> : null}
          {refusal ? <p>{refusal}</p> : null}
        </div>
      ) : null}

      <section className="form-section">
        {group(
          "satisfaction",
          t("satisfaction"),
          SATISFACTION_SCORES.map((score) => ({ value: String(score), label: t(`satisfactionLabels.${score}`) })),
        )}
        {group(
          "joinAgain",
          t("joinAgain"),
          JOIN_AGAIN.map((value) => ({ value, label: t(`joinAgainLabels.${value}`) })),
        )}
        {group(
          "nextSteps",
          t("nextSteps"),
          NEXT_STEPS.map((value) => ({ value, label: t(`nextStepLabels.${value}`) })),
          { multiple: true, help: t("nextStepsHelp") },
        )}
        <div className="field">
          <FieldLabel htmlFor="comment" text={t("comment")} />
          <p id="comment-help" className="field__help">
            {t("commentHelp", { max: COMMENT_MAX })}
          </p>
          <textarea
            id="comment"
            name="comment"
            rows={5}
            maxLength={COMMENT_MAX}
            defaultValue={values.comment}
            className="field__input"
            aria-invalid={errors.comment ? true : undefined}
            aria-describedby={describedBy("comment", true)}
          />
          {errorText("comment")}
        </div>
        <div className="purpose" role="note">
          <p>{t("purpose")}</p>
        </div>
      </section>

      <button type="submit" className="button button--wide" disabled={pending} aria-busy={pending}>
        {pending ? t("submitting") : t(hasAnswers ? "update" : "submit")}
      </button>
    </form>
  );
}
