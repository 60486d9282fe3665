"use client";

import { useTranslations } from "next-intl";
import type { BulkFormState } from "@/lib/registrations/staff/actions";
import { BULK_ACTIONS, type BulkAction, type RegistrationStatus } from "@/lib/registrations/staff/schema";
import { BULK_FORM_ID } from "./constants";
import { RowDecisionForm } from "./RowDecisionForm";

type Action = (previous: BulkFormState, formData: FormData) => Promise<BulkFormState>;

/** Bulk approve / decline / promote / cancel of the rows ticked in the registrations table. */
export function BulkActionForm({ action, locked }: { action: Action; /** shown but not choosable (the page says why) */ locked?: readonly BulkAction[] }) {
  const t = useTranslations("staffRegistrations.bulk");
  const ts = useTranslations("staffRegistrations.status");
  return (
    <RowDecisionForm
      action={action}
      formId={BULK_FORM_ID}
      idPrefix="bulk"
      field="action"
      choices={BULK_ACTIONS}
      locked={locked}
      namespace="staffRegistrations.bulk"
      outcomeLabel={(r) => (r.outcome === "done" && r.to ? t("outcome.doneTo", { status: ts(r.to as RegistrationStatus) }) : t(`outcome.${r.outcome}`))}
    />
  );
}
