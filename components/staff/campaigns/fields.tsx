"use client";

import { useTranslations } from "next-intl";
import { Badge, ErrorText, Help } from "@/components/staff/events/fields";
import type { FieldError, FieldErrors } from "@/lib/campaigns/schema";

// Form pieces of the campaign pages. Labels (必須/任意), help, errors and the error summary are the event form's
// (components/staff/events/fields.tsx); errors are codes from lib/campaigns/schema.ts shown through
// staffCampaigns.errors.*, tied to their inputs with aria-describedby.
export { Badge, ErrorSummary, ErrorText } from "@/components/staff/events/fields";

export function useCampaignFields(errors: FieldErrors, prefix = "campaign-") {
  const t = useTranslations("staffCampaigns.errors");
  return {
    id: (name: string) => `${prefix}${name}`,
    errorFor: (name: string): FieldError | undefined => errors[name],
    message: (error: FieldError | undefined) => (error ? t(error.code as "invalid", { max: 0, field: "", others: 0, ...(error.params ?? {}) }) : null),
    invalid: (name: string) => (errors[name] ? true : undefined),
    describedBy: (name: string, help?: boolean) =>
      [help ? `${prefix}${name}-help` : null, errors[name] ? `${prefix}${name}-error` : null].filter(Boolean).join(" ") || undefined,
  };
}

export type CampaignFields = ReturnType<typeof useCampaignFields>;

export function TextInput(props: {
  name: string;
  label: string;
  fields: CampaignFields;
  defaultValue: string;
  required?: boolean;
  help?: string;
  rows?: number;
}) {
  const { name, fields } = props;
  const common = {
    id: fields.id(name),
    name,
    defaultValue: props.defaultValue,
    className: "field__input",
    autoComplete: "off",
    "aria-required": props.required,
    "aria-invalid": fields.invalid(name),
    "aria-describedby": fields.describedBy(name, Boolean(props.help)),
  };
  return (
    <div className="field">
      <label htmlFor={fields.id(name)} className="field__label">
        {props.label} <Badge required={props.required} />
      </label>
      <Help name={name} text={props.help} fields={fields} />
      {props.rows ? <textarea rows={props.rows} {...common} /> : <input type="text" {...common} />}
      <ErrorText name={name} fields={fields} />
    </div>
  );
}

/** A group of checkboxes sending one value per ticked box; none ticked means "any". */
export function CheckboxGroup(props: {
  name: string;
  legend: string;
  help?: string;
  fields: CampaignFields;
  options: readonly { id: string; label: string; sub?: string }[];
  checked: readonly string[];
  block?: boolean;
}) {
  const { name, fields } = props;
  const checked = new Set(props.checked);
  return (
    <fieldset className="field" aria-describedby={fields.describedBy(name, Boolean(props.help))}>
      <legend className="field__label">{props.legend}</legend>
      <Help name={name} text={props.help} fields={fields} />
      <div className={props.block ? "staff-campaign-choices" : "choices"}>
        {props.options.map((option, i) => (
          <label key={option.id} className={props.block ? "choice choice--block" : "choice"}>
            <input
              type="checkbox"
              name={name}
              value={option.id}
              defaultChecked={checked.has(option.id)}
              aria-invalid={i === 0 ? fields.invalid(name) : undefined}
            />
            <span>
              {option.label}
              {option.sub ? <span className="staff-campaign-choice__sub">{option.sub}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <ErrorText name={name} fields={fields} />
    </fieldset>
  );
}

