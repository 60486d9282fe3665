import type { JoinAgain, NextStep } from "@/lib/generated/prisma/enums";

// The survey's fixed choices, shared by the schema and the form (kept apart from the schema so the browser
// bundle does not carry zod). Labels live in the survey messages (lib/i18n/messages/survey.*.json).

export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;
export type Satisfaction = (typeof SATISFACTION_SCORES)[number];

export const JOIN_AGAIN = ["YES", "MAYBE", "NO"] as const satisfies readonly JoinAgain[];

/** In the order the form lists them; NONE ("特になし") last, and never together with another step. */
export const NEXT_STEPS = ["VISIT_OGAKI", "FIELDWORK_TOUR", "SIDE_JOB_PROJECT", "FURUSATO_NOZEI", "NEWSLETTER", "NONE"] as const satisfies readonly NextStep[];

export const COMMENT_MAX = 2000;

export const SURVEY_FIELDS = ["satisfaction", "joinAgain", "nextSteps", "comment"] as const;
export type SurveyField = (typeof SURVEY_FIELDS)[number];

export const SURVEY_ERROR_CODES = ["required", "invalid", "invalid_choice", "none_exclusive", "too_long", "invalid_characters", "unknown_field"] as const;
export type SurveyErrorCode = (typeof SURVEY_ERROR_CODES)[number];
/** The first problem of each field; "form" for what belongs to no field (an unknown key, a wrong shape). */
export type SurveyErrors = Partial<Record<SurveyField | "form", SurveyErrorCode>>;
