"use server";

import { expectActionArgs } from "@/lib/server/action-input";
import { submitSurvey } from "@/lib/surveys/mutations";
import { parseSurvey, type SurveyErrors } from "@/lib/surveys/schema";
import { resolveSurveyToken } from "@/lib/surveys/token";

// The survey form's action. The link's token is the only credential (people answer without an account): it is
// checked again on every submit, and only a POST changes anything (a mail scanner opening the link does not).
// Nothing to revalidate: the survey page is rendered per request and never cached, and re-rendering it here
// would only repeat the thank-you as an "already answered" note above it.

export type SurveyFormValues = { satisfaction: string; joinAgain: string; nextSteps: string[]; comment: string };

export type SurveyFormState = {
  submission: number;
  saved?: boolean;
  errors?: SurveyErrors;
  refused?: "not_found" | "not_attended";
  values?: SurveyFormValues;
};

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export async function submitSurveyByToken(token: string, previous: SurveyFormState, formData: FormData): Promise<SurveyFormState> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  const values: SurveyFormValues = {
    satisfaction: text(formData.get("satisfaction")),
    joinAgain: text(formData.get("joinAgain")),
    nextSteps: formData.getAll("nextSteps").filter((v): v is string => typeof v === "string"),
    comment: text(formData.get("comment")),
  };
  const registrationId = await resolveSurveyToken(token);
  if (!registrationId) return { ...next, refused: "not_found", values };
  const parsed = parseSurvey(values);
  if (!parsed.ok) return { ...next, errors: parsed.errors, values };
  const result = await submitSurvey(registrationId, parsed.data);
  if (!result.ok) return { ...next, refused: result.reason, values };
  return { ...next, saved: true, values };
}
