import { z } from "zod";
import {
  COMMENT_MAX,
  JOIN_AGAIN,
  NEXT_STEPS,
  SURVEY_ERROR_CODES,
  SURVEY_FIELDS,
  type Satisfaction,
  type SurveyErrorCode,
  type SurveyErrors,
  type SurveyField,
} from "@/lib/surveys/options";

// The post-event survey: one schema for the form's server action (and anything else that submits answers).
// Errors carry codes, not sentences; the survey page turns them into Japanese or English (survey.errors.*).

export * from "@/lib/surveys/options";

// Control characters other than tab and line feed (carriage returns are folded into line feeds first).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

// Radio values arrive as strings; a phone keyboard in Japanese mode may send full-width digits ("４").
const satisfaction = z.unknown().transform((value, ctx): Satisfaction => {
  if (isBlank(value)) {
    ctx.addIssue({ code: "custom", message: "required" });
    return z.NEVER;
  }
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.normalize("NFKC").trim() : "";
  if (!/^[1-5]$/.test(text)) {
    ctx.addIssue({ code: "custom", message: "invalid_choice" });
    return z.NEVER;
  }
  return Number(text) as Satisfaction;
});

const joinAgain = z.preprocess(
  (value) => (isBlank(value) ? undefined : value),
  z.enum(JOIN_AGAIN, { error: (issue) => (issue.input === undefined ? "required" : "invalid_choice") }),
);

const nextSteps = z
  .preprocess(
    (value) => (value === undefined || value === null ? [] : typeof value === "string" ? [value] : value),
    z.array(z.enum(NEXT_STEPS, { error: "invalid_choice" }), { error: "invalid" }),
  )
  // A form sent twice with the same box (or a crafted request) stores each step once.
  .transform((steps) => NEXT_STEPS.filter((step) => steps.includes(step)))
  .refine((steps) => steps.length > 0, { error: "required" })
  .refine((steps) => !steps.includes("NONE") || steps.length === 1, { error: "none_exclusive" });

const comment = z
  .preprocess((value) => (value === undefined || value === null ? "" : value), z.string({ error: "invalid" }))
  // Browsers send a textarea's line breaks as CRLF; counted as one character, as the person saw them.
  .transform((text) => text.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().max(COMMENT_MAX, { error: "too_long" }))
  .refine((text) => !CONTROL.test(text), { error: "invalid_characters" })
  .transform((text) => (text === "" ? null : text));

export const surveySchema = z.strictObject(
  { satisfaction, joinAgain, nextSteps, comment },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "unknown_field" : "invalid") },
);

export type SurveyInput = z.output<typeof surveySchema>;

function isCode(message: string): message is SurveyErrorCode {
  return (SURVEY_ERROR_CODES as readonly string[]).includes(message);
}

/** The zod error as one code per field (an error on `nextSteps.2` belongs to `nextSteps`). */
export function surveyErrors(error: z.ZodError): SurveyErrors {
  const errors: SurveyErrors = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = issue.code !== "unrecognized_keys" && (SURVEY_FIELDS as readonly unknown[]).includes(head) ? (head as SurveyField) : "form";
    errors[field] ??= isCode(issue.message) ? issue.message : "invalid";
  }
  return errors;
}

export type SurveyParse = { ok: true; data: SurveyInput } | { ok: false; errors: SurveyErrors };

export function parseSurvey(input: unknown): SurveyParse {
  const parsed = surveySchema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: surveyErrors(parsed.error) };
}
