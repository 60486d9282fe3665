import type { ActivityKind, ActivitySource } from "@/lib/generated/prisma/enums";

// The activity form's fixed choices, shared by the schema, the staff form and the participant's form (kept
// apart from the schema so the browser bundle does not carry zod). Labels live in the messages
// (staffRegistrations.ledger.activityKind.*, participant.activities.kind.*).

/** In the order the forms list them: the ledger's deeper ties first, "other" last. */
export const ACTIVITY_KINDS = [
  "VISIT_OGAKI",
  "FURUSATO_NOZEI",
  "VOLUNTEER",
  "SIDE_JOB",
  "CITY_PROJECT",
  "RELOCATION",
  "OTHER",
] as const satisfies readonly ActivityKind[];

export const ACTIVITY_SOURCES = ["SELF_REPORTED", "STAFF", "SURVEY"] as const satisfies readonly ActivitySource[];

export const NOTE_MAX = 500;
/** The earliest day an activity may be dated: older ties are history, not the ledger's concern. */
export const EARLIEST_DAY = "2000-01-01";
/** Self-reports per person per day: enough for honest use, and a ceiling on inflating one's own stage. */
export const SELF_REPORTS_PER_DAY = 20;

export const ACTIVITY_FIELDS = ["kind", "occurredOn", "note"] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export const ACTIVITY_ERROR_CODES = [
  "required",
  "invalid",
  "invalid_choice",
  "invalid_date",
  "future_date",
  "too_early",
  "too_long",
  "invalid_characters",
  "unknown_field",
] as const;
export type ActivityErrorCode = (typeof ACTIVITY_ERROR_CODES)[number];
/** The first problem of each field; "form" for what belongs to no field. */
export type ActivityErrors = Partial<Record<ActivityField | "form", ActivityErrorCode>>;

/** Why a valid form was still not saved (a return value, never thrown). */
export type ActivityRefusal = "not_found" | "anonymized" | "too_many";
