import { z } from "zod";
import { changeReasonSchema, rowIdsSchema } from "@/lib/registrations/staff/schema";

// The review queue's decision form: approve or decline the ticked applications; a decline says why (the
// reason is in the participant's mail and in the history).

export const REVIEW_DECISIONS = ["approve", "decline"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviewDecisionSchema = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { error: "required" }),
    ids: rowIdsSchema,
    reason: changeReasonSchema,
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
