"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/mutations";
import { getStaffEvent } from "@/lib/events/staff/data";
import {
  approveRegistration,
  cancelRegistration,
  declineRegistration,
  promoteFromWaitlist,
  type ChangeOutcome,
} from "@/lib/registrations/mutations";
import { reviewedByOtherOrganization } from "@/lib/registrations/review/policy";
import { nextHiddenColumns } from "@/lib/registrations/staff/columns";
import { findEventRegistrations, getHiddenRegistrationColumns, registrationTableColumns } from "@/lib/registrations/staff/data";
import { setHiddenRegistrationColumns } from "@/lib/registrations/staff/mutations";
import {
  bulkActionSchema,
  bulkFieldErrors,
  bulkFormInput,
  type BulkAction,
  type BulkFieldErrors,
  type RegistrationStatus,
} from "@/lib/registrations/staff/schema";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";

// Bulk approve / decline / promote / cancel from the registrations table. Each selected registration goes
// through its own guarded, seat-locked mutation (lib/registrations/mutations.ts), one after the other so a
// batch never holds the event lock for long and each row's outcome is its own: done, not allowed (its state
// changed, or the action does not apply to it), full, or not found (not this event's, or not in scope).

export type BulkRowOutcome = "done" | "not_allowed" | "full" | "not_found";

export type BulkResult = { id: string; name: string | null; outcome: BulkRowOutcome; to: RegistrationStatus | null };

export type BulkFormState = {
  submission: number;
  action?: BulkAction;
  results?: BulkResult[];
  errors?: BulkFieldErrors;
};

function outcomeOf(result: ChangeOutcome): { outcome: BulkRowOutcome; to: RegistrationStatus | null } {
  if (result.ok) return { outcome: "done", to: result.to };
  if (result.reason === "full") return { outcome: "full", to: null };
  if (result.reason === "not_found") return { outcome: "not_found", to: null };
  return { outcome: "not_allowed", to: null };
}

export async function bulkUpdateRegistrations(eventId: string, previous: BulkFormState, formData: FormData): Promise<BulkFormState> {
  const staff = await requireStaff("registrations.manage");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const next: BulkFormState = { submission: (Number(previous?.submission) || 0) + 1 };

  const parsed = bulkActionSchema.safeParse(bulkFormInput(formData));
  if (!parsed.success) return { ...next, errors: bulkFieldErrors(parsed.error) };
  const { action, ids, reason } = parsed.data;

  const event = await getStaffEvent(staff, eventId);
  if (!event) return { ...next, errors: { form: "not_found" } };
  // Applications to an event the city reviews are decided in the city's review queue, not here.
  if ((action === "approve" || action === "decline") && reviewedByOtherOrganization(staff, event)) {
    return { ...next, errors: { form: "reviewed_by_other" } };
  }

  const found = new Map((await findEventRegistrations(staff, event.id, ids)).map((r) => [r.id, r]));
  const actor = { type: "STAFF" as const, userId: staff.id };
  const results: BulkResult[] = [];
  for (const id of ids) {
    const registration = found.get(id);
    if (!registration) {
      results.push({ id, name: null, outcome: "not_found", to: null });
      continue;
    }
    const result =
      action === "approve"
        ? await approveRegistration(id, actor)
        : action === "decline"
          ? await declineRegistration(id, actor, { reason: reason || null })
          : action === "promote"
            ? await promoteFromWaitlist(id, actor)
            : await cancelRegistration(id, actor, { reason: reason || null });
    results.push({ id, name: registration.participant.name, ...outcomeOf(result) });
  }

  const done = results.filter((r) => r.outcome === "done");
  await recordAudit(staff, {
    action: `registrations.bulk_${action}`,
    targetType: "Event",
    targetId: event.id,
    eventId: event.id,
    subjectCount: done.length,
    detail: { action, reason: reason || undefined, results: results.map(({ id, outcome, to }) => ({ id, outcome, to })) },
    ip: clientIp(await headers()),
  });
  revalidatePath(`/admin/events/${event.id}/registrations`);
  return { ...next, action, results };
}

/**
 * The column chooser: which optional columns of this event's table the staff member sees, kept on their own
 * user row so it follows them to any browser. Only columns this event's table has for them are taken from
 * the form; "reset" shows them all again. Nothing is saved for an event they may not open.
 */
export async function saveRegistrationColumns(eventId: string, formData: FormData): Promise<void> {
  const staff = await requireStaff("events.view");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const columns = await registrationTableColumns(staff, eventId);
  if (!columns) return;
  const values = (name: string) => new Set(formData.getAll(name).filter((v): v is string => typeof v === "string"));
  const reset = formData.get("intent") === "reset";
  // Only the columns the form offered: a question added while the chooser was open is not hidden unseen.
  const offered = values("offered");
  const available = reset ? columns : columns.filter((key) => offered.has(key));
  const shown = reset ? new Set(columns) : values("shown");
  const hidden = nextHiddenColumns(await getHiddenRegistrationColumns(staff), available, shown);
  await setHiddenRegistrationColumns(staff, hidden);
  revalidatePath(`/admin/events/${eventId}/registrations`);
}
