import { z } from "zod";
import { jstDay } from "@/lib/activities/dates";
import {
  ACTIVITY_ERROR_CODES,
  ACTIVITY_FIELDS,
  ACTIVITY_KINDS,
  EARLIEST_DAY,
  NOTE_MAX,
  type ActivityErrorCode,
  type ActivityErrors,
  type ActivityField,
} from "@/lib/activities/options";

// One schema for an activity, whoever records it (staff on a person's page, the person on their own page).
// Errors carry codes, not sentences; each form turns them into Japanese or English. The day is a Japan-time
// calendar day: "today" is today in Japan, whatever the server's TZ.

export * from "@/lib/activities/options";

// Control characters other than tab and line feed (carriage returns are folded into line feeds first).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

const kind = z.preprocess(
  (value) => (isBlank(value) ? undefined : value),
  z.enum(ACTIVITY_KINDS, { error: (issue) => (issue.input === undefined ? "required" : "invalid_choice") }),
);

/** A real calendar day as YYYY-MM-DD: 2026-02-30 is refused, not rolled over into March. */
function calendarDay(text: string): string | null {
  // A phone keyboard in Japanese mode may send full-width digits; people also type 2026/3/5.
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.normalize("NFKC").trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const day = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
  const parsed = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? null : day;
}

function occurredOn(now: Date) {
  return z.unknown().transform((value, ctx): string => {
    if (isBlank(value)) {
      ctx.addIssue({ code: "custom", message: "required" });
      return z.NEVER;
    }
    const day = typeof value === "string" ? calendarDay(value) : null;
    if (!day) {
      ctx.addIssue({ code: "custom", message: "invalid_date" });
      return z.NEVER;
    }
    // ISO days compare as strings.
    if (day > jstDay(now)) {
      ctx.addIssue({ code: "custom", message: "future_date" });
      return z.NEVER;
    }
    if (day < EARLIEST_DAY) {
      ctx.addIssue({ code: "custom", message: "too_early" });
      return z.NEVER;
    }
    return day;
  });
}

const note = z
  .preprocess((value) => (value === undefined || value === null ? "" : value), z.string({ error: "invalid" }))
  // Browsers send a textarea's line breaks as CRLF; counted as one character, as the person saw them.
  .transform((text) => text.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().max(NOTE_MAX, { error: "too_long" }))
  .refine((text) => !CONTROL.test(text), { error: "invalid_characters" })
  .transform((text) => (text === "" ? null : text));

export function activitySchema(now: Date) {
  return z.strictObject(
    { kind, occurredOn: occurredOn(now), note },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "unknown_field" : "invalid") },
  );
}

export type ActivityInput = z.output<ReturnType<typeof activitySchema>>;

function isCode(message: string): message is ActivityErrorCode {
  return (ACTIVITY_ERROR_CODES as readonly string[]).includes(message);
}

export function activityErrors(error: z.ZodError): ActivityErrors {
  const errors: ActivityErrors = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = issue.code !== "unrecognized_keys" && (ACTIVITY_FIELDS as readonly unknown[]).includes(head) ? (head as ActivityField) : "form";
    errors[field] ??= isCode(issue.message) ? issue.message : "invalid";
  }
  return errors;
}

export type ActivityParse = { ok: true; data: ActivityInput } | { ok: false; errors: ActivityErrors };

export function parseActivity(input: unknown, now: Date = new Date()): ActivityParse {
  const parsed = activitySchema(now).safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: activityErrors(parsed.error) };
}

/** The form's fields as strings, for the schema and for echoing back after an error. */
export type ActivityFormValues = { kind: string; occurredOn: string; note: string };

export function activityFormValues(formData: FormData): ActivityFormValues {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  return { kind: text("kind"), occurredOn: text("occurredOn"), note: text("note") };
}
