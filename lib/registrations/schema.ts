import { z } from "zod";
import { canonicalEmail, isDeliverableEmail } from "@/lib/participants/email";
import { HOW_HEARD_IDS, INTEREST_IDS, PREFECTURE_CODES, RELATIONSHIP_IDS } from "@/lib/participants/options";
import { ANSWER_MAX, FIELD_MAX } from "@/lib/registrations/limits";

// One schema for the sign-up form (server action) and the JSON API. Errors carry codes, not sentences;
// lib/registrations/errors.ts turns them into the reader's language.

// CITY_REVIEW: provision to 大垣市 for reviewing an application to an event the city reviews; asked (and required)
// only on those events' forms, separate from the general CITY_PROVISION.
export const CONSENT_PURPOSES = ["CITY_PROVISION", "CITY_REVIEW", "WDL_NEWS", "CITY_NEWS", "SURVEY"] as const;
export type ConsentPurposeId = (typeof CONSENT_PURPOSES)[number];

export type SignupQuestion = {
  id: string;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  required: boolean;
  options: { id: string }[];
};

const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>|javascript\s*:/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK = /[\r\n]/;

const missingOrInvalid = (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? "required" : "invalid");

/** Free text: trimmed, length-limited, no markup (it would be shown to staff and in mail), no control characters. */
function plainText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string({ error: missingOrInvalid })
    .trim()
    .max(max, { error: "too_long" })
    .refine((v) => !HTML_TAG.test(v), { error: "no_markup" })
    .refine((v) => !CONTROL.test(v) && (options.multiline || !LINE_BREAK.test(v)), { error: "invalid_characters" });
}

const requiredText = (max: number) => plainText(max).pipe(z.string().min(1, { error: "required" }));
const optionalText = (max: number) =>
  z.preprocess((v) => (v === null ? undefined : v), plainText(max).optional()).transform((v) => (v ? v : undefined));

// Kana for Japanese names; Latin letters for names written in the alphabet.
const FURIGANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・･\s\p{Script=Latin}'.-]+$/u;

const emailField = z
  .string({ error: missingOrInvalid })
  .transform(canonicalEmail)
  .pipe(z.string().min(1, { error: "required" }).max(FIELD_MAX.email, { error: "too_long" }))
  .refine((v) => /^[\x21-\x7e]+$/.test(v), { error: "email_ascii" })
  .refine(isDeliverableEmail, { error: "invalid_email" });

const idList = <T extends string>(ids: readonly [T, ...T[]], max: number) =>
  z.array(z.enum(ids, { error: "invalid_choice" }), { error: "invalid" }).max(max, { error: "too_many" });

const trackingValue = z.string().trim().max(200).optional().catch(undefined);

function answerSchema(question: SignupQuestion) {
  const optionIds = question.options.map((o) => o.id);
  const choice = z.string({ error: "invalid_choice" }).refine((v) => optionIds.includes(v), { error: "invalid_choice" });
  switch (question.kind) {
    case "TEXT":
      return question.required ? requiredText(ANSWER_MAX.TEXT) : optionalText(ANSWER_MAX.TEXT);
    case "TEXTAREA": {
      const text = plainText(ANSWER_MAX.TEXTAREA, { multiline: true });
      return question.required ? text.pipe(z.string().min(1, { error: "required" })) : text.optional();
    }
    // One option id in, stored like a multiple choice (Answer.choices): every screen and file that shows
    // answers reads choice questions from there, never from Answer.text.
    case "SINGLE_CHOICE":
      return question.required
        ? z.string({ error: "required" }).min(1, { error: "required" }).pipe(choice).transform((v) => [v])
        : z.union([z.literal(""), choice]).optional().transform((v) => (v ? [v] : undefined));
    case "MULTI_CHOICE": {
      const list = z.array(choice, { error: "invalid" }).max(optionIds.length, { error: "too_many" });
      return question.required ? list.min(1, { error: "required" }) : list.optional();
    }
  }
}

/**
 * The sign-up schema for one event: its own questions are the only answers accepted. `cityReview`: the event's
 * applications are reviewed by 大垣市, so the review consent is required; elsewhere it is never recorded.
 */
export function buildSignupSchema(questions: SignupQuestion[], options: { cityReview?: boolean } = {}) {
  const answers = z.strictObject(Object.fromEntries(questions.map((q) => [q.id, answerSchema(q)])), {
    error: (issue) => (issue.code === "unrecognized_keys" ? "unknown_question" : "invalid"),
  });
  return z.strictObject(
    {
      name: requiredText(FIELD_MAX.name),
      furigana: requiredText(FIELD_MAX.furigana).refine((v) => FURIGANA.test(v), { error: "invalid_furigana" }),
      email: emailField,
      affiliation: optionalText(FIELD_MAX.affiliation),
      prefectureCode: z.enum(PREFECTURE_CODES, { error: "required" }),
      municipality: optionalText(FIELD_MAX.municipality),
      relationships: idList(RELATIONSHIP_IDS, RELATIONSHIP_IDS.length)
        .min(1, { error: "required" })
        .refine((list) => !list.includes("NONE") || list.length === 1, { error: "none_exclusive" }),
      interests: idList(INTEREST_IDS, INTEREST_IDS.length).default([]),
      howHeard: z.enum(HOW_HEARD_IDS, { error: "invalid_choice" }).optional(),
      howHeardOther: optionalText(FIELD_MAX.howHeardOther),
      answers: answers.default({}),
      consents: z
        .strictObject(
          Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, z.boolean({ error: "invalid" }).default(false)])) as Record<
            ConsentPurposeId,
            z.ZodDefault<z.ZodBoolean>
          >,
          { error: unknownOr("invalid") },
        )
        .default({ CITY_PROVISION: false, CITY_REVIEW: false, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false })
        .refine((consents) => !options.cityReview || consents.CITY_REVIEW, {
          error: "city_review_consent_required",
          path: ["CITY_REVIEW"],
        })
        // Optional in the output type: a sign-up built in code for an event the city does not review need not name it.
        .transform((consents): Record<Exclude<ConsentPurposeId, "CITY_REVIEW">, boolean> & { CITY_REVIEW?: boolean } =>
          options.cityReview ? consents : { ...consents, CITY_REVIEW: false },
        ),
      locale: z.enum(["ja", "en"]).default("ja"),
      utmSource: trackingValue,
      utmMedium: trackingValue,
      utmCampaign: trackingValue,
      utmTerm: trackingValue,
      utmContent: trackingValue,
      ref: trackingValue,
    },
    { error: unknownOr("invalid") },
  );
}

const unknownOr = (fallback: string) => (issue: { code?: string }) =>
  issue.code === "unrecognized_keys" ? "unknown_field" : fallback;

export type SignupInput = z.output<ReturnType<typeof buildSignupSchema>>;

export type FieldError = { code: string; params?: Record<string, string | number> };
export type FieldErrors = Record<string, FieldError>;

/** First error per field, keyed by its path ("email", "answers.<question id>", "relationships" …). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    let path = issue.path.map(String).join(".") || "form";
    if (issue.code === "unrecognized_keys") {
      path = [...issue.path.map(String), issue.keys[0] ?? ""].filter(Boolean).join(".") || "form";
      // A key the form does not have: name the field when it is an answer, otherwise the form itself.
      if (!path.startsWith("answers.")) path = issue.path.length ? issue.path.map(String).join(".") : "form";
    }
    if (errors[path]) continue;
    errors[path] = toFieldError(issue);
  }
  return errors;
}

function toFieldError(issue: z.core.$ZodIssue): FieldError {
  const custom = /^[a-z_]+$/.test(issue.message) ? issue.message : null;
  if (issue.code === "too_big" && typeof issue.maximum === "number") {
    return { code: custom ?? "too_long", params: { max: issue.maximum } };
  }
  if (issue.code === "unrecognized_keys") return { code: custom ?? "unknown_field", params: { keys: issue.keys.join(", ") } };
  return { code: custom ?? "invalid" };
}
