import { z } from "zod";
import { MAX_BULK } from "@/lib/registrations/staff/schema";

// The review queue's decision form: approve or decline the ticked applications; a decline says why (the
// reason is in the participant's mail and in the history).

export const REVIEW_DECISIONS = ["approve", "decline"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>|javascript\s*:/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const reviewDecisionSchema = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { error: "required" }),
    ids: z
      .array(z.string().regex(UUID, { error: "invalid" }), { error: "select_rows" })
      .min(1, { error: "select_rows" })
      .max(MAX_BULK, { error: "too_many" })
      .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
    reason: z
      .string()
      .trim()
      .max(500, { error: "too_long" })
      .refine((v) => !HTML_TAG.test(v), { error: "no_markup" })
      .refine((v) => !CONTROL.test(v), { error: "invalid_characters" }),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "decline" && value.reason === "") {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "reason_required" });
    }
  });

export type ReviewFieldErrors = Partial<Record<"decision" | "ids" | "reason" | "form", string>>;

export function reviewFormInput(formData: FormData) {
  return {
    decision: formData.get("decision") ?? undefined,
    ids: formData.getAll("ids").map(String),
    reason: String(formData.get("reason") ?? ""),
  };
}

export function reviewFieldErrors(error: z.ZodError): ReviewFieldErrors {
  const errors: ReviewFieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form") as keyof ReviewFieldErrors;
    errors[field] ??= issue.message;
  }
  return errors;
}
