"use client";

import { useTranslations } from "next-intl";
import type { FormQuestion } from "@/lib/registrations/questions";
import { ANSWER_MAX } from "@/lib/registrations/limits";
import type { FieldError, FieldErrors } from "@/lib/registrations/schema";

// Form pieces shared by the sign-up form and the manage page: labels with 必須/任意, errors tied to their
// inputs with aria-describedby, and the event's own questions.

export type { FormQuestion };

export type FormValues = Record<string, string | string[]>;

export function useFieldHelpers(errors: FieldErrors, values: FormValues) {
  const te = useTranslations("fieldErrors");
  const errorFor = (name: string): FieldError | undefined =>
    errors[name] ?? Object.entries(errors).find(([key]) => key.startsWith(`${name}.`))?.[1];
  return {
    errorFor,
    /** `choice`: a select or a group of options, where "fill this in" would be the wrong request. */
    message: (error: FieldError | undefined, options: { choice?: boolean } = {}) =>
      error
        ? te((options.choice && error.code === "required" ? "required_choice" : error.code) as "required", (error.params ?? {}) as Record<string, string | number>)
        : null,
    value: (name: string) => (typeof values[name] === "string" ? (values[name] as string) : ""),
    list: (name: string) =>
      Array.isArray(values[name]) ? (values[name] as string[]) : typeof values[name] === "string" && values[name] ? [values[name] as string] : [],
    describedBy: (name: string, help?: boolean) =>
      [help ? `${name}-help` : null, errorFor(name) ? `${name}-error` : null].filter(Boolean).join(" ") || undefined,
  };
}

export type FieldHelpers = ReturnType<typeof useFieldHelpers>;

export function FieldLabel({ htmlFor, text, required }: { htmlFor?: string; text: string; required?: boolean }) {
  const t = useTranslations("signup");
  const badge = <span className={required ? "badge badge--required" : "badge"}>{required ? t("required") : t("optional")}</span>;
  return htmlFor ? (
    <label htmlFor={htmlFor} className="field__label">
      {text} {badge}
    </label>
  ) : (
    <legend className="field__label">
      {text} {badge}
    </legend>
  );
}

export function FieldErrorText({ name, helpers, choice }: { name: string; helpers: FieldHelpers; choice?: boolean }) {
  const text = helpers.message(helpers.errorFor(name), { choice });
  return text ? (
    <p id={`${name}-error`} className="field__error">
      {text}
    </p>
  ) : null;
}

export function CheckboxGroup(props: {
  name: string;
  legend: string;
  options: readonly { id: string; label: string }[];
  required?: boolean;
  helpers: FieldHelpers;
  type?: "checkbox" | "radio";
  help?: string | null;
}) {
  const { name, helpers } = props;
  const invalid = helpers.errorFor(name) ? true : undefined;
  const checked = (id: string) => (props.type === "radio" ? helpers.value(name) === id : helpers.list(name).includes(id));
  return (
    <fieldset className="field" aria-describedby={helpers.describedBy(name, Boolean(props.help))}>
      <FieldLabel text={props.legend} required={props.required} />
      {props.help ? (
        <p id={`${name}-help`} className="field__help">
          {props.help}
        </p>
      ) : null}
      <div className="choices">
        {props.options.map((option, i) => (
          <label key={option.id} className="choice">
            <input
              // The first option carries the field's id: the error summary links to it.
              id={i === 0 ? name : undefined}
              type={props.type ?? "checkbox"}
              name={name}
              value={option.id}
              defaultChecked={checked(option.id)}
              aria-invalid={i === 0 ? invalid : undefined}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <FieldErrorText name={name} helpers={helpers} choice />
    </fieldset>
  );
}

export function QuestionField({ question: q, helpers }: { question: FormQuestion; helpers: FieldHelpers }) {
  const name = `answers.${q.id}`;
  if (q.kind === "MULTI_CHOICE" || q.kind === "SINGLE_CHOICE") {
    return (
      <CheckboxGroup
        name={name}
        legend={q.label}
        options={q.options}
        required={q.required}
        helpers={helpers}
        help={q.help}
        type={q.kind === "SINGLE_CHOICE" ? "radio" : "checkbox"}
      />
    );
  }
  const common = {
    id: name,
    name,
    // The schema's limits (lib/registrations/schema.ts): the browser stops typing where the server would refuse.
    maxLength: q.kind === "TEXTAREA" ? ANSWER_MAX.TEXTAREA : ANSWER_MAX.TEXT,
    defaultValue: helpers.value(name),
    className: "field__input",
    "aria-required": q.required,
    "aria-invalid": helpers.errorFor(name) ? true : undefined,
    "aria-describedby": helpers.describedBy(name, Boolean(q.help)),
  };
  return (
    <div className="field">
      <FieldLabel htmlFor={name} text={q.label} required={q.required} />
      {q.help ? (
        <p id={`${name}-help`} className="field__help">
          {q.help}
        </p>
      ) : null}
      {q.kind === "TEXTAREA" ? <textarea rows={4} {...common} /> : <input type="text" {...common} />}
      <FieldErrorText name={name} helpers={helpers} />
    </div>
  );
}
