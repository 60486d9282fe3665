"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/mutations";
import { getStaffEvent } from "@/lib/events/staff/data";
import { approveRegistration, declineRegistration, type ChangeOutcome } from "@/lib/registrations/mutations";
import { findReviewableApplications } from "@/lib/registrations/review/data";
import { mayDecideApplications } from "@/lib/registrations/review/policy";
import { reviewDecisionSchema, reviewFieldErrors, reviewFormInput, type ReviewDecision, type ReviewFieldErrors } from "@/lib/registrations/review/schema";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";

// Approve / decline from the review queue, by the organisation the event names as reviewer (the city for
// 「大垣市が確認」 events). Each application goes through the same guarded, seat-locked transition as the
// organisers' bulk actions (history with who, when, from, to and why; the participant's mail in the outbox).

export type ReviewRowOutcome = "done" | "not_allowed" | "full" | "not_found";
export type ReviewResult = { id: string; name: string | null; outcome: ReviewRowOutcome; to: "CONFIRMED" | "WAITLISTED" | "DECLINED" | null };

export type ReviewFormState = {
  submission: number;
  decision?: ReviewDecision;
  results?: ReviewResult[];
  errors?: ReviewFieldErrors;
};

function outcomeOf(result: ChangeOutcome): { outcome: ReviewRowOutcome; to: ReviewResult["to"] } {
  if (result.ok) return { outcome: "done", to: result.to as ReviewResult["to"] };
  if (result.reason === "full") return { outcome: "full", to: null };
  if (result.reason === "not_found") return { outcome: "not_found", to: null };
  return { outcome: "not_allowed", to: null };
}

export async function decideApplications(eventId: string, previous: ReviewFormState, formData: FormData): Promise<ReviewFormState> {
  const staff = await requireStaff("registrations.reviewDecide");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const next: ReviewFormState = { submission: (Number(previous?.submission) || 0) + 1 };

  const parsed = reviewDecisionSchema.safeParse(reviewFormInput(formData));
  if (!parsed.success) return { ...next, errors: reviewFieldErrors(parsed.error) };
  const { decision, ids, reason } = parsed.data;

  const event = await getStaffEvent(staff, eventId);
  if (!event) return { ...next, errors: { form: "not_found" } };
  // The gate: the organisation that does not review the event reads its queue but decides nothing.
  if (!mayDecideApplications(staff, event)) return { ...next, errors: { form: "not_reviewer" } };

  const found = new Map((await findReviewableApplications(staff, event.id, ids)).map((r) => [r.id, r]));
  const actor = { type: "STAFF" as const, userId: staff.id };
  const results: ReviewResult[] = [];
  for (const id of ids) {
    const application = found.get(id);
    if (!application) {
      results.push({ id, name: null, outcome: "not_found", to: null });
      continue;
    }
    const result = decision === "approve" ? await approveRegistration(id, actor) : await declineRegistration(id, actor, { reason });
    results.push({ id, name: application.participant.name, ...outcomeOf(result) });
  }

  await recordAudit(staff, {
    action: `registrations.review_${decision}`,
    targetType: "Event",
    targetId: event.id,
    eventId: event.id,
    subjectCount: results.filter((r) => r.outcome === "done").length,
    detail: { decision, reason: reason || undefined, results: results.map(({ id, outcome, to }) => ({ id, outcome, to })) },
    ip: clientIp(await headers()),
  });
  revalidatePath(`/admin/events/${event.id}/review`);
  return { ...next, decision, results };
}
