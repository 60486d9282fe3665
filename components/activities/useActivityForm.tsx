"use client";

import type { ActivityFormState } from "@/lib/activities/actions";
import { NOTE_MAX, type ActivityField } from "@/lib/activities/options";

type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * What both activity forms (staff on a person's page, the person on their own page) derive from the action's
 * state: the values to show again, the error texts linked to their fields (`<prefix>-<field>-error`, with the
 * help text `<prefix>-<field>-help`), and whether the last submit failed. `t` is scoped to a namespace with the
 * same `errors.*` keys in both places.
 */
export function useActivityForm(state: ActivityFormState, prefix: string, t: Translate, today: string) {
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const failed = errorCount > 0 || state.refused !== undefined;
  const values = state.values ?? { kind: "", occurredOn: "", note: "" };
  // Today is the likeliest day; an emptied field sent back with an error stays empty, as it was sent.
  const day = failed ? values.occurredOn : values.occurredOn || today;

  const message = (field: ActivityField | "form"): string | null => {
    const code = errors[field];
    if (!code) return null;
    if (code === "required" && field === "kind") return t("errors.kindRequired");
    if (code === "too_long") return t("errors.too_long", { max: NOTE_MAX });
    return t(`errors.${code}`);
  };
  const errorText = (field: ActivityField) => {
    const text = message(field);
    return text ? (
      <p id={`${prefix}-${field}-error`} className="field__error">
        {text}
      </p>
    ) : null;
  };
  const describedBy = (field: ActivityField, help: boolean) =>
    [help ? `${prefix}-${field}-help` : null, errors[field] ? `${prefix}-${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return { errors, errorCount, failed, values, day, message, errorText, describedBy };
}
