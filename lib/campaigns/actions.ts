"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/mutations";
import {
  cancelCampaign,
  createCampaign,
  deleteCampaignDraft,
  retryFailedMessages,
  scheduleCampaign,
  sendCampaignTest,
  startCampaign,
  unscheduleCampaign,
  updateCampaign,
} from "@/lib/campaigns/mutations";
import {
  campaignFieldErrors,
  campaignFormInput,
  campaignSchema,
  echoCampaignForm,
  parseSchedule,
  type CampaignFormValues,
  type FieldErrors,
} from "@/lib/campaigns/schema";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";

// Server actions of the campaign pages: gate (the role re-read from the database) → zod → mutation (which carries
// the organisation in its `where` again, since ids come back from the browser) → audit → revalidate. The
// status buttons are plain forms that go back to the campaign page with a fixed outcome code in the address;
// the composer and the schedule form return field errors and their own values, so nothing typed is lost.

export type CampaignFormState = { submission: number; errors?: FieldErrors; values?: CampaignFormValues };
export type ScheduleFormState = { submission: number; errors?: FieldErrors; values?: { date: string; time: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

async function ip(): Promise<string | null> {
  return clientIp(await headers());
}

function revalidateCampaign(campaignId?: string) {
  revalidatePath("/admin/campaigns");
  revalidatePath("/admin/outbox");
  if (campaignId) revalidatePath(`/admin/campaigns/${campaignId}`, "layout");
}

/** Back to the campaign page with the outcome to show (only fixed codes and numbers travel in the address). */
function toCampaign(campaignId: string, outcome: Record<string, string | number | undefined>): never {
  if (!UUID.test(campaignId)) redirect("/admin/campaigns");
  const params = new URLSearchParams(
    Object.entries(outcome)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  redirect(`/admin/campaigns/${campaignId}${params.size ? `?${params}` : ""}`);
}

// ───────────────────────────── The composer ─────────────────────────────

/** Creates a draft (no id) or saves one; then shows the campaign with its recipients and preview. */
export async function saveCampaignAction(campaignId: string | null, previous: CampaignFormState, formData: FormData): Promise<CampaignFormState> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ optionalStrings: [campaignId], forms: [formData] });
  const next = (Number(previous?.submission) || 0) + 1;
  const parsed = campaignSchema.safeParse(campaignFormInput(formData));
  if (!parsed.success) return { submission: next, errors: campaignFieldErrors(parsed.error), values: echoCampaignForm(formData) };
  let id: string;
  if (campaignId) {
    const result = await updateCampaign(staff, campaignId, parsed.data);
    if (!result.ok) return { submission: next, errors: "errors" in result ? result.errors : { form: { code: result.reason } }, values: echoCampaignForm(formData) };
    id = campaignId;
  } else {
    const result = await createCampaign(staff, parsed.data);
    if (!result.ok) return { submission: next, errors: "errors" in result ? result.errors : { form: { code: result.reason } }, values: echoCampaignForm(formData) };
    id = result.campaignId;
  }
  await recordAudit(staff, {
    action: campaignId ? "campaign.update" : "campaign.create",
    targetType: "Campaign",
    targetId: id,
    detail: { category: parsed.data.category, events: parsed.data.segment.eventIds.length },
    ip: await ip(),
  });
  revalidateCampaign(id);
  toCampaign(id, { done: campaignId ? "saved" : "created" });
}

export async function deleteCampaignAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ forms: [formData] });
  const campaignId = field(formData, "campaignId");
  const result = await deleteCampaignDraft(staff, campaignId);
  if (!result.ok) toCampaign(campaignId, { error: result.reason });
  await recordAudit(staff, { action: "campaign.delete", targetType: "Campaign", targetId: campaignId, ip: await ip() });
  revalidateCampaign();
  redirect("/admin/campaigns?done=deleted");
}

// ───────────────────────────── Sending ─────────────────────────────

export async function sendTestAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ forms: [formData] });
  const campaignId = field(formData, "campaignId");
  const locale = field(formData, "locale") === "en" ? "en" : "ja";
  const result = await sendCampaignTest(campaignId, staff, { locale });
  if (!result.ok) toCampaign(campaignId, { error: result.reason });
  await recordAudit(staff, { action: "campaign.test", targetType: "Campaign", targetId: campaignId, detail: { locale }, ip: await ip() });
  revalidateCampaign(campaignId);
  toCampaign(campaignId, { done: "test" });
}

/** The second step of "send now" (the first is the confirmation showing how many people get it). */
export async function startCampaignAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ forms: [formData] });
  const campaignId = field(formData, "campaignId");
  const result = await startCampaign(campaignId, staff.organizationId);
  if (!result.ok) {
    // A double click: the first click started it; show the campaign as it is.
    if (result.reason === "already_started") toCampaign(campaignId, {});
    toCampaign(campaignId, { error: result.reason });
  }
  await recordAudit(staff, {
    action: "campaign.send",
    targetType: "Campaign",
    targetId: campaignId,
    subjectCount: result.recipientCount,
    detail: { skipped: result.skippedCount },
    ip: await ip(),
  });
  revalidateCampaign(campaignId);
  toCampaign(campaignId, { done: "started" });
}

export async function scheduleCampaignAction(campaignId: string, previous: ScheduleFormState, formData: FormData): Promise<ScheduleFormState> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ strings: [campaignId], forms: [formData] });
  const next = (Number(previous?.submission) || 0) + 1;
  const values = { date: field(formData, "scheduledAt.date"), time: field(formData, "scheduledAt.time") };
  const parsed = parseSchedule(formData);
  if (!parsed.ok) return { submission: next, errors: parsed.errors, values };
  const result = await scheduleCampaign(campaignId, staff.organizationId, parsed.at);
  if (!result.ok) {
    const errors: FieldErrors = result.reason === "schedule_in_past" ? { scheduledAt: { code: result.reason } } : { form: { code: result.reason } };
    return { submission: next, errors, values };
  }
  await recordAudit(staff, {
    action: "campaign.schedule",
    targetType: "Campaign",
    targetId: campaignId,
    detail: { at: parsed.at.toISOString() },
    ip: await ip(),
  });
  revalidateCampaign(campaignId);
  toCampaign(campaignId, { done: "scheduled" });
}

export async function unscheduleCampaignAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ forms: [formData] });
  const campaignId = field(formData, "campaignId");
  const result = await unscheduleCampaign(campaignId, staff.organizationId);
  if (!result.ok) toCampaign(campaignId, { error: result.reason });
  await recordAudit(staff, { action: "campaign.unschedule", targetType: "Campaign", targetId: campaignId, ip: await ip() });
  revalidateCampaign(campaignId);
  toCampaign(campaignId, { done: "unscheduled" });
}

export async function cancelCampaignAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ forms: [formData] });
  const campaignId = field(formData, "campaignId");
  const result = await cancelCampaign(campaignId, staff.organizationId);
  if (!result.ok) toCampaign(campaignId, { error: result.reason });
  await recordAudit(staff, {
    action: "campaign.cancel",
    targetType: "Campaign",
    targetId: campaignId,
    subjectCount: result.cancelledMessages,
    ip: await ip(),
  });
  revalidateCampaign(campaignId);
  toCampaign(campaignId, { done: "cancelled", count: result.cancelledMessages });
}

export async function retryFailedAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("campaigns.manage");
  expectActionArgs({ forms: [formData] });
  const campaignId = field(formData, "campaignId");
  const result = await retryFailedMessages(campaignId, staff.organizationId);
  if (!result.ok) toCampaign(campaignId, { error: result.reason });
  await recordAudit(staff, { action: "campaign.retry", targetType: "Campaign", targetId: campaignId, subjectCount: result.retried, ip: await ip() });
  revalidateCampaign(campaignId);
  toCampaign(campaignId, { done: "retried", count: result.retried });
}
