"use client";

import { useTranslations } from "next-intl";
import { RowDecisionForm } from "@/components/staff/registrations/RowDecisionForm";
import type { ReviewFormState } from "@/lib/registrations/review/actions";
import { REVIEW_DECISIONS } from "@/lib/registrations/review/schema";
import { REVIEW_FORM_ID } from "./constants";

type Action = (previous: ReviewFormState, formData: FormData) => Promise<ReviewFormState>;

/** Approve or decline the applicants ticked in the review queue's cards. */
export function ReviewDecisionForm({ action, hasApplicants }: { action: Action; hasApplicants: boolean }) {
  const t = useTranslations("staffRegistrations.review");
  return (
    <RowDecisionForm
      action={action}
      formId={REVIEW_FORM_ID}
      idPrefix="review"
      field="decision"
      choices={REVIEW_DECISIONS}
      namespace="staffRegistrations.review"
      // Once the last applicant is decided the controls go, and the outcome stays in view.
      hidden={!hasApplicants}
      outcomeLabel={(r) => t(`outcome.${r.outcome === "done" && r.to ? r.to : r.outcome}` as "outcome.done")}
    />
  );
}
