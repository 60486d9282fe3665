import { z } from "zod";
import type { FieldError, FieldErrors } from "@/lib/registrations/schema";

// One schema for creating and editing an event, and one for an event's own questions. Like the sign-up
// schema, errors carry codes ("end_before_start"), not sentences: the form shows them through next-intl
// (staffEvents.errors.*). The form's raw values (strings from FormData) go in; typed values come out, with
// times entered in Japan time converted to UTC.

export type { FieldError, FieldErrors };

export const EVENT_FORMATS = ["IN_PERSON", "ONLINE", "HYBRID"] as const;
export const EVENT_AREAS = ["TOKYO_AREA", "OGAKI", "ONLINE", "OTHER"] as const;
export const EVENT_KINDS = ["TALK", "WORKSHOP", "FIELDWORK", "PROJECT", "NETWORKING"] as const;
export const REVIEWER_KINDS = ["WDL", "CITY"] as const;
export const QUESTION_KINDS = ["TEXT", "TEXTAREA", "SINGLE_CHOICE", "MULTI_CHOICE"] as const;
export type QuestionKindId = (typeof QUESTION_KINDS)[number];
export const CHOICE_KINDS: readonly QuestionKindId[] = ["SINGLE_CHOICE", "MULTI_CHOICE"];

export const SLUG_MAX = 80;
export const MAX_OPTIONS = 30;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OPTION_ID = /^[A-Za-z0-9_-]{1,40}$/;

// ───────────────────────────── Japan time ─────────────────────────────

/** What a date and a time input hold: `2026-12-12` and `14:00`, read as Japan time. */
export type JstInput = { date: string; time: string };

const JST_OFFSET_MS = 9 * 3_600_000; // Japan has no daylight saving time: always UTC+9.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** The instant a Japan-time date and time name, or null when either is not a real date or time. */
export function fromJst(input: JstInput): Date | null {
  const d = DATE.exec(input.date.trim());
  const t = TIME.exec(input.time.trim());
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute));
  // Date.UTC rolls 2026-02-30 over to March: a date that does not come back unchanged does not exist.
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return null;
  return new Date(local.getTime() - JST_OFFSET_MS);
}

/** An instant as the values of a date and a time input, in Japan time (whatever the server's TZ). */
export function toJstInput(date: Date | null | undefined): JstInput {
  if (!date) return { date: "", time: "" };
  const local = new Date(date.getTime() + JST_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  };
}

// ───────────────────────────── Field pieces ─────────────────────────────

export const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>|javascript\s*:/i;
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const LINE_BREAK = /[\r\n]/;

export const missingOrInvalid = (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? "required" : "invalid");

/** One line of plain text (titles, venue, fee …): shown on pages, in mail and in OGP tags. */
function line(max: number) {
  return z
    .string({ error: missingOrInvalid })
    .trim()
    .max(max, { error: "too_long" })
    .refine((v) => !HTML_TAG.test(v), { error: "no_markup" })
    .refine((v) => !CONTROL.test(v) && !LINE_BREAK.test(v), { error: "invalid_characters" });
}

/** Markdown (descriptions): line breaks are its syntax; raw HTML is dropped when it is rendered. */
export function markdown(max: number) {
  return z
    .string({ error: missingOrInvalid })
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, { error: "too_long" }))
    .refine((v) => !CONTROL.test(v), { error: "invalid_characters" });
}

export const required = (schema: z.ZodType<string, string>) => schema.pipe(z.string().min(1, { error: "required" }));
/** Empty means "none": stored as null, so clearing a field in the edit form clears it in the database. */
export const optional = (schema: z.ZodType<string, string>) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), schema).transform((v): string | null => (v === "" ? null : v));

const webUrl = optional(
  z
    .string({ error: "invalid" })
    .trim()
    .max(500, { error: "too_long" })
    .refine((v) => v === "" || isWebUrl(v), { error: "invalid_url" }),
);

/** Only http(s): a `javascript:` or `data:` link on a public page would run in the reader's browser. */
function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/**
 * A whole number typed into a text box (full-width digits such as １２０, as a Japanese IME types them, are
 * accepted). Empty is null when `empty` allows it.
 */
function wholeNumber(min: number, max: number, rangeCode: string, options: { empty?: "null" | "required" } = {}) {
  return z
    .string({ error: "invalid" })
    .default("")
    .transform((raw, ctx): number | null => {
      const v = raw.normalize("NFKC").replace(/,/g, "").trim();
      if (v === "") {
        if (options.empty === "null") return null;
        ctx.addIssue({ code: "custom", message: "required", input: raw });
        return z.NEVER;
      }
      if (!/^\d{1,9}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: "invalid_number", input: raw });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: rangeCode, params: { min, max }, input: raw });
        return z.NEVER;
      }
      return n;
    });
}

const jstInput = z.object({ date: z.string({ error: "invalid" }).default(""), time: z.string({ error: "invalid" }).default("") });

/** A required Japan-time date and time → UTC. */
const jstRequired = jstInput.transform((v, ctx): Date => {
  if (!v.date.trim() || !v.time.trim()) {
    ctx.addIssue({ code: "custom", message: "required", input: v });
    return z.NEVER;
  }
  const instant = fromJst(v);
  if (!instant) {
    ctx.addIssue({ code: "custom", message: "invalid_datetime", input: v });
    return z.NEVER;
  }
  return instant;
});

/** An optional Japan-time date and time → UTC or null (both empty). A date without a time is an error. */
const jstOptional = jstInput.default({ date: "", time: "" }).transform((v, ctx): Date | null => {
  if (!v.date.trim() && !v.time.trim()) return null;
  const instant = v.date.trim() && v.time.trim() ? fromJst(v) : null;
  if (!instant) {
    ctx.addIssue({ code: "custom", message: v.date.trim() && v.time.trim() ? "invalid_datetime" : "datetime_incomplete", input: v });
    return z.NEVER;
  }
  return instant;
});

const checkbox = z.boolean({ error: "invalid" }).default(false);

/** "72, 24" (also full-width digits or 、) → [72, 24]: hours before the start, latest first; empty = none. */
const reminderHours = z
  .string({ error: "invalid" })
  .default("")
  .transform((raw, ctx): number[] => {
    const parts = raw.normalize("NFKC").split(/[\s,、]+/).filter(Boolean);
    const hours = parts.map(Number);
    if (parts.some((p) => !/^\d{1,3}$/.test(p)) || hours.some((h) => h < 1 || h > 720) || hours.length > 4 || new Set(hours).size !== hours.length) {
      ctx.addIssue({ code: "custom", message: "reminder_hours", input: raw });
      return z.NEVER;
    }
    return hours.sort((a, b) => b - a);
  });

// ───────────────────────────── The event ─────────────────────────────

export const eventSchema = z
  .strictObject(
    {
      slug: z
        .string({ error: missingOrInvalid })
        .transform((v) => v.normalize("NFKC").trim().toLowerCase())
        .pipe(z.string().min(1, { error: "required" }).max(SLUG_MAX, { error: "too_long" }))
        .refine((v) => v.length >= 3 && SLUG.test(v), { error: "invalid_slug" }),
      titleJa: required(line(120)),
      titleEn: optional(line(120)),
      summaryJa: optional(line(200)),
      summaryEn: optional(line(200)),
      descriptionJa: required(markdown(20_000)),
      descriptionEn: optional(markdown(20_000)),
      startsAt: jstRequired,
      endsAt: jstRequired,
      format: z.enum(EVENT_FORMATS, { error: "invalid_choice" }),
      area: z.enum(EVENT_AREAS, { error: "invalid_choice" }),
      kind: z.enum(EVENT_KINDS, { error: "invalid_choice" }),
      venueName: optional(line(200)),
      venueAddress: optional(line(300)),
      venueMapUrl: webUrl,
      onlineUrl: webUrl,
      // Empty: no limit. Changes to an existing event go through changeCapacity (the seat rules), never here.
      capacity: wholeNumber(1, 100_000, "capacity_range", { empty: "null" }),
      waitlistEnabled: checkbox,
      approvalRequired: checkbox,
      reviewerKind: z.enum(["", ...REVIEWER_KINDS], { error: "invalid_choice" }).default(""),
      registrationOpensAt: jstOptional,
      registrationClosesAt: jstOptional,
      feeJa: optional(line(100)),
      feeEn: optional(line(100)),
      offerHoldHours: wholeNumber(1, 14 * 24, "hold_range", { empty: "required" }).transform((n) => n as number),
      reminderHoursBefore: reminderHours,
      surveyEnabled: checkbox,
      surveyDelayHours: wholeNumber(1, 7 * 24, "survey_delay_range", { empty: "required" }).transform((n) => n as number),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "unknown_field" : "invalid") },
  )
  .superRefine((v, ctx) => {
    // Rules between fields. They run even when another field has an error, so one round trip shows them all;
    // a field that failed is not a Date here and its rule is skipped.
    const isDate = (d: unknown): d is Date => d instanceof Date;
    if (isDate(v.startsAt) && isDate(v.endsAt) && v.endsAt <= v.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "end_before_start" });
    }
    const opens = v.registrationOpensAt;
    const closes = v.registrationClosesAt;
    if (isDate(opens) && isDate(closes) && closes <= opens) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "closes_before_opens" });
    }
    if (isDate(closes) && isDate(v.endsAt) && closes > v.endsAt) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "closes_after_end" });
    }
    if (isDate(opens) && isDate(v.endsAt) && opens >= v.endsAt) {
      ctx.addIssue({ code: "custom", path: ["registrationOpensAt"], message: "opens_after_end" });
    }
    if ((v.format === "IN_PERSON" || v.format === "HYBRID") && v.venueName === null) {
      ctx.addIssue({ code: "custom", path: ["venueName"], message: "venue_required" });
    }
    if (v.approvalRequired && v.reviewerKind === "") {
      ctx.addIssue({ code: "custom", path: ["reviewerKind"], message: "reviewer_required" });
    }
  }, { when: () => true })
  .transform(({ reviewerKind, ...v }) => ({
    ...v,
    // A reviewer only means something on an approval event.
    reviewerKind: v.approvalRequired && reviewerKind !== "" ? reviewerKind : null,
  }));

export type EventFormInput = z.input<typeof eventSchema>;
export type EventInput = z.output<typeof eventSchema>;

// ───────────────────────────── Questions ─────────────────────────────

const optionRow = z.strictObject({
  id: z.string({ error: "invalid" }).trim().default(""),
  labelJa: z.string({ error: "invalid" }).default(""),
  labelEn: z.string({ error: "invalid" }).default(""),
  remove: checkbox,
});

export const questionSchema = z
  .strictObject(
    {
      kind: z.enum(QUESTION_KINDS, { error: "invalid_choice" }),
      labelJa: required(line(200)),
      labelEn: optional(line(200)),
      helpJa: optional(line(500)),
      helpEn: optional(line(500)),
      required: checkbox,
      sensitive: checkbox,
      cityVisible: checkbox,
      options: z.array(optionRow, { error: "invalid" }).max(MAX_OPTIONS + 10, { error: "too_many" }).default([]),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "unknown_field" : "invalid") },
  )
  .transform((v, ctx) => {
    const choice = CHOICE_KINDS.includes(v.kind);
    const options: { id: string | null; labelJa: string; labelEn: string | null }[] = [];
    v.options.forEach((row, i) => {
      const id = row.id === "" ? null : row.id;
      if (id !== null && !OPTION_ID.test(id)) {
        ctx.addIssue({ code: "custom", path: ["options", i, "labelJa"], message: "invalid" });
        return;
      }
      // A kept option keeps its id (answers store ids); one ticked for removal, or any option of a text
      // question, is simply not in the new list.
      if (id !== null && (row.remove || !choice)) return;
      if (id === null && row.labelJa.trim() === "" && row.labelEn.trim() === "") return; // a blank row of the form
      const ja = required(line(100)).safeParse(row.labelJa);
      const en = optional(line(100)).safeParse(row.labelEn);
      if (!ja.success) ctx.addIssue({ code: "custom", path: ["options", i, "labelJa"], message: ja.error.issues[0]?.message ?? "invalid", params: { max: 100 } });
      if (!en.success) ctx.addIssue({ code: "custom", path: ["options", i, "labelEn"], message: en.error.issues[0]?.message ?? "invalid", params: { max: 100 } });
      if (ja.success && en.success) options.push({ id, labelJa: ja.data, labelEn: en.data });
    });
    if (choice && options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "options_required" });
    if (options.length > MAX_OPTIONS) ctx.addIssue({ code: "custom", path: ["options"], message: "too_many_options", params: { max: MAX_OPTIONS } });
    // The care-notes question (配慮事項) is the only sensitive data we hold, and only as free text: no
    // structured health fields (DESIGN.md §4), and never shown or exported to the city.
    if (v.sensitive && choice) ctx.addIssue({ code: "custom", path: ["sensitive"], message: "sensitive_text_only" });
    if (v.sensitive && v.cityVisible) ctx.addIssue({ code: "custom", path: ["cityVisible"], message: "sensitive_not_city" });
    return { ...v, options: choice ? options : [] };
  });

export type QuestionFormInput = z.input<typeof questionSchema>;
export type QuestionInput = z.output<typeof questionSchema>;

export const cancelSchema = z.strictObject({ reason: required(markdown(1000)).refine((v) => !HTML_TAG.test(v), { error: "no_markup" }) });

// ───────────────────────────── Form data ─────────────────────────────

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};
const on = (formData: FormData, name: string) => formData.get(name) === "on" || formData.get(name) === "true";
const jst = (formData: FormData, name: string): JstInput => ({ date: text(formData, `${name}.date`), time: text(formData, `${name}.time`) });

export const EVENT_TEXT_FIELDS = [
  "slug",
  "titleJa",
  "titleEn",
  "summaryJa",
  "summaryEn",
  "descriptionJa",
  "descriptionEn",
  "format",
  "area",
  "kind",
  "venueName",
  "venueAddress",
  "venueMapUrl",
  "onlineUrl",
  "capacity",
  "reviewerKind",
  "feeJa",
  "feeEn",
  "offerHoldHours",
  "reminderHoursBefore",
  "surveyDelayHours",
] as const;
export const EVENT_DATE_FIELDS = ["startsAt", "endsAt", "registrationOpensAt", "registrationClosesAt"] as const;
export const EVENT_CHECKBOXES = ["waitlistEnabled", "approvalRequired", "surveyEnabled"] as const;

/** The event form's fields in the shape the schema takes (`startsAt.date`, `startsAt.time` → `startsAt`). */
export function eventFormInput(formData: FormData): EventFormInput {
  return {
    ...(Object.fromEntries(EVENT_TEXT_FIELDS.map((name) => [name, text(formData, name)])) as Record<(typeof EVENT_TEXT_FIELDS)[number], string>),
    ...(Object.fromEntries(EVENT_DATE_FIELDS.map((name) => [name, jst(formData, name)])) as Record<(typeof EVENT_DATE_FIELDS)[number], JstInput>),
    waitlistEnabled: on(formData, "waitlistEnabled"),
    approvalRequired: on(formData, "approvalRequired"),
    surveyEnabled: on(formData, "surveyEnabled"),
  } as EventFormInput;
}

/** The question form's fields (`options.0.labelJa` …) in the shape the schema takes. */
export function questionFormInput(formData: FormData): QuestionFormInput {
  const rows = new Set<number>();
  for (const key of formData.keys()) {
    const match = /^options\.(\d{1,2})\./.exec(key);
    if (match) rows.add(Number(match[1]));
  }
  return {
    kind: text(formData, "kind") as QuestionKindId,
    labelJa: text(formData, "labelJa"),
    labelEn: text(formData, "labelEn"),
    helpJa: text(formData, "helpJa"),
    helpEn: text(formData, "helpEn"),
    required: on(formData, "required"),
    sensitive: on(formData, "sensitive"),
    cityVisible: on(formData, "cityVisible"),
    options: [...rows]
      .sort((a, b) => a - b)
      .map((i) => ({
        id: text(formData, `options.${i}.id`),
        labelJa: text(formData, `options.${i}.labelJa`),
        labelEn: text(formData, `options.${i}.labelEn`),
        remove: on(formData, `options.${i}.remove`),
      })),
  };
}

/** What the form sent, to show it again after an error (nothing typed is lost). */
export function echoForm(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$") || typeof value !== "string") continue;
    values[key] = value;
  }
  return values;
}

/** First error per field, keyed by its path ("slug", "startsAt", "options.2.labelJa" …). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "form";
    if (errors[path]) continue;
    const custom = /^[a-z_]+$/.test(issue.message) ? issue.message : null;
    const params = "params" in issue && issue.params ? (issue.params as Record<string, string | number>) : undefined;
    if (issue.code === "too_big" && typeof issue.maximum === "number") errors[path] = { code: custom ?? "too_long", params: { max: issue.maximum } };
    else errors[path] = params ? { code: custom ?? "invalid", params } : { code: custom ?? "invalid" };
  }
  return errors;
}
