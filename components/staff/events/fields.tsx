"use client";

import { useTranslations } from "next-intl";
import type { FieldError, FieldErrors } from "@/lib/events/staff/schema";

// Form pieces of the event pages: labels with 必須/任意, errors tied to their inputs with aria-describedby,
// and values that survive an error (the action echoes what was sent). Several forms share a page (one per
// question), so every id carries the form's prefix.

export type FormValues = Record<string, string>;

export function useStaffFields(errors: FieldErrors, values: FormValues, prefix = "") {
  const t = useTranslations("staffEvents.errors");
  const errorFor = (name: string): FieldError | undefined =>
    errors[name] ?? Object.entries(errors).find(([key]) => key.startsWith(`${name}.`))?.[1];
  return {
    prefix,
    id: (name: string) => `${prefix}${name}`,
    errorFor,
    message: (error: FieldError | undefined) => (error ? t(error.code as "invalid", (error.params ?? {}) as Record<string, string | number>) : null),
    value: (name: string) => values[name] ?? "",
    checked: (name: string) => values[name] === "on",
    invalid: (name: string) => (errorFor(name) ? true : undefined),
    describedBy: (name: string, help?: boolean) =>
      [help ? `${prefix}${name}-help` : null, errorFor(name) ? `${prefix}${name}-error` : null].filter(Boolean).join(" ") || undefined,
  };
}

export type StaffFields = ReturnType<typeof useStaffFields>;

/** What the shared pieces below need of a form's fields (the event form's, the campaign composer's). */
export type FieldMessages = Pick<StaffFields, "id" | "errorFor" | "message">;

export function Badge({ required }: { required?: boolean }) {
  const t = useTranslations("staffEvents");
  return <span className={required ? "badge badge--required" : "badge"}>{required ? t("required") : t("optional")}</span>;
}

export function Help({ name, text, fields }: { name: string; text?: string | null; fields: FieldMessages }) {
  return text ? (
    <p id={`${fields.id(name)}-help`} className="field__help">
      {text}
    </p>
  ) : null;
}

export function ErrorText({ name, fields }: { name: string; fields: FieldMessages }) {
  const text = fields.message(fields.errorFor(name));
  return text ? (
    <p id={`${fields.id(name)}-error`} className="field__error">
      {text}
    </p>
  ) : null;
}

type TextProps = {
  name: string;
  label: string;
  fields: StaffFields;
  required?: boolean;
  help?: string;
  type?: "text" | "url" | "number";
  rows?: number;
  inputMode?: "numeric" | "url" | "text";
  placeholder?: string;
  autoComplete?: string;
  className?: string;
};

export function TextField({ name, label, fields, required, help, type, rows, inputMode, placeholder, autoComplete, className }: TextProps) {
  const common = {
    id: fields.id(name),
    name,
    defaultValue: fields.value(name),
    className: "field__input",
    placeholder,
    autoComplete: autoComplete ?? "off",
    "aria-required": required,
    "aria-invalid": fields.invalid(name),
    "aria-describedby": fields.describedBy(name, Boolean(help)),
  };
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={fields.id(name)} className="field__label">
        {label} <Badge required={required} />
      </label>
      <Help name={name} text={help} fields={fields} />
      {rows ? <textarea rows={rows} {...common} /> : <input type={type ?? "text"} inputMode={inputMode} {...common} />}
      <ErrorText name={name} fields={fields} />
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  fields: StaffFields;
  options: readonly { id: string; label: string }[];
  required?: boolean;
  help?: string;
}) {
  const { name, fields } = props;
  return (
    <div className="field">
      <label htmlFor={fields.id(name)} className="field__label">
        {props.label} <Badge required={props.required} />
      </label>
      <Help name={name} text={props.help} fields={fields} />
      <select
        id={fields.id(name)}
        name={name}
        defaultValue={fields.value(name)}
        className="field__input"
        aria-required={props.required}
        aria-invalid={fields.invalid(name)}
        aria-describedby={fields.describedBy(name, Boolean(props.help))}
      >
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText name={name} fields={fields} />
    </div>
  );
}

export function CheckboxField({ name, label, help, fields }: { name: string; label: string; help?: string; fields: StaffFields }) {
  return (
    <div className="field">
      <label className="choice choice--block">
        <input
          type="checkbox"
          id={fields.id(name)}
          name={name}
          defaultChecked={fields.checked(name)}
          aria-invalid={fields.invalid(name)}
          aria-describedby={fields.describedBy(name, Boolean(help))}
        />
        <span>{label}</span>
      </label>
      <Help name={name} text={help} fields={fields} />
      <ErrorText name={name} fields={fields} />
    </div>
  );
}

/** A Japan-time date and time: two native inputs (phone pickers), one legend, one error. */
export function DateTimeField({ name, label, fields, required, help }: { name: string; label: string; fields: StaffFields; required?: boolean; help?: string }) {
  const t = useTranslations("staffEvents.form");
  return (
    <fieldset className="field" aria-describedby={fields.describedBy(name, Boolean(help))}>
      <legend className="field__label">
        {label} <Badge required={required} />
      </legend>
      <Help name={name} text={help} fields={fields} />
      <div className="staff-event-datetime">
        <label className="staff-event-datetime__part">
          <span>{t("date")}</span>
          <input
            type="date"
            id={fields.id(`${name}.date`)}
            name={`${name}.date`}
            defaultValue={fields.value(`${name}.date`)}
            className="field__input"
            aria-required={required}
            aria-invalid={fields.invalid(name)}
            aria-describedby={fields.errorFor(name) ? `${fields.id(name)}-error` : undefined}
          />
        </label>
        <label className="staff-event-datetime__part">
          <span>{t("time")}</span>
          <input
            type="time"
            id={fields.id(`${name}.time`)}
            name={`${name}.time`}
            defaultValue={fields.value(`${name}.time`)}
            className="field__input"
            aria-required={required}
            aria-invalid={fields.invalid(name)}
            aria-describedby={fields.errorFor(name) ? `${fields.id(name)}-error` : undefined}
          />
        </label>
      </div>
      <ErrorText name={name} fields={fields} />
    </fieldset>
  );
}

/** The error summary at the top of a form: focused after a failed submission (see the forms' effects). */
export function ErrorSummary({ errors, fields, id }: { errors: FieldErrors; fields: FieldMessages; id: string }) {
  const t = useTranslations("staffEvents");
  const count = Object.keys(errors).length;
  if (count === 0) return null;
  return (
    <div id={id} className="form-error" role="alert" tabIndex={-1}>
      <p>{t("errorSummary", { count })}</p>
      {errors.form ? <p>{fields.message(errors.form)}</p> : null}
    </div>
  );
}
