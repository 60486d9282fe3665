"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  addQuestion,
  archiveQuestion,
  cancelStaffEvent,
  closeStaffEvent,
  createStaffEvent,
  duplicateStaffEvent,
  moveQuestion,
  publishStaffEvent,
  restoreQuestion,
  updateQuestion,
  updateStaffEvent,
} from "@/lib/events/staff/mutations";
import {
  cancelSchema,
  echoForm,
  eventFormInput,
  eventSchema,
  fieldErrors,
  questionFormInput,
  questionSchema,
  type FieldErrors,
} from "@/lib/events/staff/schema";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";

// Server actions of the event pages: gate (the role re-read from the database) → zod → mutation (which checks
// the permission and the organisation scope again, since bound ids come back from the browser) → revalidate.
// Forms get field errors and their own values back, so nothing typed is lost.

export type StaffFormState = {
  submission: number;
  errors?: FieldErrors;
  values?: Record<string, string>;
  saved?: boolean;
  /** Seats offered to the waitlist because the capacity was raised. */
  offered?: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** Staff pages and the public pages an event change shows on. */
function revalidateEvent(eventId: string, ...slugs: string[]) {
  revalidatePath("/admin");
  revalidatePath(`/admin/events/${eventId}`, "layout");
  revalidatePath("/events");
  revalidatePath("/");
  for (const slug of slugs) revalidatePath(`/events/${slug}`, "layout");
}

function refused(previous: StaffFormState, reason: string, formData?: FormData): StaffFormState {
  return { submission: (Number(previous?.submission) || 0) + 1, errors: { form: { code: reason } }, values: formData ? echoForm(formData) : undefined };
}

// ───────────────────────────── Create and edit ─────────────────────────────

export async function createEventAction(previous: StaffFormState, formData: FormData): Promise<StaffFormState> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ forms: [formData] });
  const parsed = eventSchema.safeParse(eventFormInput(formData));
  if (!parsed.success) return { submission: (Number(previous?.submission) || 0) + 1, errors: fieldErrors(parsed.error), values: echoForm(formData) };
  const result = await createStaffEvent(staff, parsed.data);
  if (!result.ok) {
    if ("errors" in result) return { submission: (Number(previous?.submission) || 0) + 1, errors: result.errors, values: echoForm(formData) };
    return refused(previous, result.reason, formData);
  }
  revalidatePath("/admin");
  redirect(`/admin/events/${result.eventId}/edit?created=1`);
}

export async function updateEventAction(eventId: string, previous: StaffFormState, formData: FormData): Promise<StaffFormState> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const parsed = eventSchema.safeParse(eventFormInput(formData));
  if (!parsed.success) return { submission: (Number(previous?.submission) || 0) + 1, errors: fieldErrors(parsed.error), values: echoForm(formData) };
  const result = await updateStaffEvent(staff, eventId, parsed.data);
  if (!result.ok) {
    if ("errors" in result) return { submission: (Number(previous?.submission) || 0) + 1, errors: result.errors, values: echoForm(formData) };
    return refused(previous, result.reason, formData);
  }
  revalidateEvent(eventId, parsed.data.slug);
  return { submission: (Number(previous?.submission) || 0) + 1, saved: true, offered: result.offered };
}

// ───────────────────────────── Questions ─────────────────────────────

export async function addQuestionAction(eventId: string, previous: StaffFormState, formData: FormData): Promise<StaffFormState> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const parsed = questionSchema.safeParse(questionFormInput(formData));
  if (!parsed.success) return { submission: (Number(previous?.submission) || 0) + 1, errors: fieldErrors(parsed.error), values: echoForm(formData) };
  const result = await addQuestion(staff, eventId, parsed.data);
  if (!result.ok) return "errors" in result ? { submission: (Number(previous?.submission) || 0) + 1, errors: result.errors, values: echoForm(formData) } : refused(previous, result.reason, formData);
  revalidateEvent(eventId);
  return { submission: (Number(previous?.submission) || 0) + 1, saved: true };
}

export async function updateQuestionAction(eventId: string, questionId: string, previous: StaffFormState, formData: FormData): Promise<StaffFormState> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ strings: [eventId, questionId], forms: [formData] });
  const parsed = questionSchema.safeParse(questionFormInput(formData));
  if (!parsed.success) return { submission: (Number(previous?.submission) || 0) + 1, errors: fieldErrors(parsed.error), values: echoForm(formData) };
  const result = await updateQuestion(staff, eventId, questionId, parsed.data);
  if (!result.ok) return "errors" in result ? { submission: (Number(previous?.submission) || 0) + 1, errors: result.errors, values: echoForm(formData) } : refused(previous, result.reason, formData);
  revalidateEvent(eventId);
  return { submission: (Number(previous?.submission) || 0) + 1, saved: true };
}

/** Plain forms (no script needed): up, down, remove and restore buttons of the question list. */
export async function questionOrderAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ forms: [formData] });
  const eventId = field(formData, "eventId");
  const questionId = field(formData, "questionId");
  const operation = field(formData, "operation");
  if (operation === "up" || operation === "down") await moveQuestion(staff, eventId, questionId, operation);
  else if (operation === "archive") await archiveQuestion(staff, eventId, questionId);
  else if (operation === "restore") await restoreQuestion(staff, eventId, questionId);
  if (UUID.test(eventId)) revalidateEvent(eventId);
}

// ───────────────────────────── Status changes ─────────────────────────────

/** Back to the overview with the outcome to show (only fixed codes travel in the address). */
function toOverview(eventId: string, outcome: { done?: string; error?: string; notified?: number }): never {
  if (!UUID.test(eventId)) redirect("/admin");
  const params = new URLSearchParams(Object.entries(outcome).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  redirect(`/admin/events/${eventId}?${params}`);
}

export async function publishEventAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ forms: [formData] });
  const eventId = field(formData, "eventId");
  const result = await publishStaffEvent(staff, eventId);
  if (!result.ok) toOverview(eventId, { error: result.reason });
  revalidateEvent(eventId, field(formData, "slug"));
  toOverview(eventId, { done: "published" });
}

export async function closeEventAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ forms: [formData] });
  const eventId = field(formData, "eventId");
  const result = await closeStaffEvent(staff, eventId);
  if (!result.ok) toOverview(eventId, { error: result.reason });
  revalidateEvent(eventId, field(formData, "slug"));
  toOverview(eventId, { done: "closed" });
}

export async function duplicateEventAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ forms: [formData] });
  const eventId = field(formData, "eventId");
  const result = await duplicateStaffEvent(staff, eventId);
  if (!result.ok) toOverview(eventId, { error: result.reason });
  revalidatePath("/admin");
  redirect(`/admin/events/${result.eventId}/edit?duplicated=1`);
}

/** The second step of cancelling: the confirmation form, with the reason every registrant is told. */
export async function cancelEventAction(eventId: string, previous: StaffFormState, formData: FormData): Promise<StaffFormState> {
  const staff = await requireStaff("events.manage");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const parsed = cancelSchema.safeParse({ reason: field(formData, "reason") });
  if (!parsed.success) return { submission: (Number(previous?.submission) || 0) + 1, errors: fieldErrors(parsed.error), values: echoForm(formData) };
  const result = await cancelStaffEvent(staff, eventId, parsed.data.reason);
  if (!result.ok) return refused(previous, result.reason, formData);
  revalidateEvent(eventId, field(formData, "slug"));
  toOverview(eventId, { done: "cancelled", notified: result.notified });
}
