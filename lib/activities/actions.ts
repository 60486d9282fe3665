"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordStaffActivity, removeOwnActivity, removeStaffActivity, reportOwnActivity } from "@/lib/activities/mutations";
import { activityFormValues, parseActivity, type ActivityErrors, type ActivityFormValues, type ActivityRefusal } from "@/lib/activities/schema";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";
import { parseParticipantToken } from "@/lib/subscriptions/links";

// Recording what a person did for Ogaki: staff on the person's page (gate → zod → mutation, which re-checks
// that the person is theirs to see → revalidate, so the stage moves at once), and the person on their own
// page, where the signed link is the only credential and is checked again on every submit.

export type ActivityFormState = {
  submission: number;
  saved?: boolean;
  errors?: ActivityErrors;
  refused?: ActivityRefusal;
  values?: ActivityFormValues;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY: ActivityFormValues = { kind: "", occurredOn: "", note: "" };

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

function revalidateLedger(participantId: string) {
  revalidatePath(`/admin/participants/${participantId}`);
  // The dashboard's stage funnel counts the same rows.
  revalidatePath("/admin/insights");
}

export async function recordActivityAction(participantId: string, previous: ActivityFormState, formData: FormData): Promise<ActivityFormState> {
  const staff = await requireStaff("activities.record");
  expectActionArgs({ strings: [participantId], forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  const values = activityFormValues(formData);
  const parsed = parseActivity(values);
  if (!parsed.ok) return { ...next, errors: parsed.errors, values };
  const result = await recordStaffActivity(staff, participantId, parsed.data, { ip: clientIp(await headers()) });
  if (!result.ok) return { ...next, refused: result.reason, values };
  revalidateLedger(participantId);
  // The form starts empty again: the new row is in the list above it.
  return { ...next, saved: true, values: EMPTY };
}

/** The second step of removing an activity: the confirmation form posts here (the first step is a link). */
export async function removeActivityAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("activities.record");
  expectActionArgs({ forms: [formData] });
  const participantId = text(formData, "participantId");
  if (!UUID.test(participantId)) redirect("/admin");
  const result = await removeStaffActivity(staff, participantId, text(formData, "activityId"), { ip: clientIp(await headers()) });
  if (result.ok) revalidateLedger(participantId);
  redirect(`/admin/participants/${participantId}?${result.ok ? "removed=1" : "removeFailed=1"}#activities-heading`);
}

// ───────────────────────────── the person's own page ─────────────────────────────

export async function reportActivityByToken(token: string, previous: ActivityFormState, formData: FormData): Promise<ActivityFormState> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  const values = activityFormValues(formData);
  const participantId = await parseParticipantToken(token);
  if (!participantId) return { ...next, refused: "not_found", values };
  const parsed = parseActivity(values);
  if (!parsed.ok) return { ...next, errors: parsed.errors, values };
  const result = await reportOwnActivity(participantId, parsed.data);
  if (!result.ok) return { ...next, refused: result.reason, values };
  revalidatePath(`/me/${token}`);
  return { ...next, saved: true, values: EMPTY };
}

export async function removeActivityByToken(token: string, formData: FormData): Promise<void> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const participantId = await parseParticipantToken(token);
  if (!participantId) redirect(`/me/${encodeURIComponent(token.toWellFormed())}`);
  const result = await removeOwnActivity(participantId, text(formData, "activityId"));
  redirect(`/me/${encodeURIComponent(token.toWellFormed())}?${result.ok ? "activityRemoved=1" : "activityNotFound=1"}#me-activities`);
}
