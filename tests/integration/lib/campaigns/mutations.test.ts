import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSegmentRecipients, getCampaign, getCampaignContentForSending } from "@/lib/campaigns/data";
import {
  cancelCampaign,
  createCampaign,
  deleteCampaignDraft,
  finishCampaigns,
  retryFailedMessages,
  scheduleCampaign,
  sendCampaignTest,
  startCampaign,
  startDueCampaigns,
  unscheduleCampaign,
  updateCampaign,
} from "@/lib/campaigns/mutations";
import { campaignSchema } from "@/lib/campaigns/schema";
import { renderEmail } from "@/lib/emails";
import type { Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createCampaignRow, createOrganization, createOwnEvent, createPerson, register, segment, suppress } from "./helpers";

// The campaign's life: drafts, the guarded start with its fan-out (idempotent and race-safe), schedules,
// cancelling while sending, finishing, retrying failures, and test sends.

let t: TestDatabase;

beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

async function organiser(organizationId: string, role: "WDL_ORGANIZER" | "CITY_STAFF" = "WDL_ORGANIZER") {
  const user = await t.db.user.create({
    data: { email: `organiser-${randomBytes(4).toString("hex")}@wdl.example`, name: "配信 担当", role, organizationId, locale: "ja" },
  });
  return { ...user, role } as Pick<Staff, "id" | "organizationId" | "role" | "email" | "name" | "locale">;
}

/** An organisation with one past event: `attended` people came, one did not, one stopped follow-ups. */
async function world(attended = 3) {
  const org = await createOrganization(t.db);
  const event = await createOwnEvent(t.db, org.id);
  const people = [];
  for (let i = 0; i < attended; i++) {
    const person = await createPerson(t.db, { name: `来場 ${i}` });
    await register(t.db, event.id, person.id, "ATTENDED");
    people.push(person);
  }
  const absent = await createPerson(t.db);
  await register(t.db, event.id, absent.id, "NO_SHOW");
  const stopped = await createPerson(t.db);
  await register(t.db, event.id, stopped.id, "ATTENDED");
  await suppress(t.db, stopped.address, "FOLLOW_UP");
  const campaign = await createCampaignRow(t.db, org.id, { segment: segment({ eventIds: [event.id], statuses: ["ATTENDED"] }) });
  return { org, event, people, absent, stopped, campaign };
}

const recipientRows = (campaignId: string) =>
  t.db.outboxMessage.findMany({ where: { campaignId, dedupeKey: { startsWith: "campaign:" } }, orderBy: { toEmail: "asc" } });

function input(change: Record<string, unknown> = {}) {
  const parsed = campaignSchema.safeParse({ category: "FOLLOW_UP", subjectJa: "件名", bodyJa: "本文 {{name}}", ...change });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

describe("drafts", () => {
  it("creates, edits and deletes a draft of the staff member's organisation only", async () => {
    const { org, event } = await world(1);
    const staff = await organiser(org.id);
    const created = await createCampaign(staff, input({ eventIds: [event.id] }));
    if (!created.ok || !("campaignId" in created)) throw new Error(JSON.stringify(created));
    const stored = await t.db.campaign.findUniqueOrThrow({ where: { id: created.campaignId } });
    expect(stored).toMatchObject({ organizationId: org.id, status: "DRAFT", createdById: staff.id, segment: { eventIds: [event.id] } });

    expect(await updateCampaign(staff, created.campaignId, input({ eventIds: [event.id], subjectJa: "新しい件名" }))).toEqual({ ok: true });
    expect((await t.db.campaign.findUniqueOrThrow({ where: { id: created.campaignId } })).subjectJa).toBe("新しい件名");

    const outsider = await organiser((await createOrganization(t.db)).id);
    expect(await updateCampaign(outsider, created.campaignId, input({ category: "WDL_NEWS", subjectJa: "乗っ取り" }))).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteCampaignDraft(outsider, created.campaignId)).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteCampaignDraft(staff, created.campaignId)).toEqual({ ok: true });
    expect(await t.db.campaign.count({ where: { id: created.campaignId } })).toBe(0);
  });

  it("refuses an event outside the organisation's scope, and a role without the permission", async () => {
    const { org } = await world(1);
    const staff = await organiser(org.id);
    const foreign = await createOwnEvent(t.db, (await createOrganization(t.db)).id);
    expect(await createCampaign(staff, input({ eventIds: [foreign.id] }))).toEqual({ ok: false, errors: { eventIds: { code: "unknown_event" } } });
    expect(await createCampaign(await organiser(org.id, "CITY_STAFF"), input({ category: "WDL_NEWS" }))).toEqual({ ok: false, reason: "not_found" });
  });

  it("edits only drafts: a scheduled or sent campaign keeps what people get", async () => {
    const { org, campaign } = await world(1);
    const staff = await organiser(org.id);
    await scheduleCampaign(campaign.id, org.id, new Date(Date.now() + 3_600_000));
    expect(await updateCampaign(staff, campaign.id, input({ category: "WDL_NEWS" }))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await deleteCampaignDraft(staff, campaign.id)).toEqual({ ok: false, reason: "not_allowed" });
  });
});

describe("startCampaign", () => {
  it("moves the campaign to SENDING and writes one row per recipient, as counted before sending", async () => {
    const { org, event, campaign, people, stopped } = await world(3);
    const before = await countSegmentRecipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], statuses: ["ATTENDED"] }));
    const now = new Date();
    const result = await startCampaign(campaign.id, org.id, now);
    expect(result).toEqual({ ok: true, recipientCount: 3, skippedCount: 1 });
    expect(before).toMatchObject({ recipients: 3, skipped: 1 });

    const stored = await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(stored).toMatchObject({ status: "SENDING", startedAt: now, recipientCount: 3, skippedCount: 1 });
    const rows = await recipientRows(campaign.id);
    expect(rows.map((r) => r.participantId).sort()).toEqual([...people.map((p) => p.id), stopped.id].sort());
    for (const row of rows) {
      expect(row.dedupeKey).toBe(`campaign:${campaign.id}:${row.participantId}`);
      expect(row).toMatchObject({ template: "campaign", category: "FOLLOW_UP", campaignId: campaign.id, nextAttemptAt: now });
    }
    expect(rows.find((r) => r.participantId === stopped.id)).toMatchObject({ status: "SUPPRESSED", lastError: "unsubscribed" });
    expect(rows.filter((r) => r.status === "PENDING")).toHaveLength(3);
  });

  it("starts once when two start at the same moment: one set of rows, the other call a no-op", async () => {
    const { org, campaign } = await world(5);
    const results = await Promise.all([startCampaign(campaign.id, org.id), startCampaign(campaign.id, org.id)]);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, recipientCount: 5, skippedCount: 1 }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "already_started" }]);
    const rows = await recipientRows(campaign.id);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.participantId)).size).toBe(6);
    // A third, later call changes nothing either.
    expect(await startCampaign(campaign.id, org.id)).toEqual({ ok: false, reason: "already_started" });
    expect(await recipientRows(campaign.id)).toHaveLength(6);
  });

  it("gives a mail the registry renders with the recipient's merge values", async () => {
    const { org, campaign, event } = await world(1);
    await startCampaign(campaign.id, org.id);
    const [row] = (await recipientRows(campaign.id)).filter((r) => r.status === "PENDING");
    const content = await getCampaignContentForSending(row!.campaignId);
    expect(content).toEqual({ subjectJa: campaign.subjectJa, bodyJa: campaign.bodyJa, subjectEn: null, bodyEn: null });
    const mail = renderEmail(
      "campaign",
      { ...(row!.payload as Record<string, unknown>), campaign: content!, category: row!.category, appUrl: "http://localhost:3000" } as never,
      row!.locale,
    );
    expect(mail.subject).toBe(`${event.titleJa} のご参加ありがとうございました`);
    expect(mail.text).toContain("来場 0 様");
    expect(mail.category).toBe("FOLLOW_UP");
  });

  it("refuses another organisation's campaign and a cancelled one", async () => {
    const { org, campaign } = await world(1);
    const other = await createOrganization(t.db);
    expect(await startCampaign(campaign.id, other.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await recipientRows(campaign.id)).toHaveLength(0);
    await scheduleCampaign(campaign.id, org.id, new Date(Date.now() + 3_600_000));
    await cancelCampaign(campaign.id, org.id);
    expect(await startCampaign(campaign.id, org.id)).toEqual({ ok: false, reason: "not_allowed" });
  });
});

describe("schedules", () => {
  it("starts a scheduled campaign when it is due, once, whichever worker gets there", async () => {
    const { org, campaign } = await world(2);
    const at = new Date(Date.now() + 3_600_000);
    expect(await scheduleCampaign(campaign.id, org.id, at)).toEqual({ ok: true });
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ status: "SCHEDULED", scheduledAt: at });

    expect(await startDueCampaigns(new Date(at.getTime() - 1000))).toBe(0);
    expect(await recipientRows(campaign.id)).toHaveLength(0);

    const later = new Date(at.getTime() + 1000);
    // Other tests' schedules share the database: each due campaign must be started exactly once in all.
    const due = await t.db.campaign.count({ where: { status: "SCHEDULED", scheduledAt: { lte: later } } });
    const [a, b] = await Promise.all([startDueCampaigns(later), startDueCampaigns(later)]);
    expect(a + b).toBe(due);
    expect(await t.db.campaign.count({ where: { status: "SCHEDULED", scheduledAt: { lte: later } } })).toBe(0);
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ status: "SENDING", startedAt: later });
    expect(await recipientRows(campaign.id)).toHaveLength(3);
  });

  it("refuses a time in the past, and goes back to a draft when unscheduled", async () => {
    const { org, campaign } = await world(1);
    const now = new Date();
    expect(await scheduleCampaign(campaign.id, org.id, new Date(now.getTime() - 60_000), now)).toEqual({ ok: false, reason: "schedule_in_past" });
    expect(await scheduleCampaign(campaign.id, org.id, new Date(now.getTime() + 60_000), now)).toEqual({ ok: true });
    expect(await scheduleCampaign(campaign.id, org.id, new Date(now.getTime() + 120_000), now)).toEqual({ ok: false, reason: "not_allowed" });
    expect(await unscheduleCampaign(campaign.id, org.id)).toEqual({ ok: true });
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ status: "DRAFT", scheduledAt: null });
    expect(await unscheduleCampaign(campaign.id, org.id)).toEqual({ ok: false, reason: "not_allowed" });
    expect(await startDueCampaigns(new Date(now.getTime() + 3_600_000))).toBe(0);
  });
});

describe("cancelCampaign", () => {
  it("cancels a scheduled campaign before anything is written", async () => {
    const { org, campaign } = await world(1);
    await scheduleCampaign(campaign.id, org.id, new Date(Date.now() + 60_000));
    expect(await cancelCampaign(campaign.id, org.id)).toEqual({ ok: true, cancelledMessages: 0 });
    expect(await startDueCampaigns(new Date(Date.now() + 3_600_000))).toBe(0);
    expect(await recipientRows(campaign.id)).toHaveLength(0);
  });

  it("while sending: rows already sent stay SENT, rows not yet sent are CANCELLED", async () => {
    const { org, campaign } = await world(4);
    await startCampaign(campaign.id, org.id);
    const pending = (await recipientRows(campaign.id)).filter((r) => r.status === "PENDING");
    const sent = pending.slice(0, 2).map((r) => r.id);
    await t.db.outboxMessage.updateMany({ where: { id: { in: sent } }, data: { status: "SENT", sentAt: new Date() } });

    expect(await cancelCampaign(campaign.id, org.id)).toEqual({ ok: true, cancelledMessages: 2 });
    const rows = await recipientRows(campaign.id);
    expect(rows.filter((r) => r.status === "SENT").map((r) => r.id).sort()).toEqual(sent.sort());
    expect(rows.filter((r) => r.status === "CANCELLED")).toHaveLength(2);
    expect(rows.filter((r) => r.status === "SUPPRESSED")).toHaveLength(1);
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ status: "CANCELLED" });
    expect(await cancelCampaign(campaign.id, org.id)).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("refuses another organisation's campaign", async () => {
    const { org, campaign } = await world(1);
    await startCampaign(campaign.id, org.id);
    expect(await cancelCampaign(campaign.id, (await createOrganization(t.db)).id)).toEqual({ ok: false, reason: "not_found" });
    expect((await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("SENDING");
  });
});

describe("finishCampaigns", () => {
  it("finishes a sending campaign once no row is pending or being sent", async () => {
    const { org, campaign } = await world(2);
    await startCampaign(campaign.id, org.id);
    const [first, second] = (await recipientRows(campaign.id)).filter((r) => r.status === "PENDING");
    await t.db.outboxMessage.update({ where: { id: first!.id }, data: { status: "SENT" } });
    await t.db.outboxMessage.update({ where: { id: second!.id }, data: { status: "SENDING" } });
    expect(await finishCampaigns()).toBe(0);
    expect((await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("SENDING");

    await t.db.outboxMessage.update({ where: { id: second!.id }, data: { status: "FAILED", lastError: "550 no such user" } });
    const now = new Date();
    expect(await finishCampaigns(now)).toBe(1);
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ status: "SENT", finishedAt: now });
    expect(await finishCampaigns()).toBe(0);
  });

  it("is not held back by a test send still waiting", async () => {
    const { org, campaign } = await world(1);
    const staff = await organiser(org.id);
    await startCampaign(campaign.id, org.id);
    await t.db.outboxMessage.updateMany({ where: { campaignId: campaign.id, status: "PENDING" }, data: { status: "SENT" } });
    expect(await sendCampaignTest(campaign.id, staff)).toMatchObject({ ok: true });
    expect(await finishCampaigns()).toBe(1);
  });
});

describe("retryFailedMessages", () => {
  it("makes failed rows due again, keeps their last error, and reopens a finished campaign", async () => {
    const { org, campaign } = await world(3);
    await startCampaign(campaign.id, org.id);
    const rows = (await recipientRows(campaign.id)).filter((r) => r.status === "PENDING");
    await t.db.outboxMessage.update({ where: { id: rows[0]!.id }, data: { status: "SENT" } });
    await t.db.outboxMessage.updateMany({
      where: { id: { in: [rows[1]!.id, rows[2]!.id] } },
      data: { status: "FAILED", attempts: 5, lastError: "421 try later", nextAttemptAt: new Date(Date.now() - 86_400_000) },
    });
    expect(await finishCampaigns()).toBe(1);

    const now = new Date();
    expect(await retryFailedMessages(campaign.id, org.id, now)).toEqual({ ok: true, retried: 2 });
    const retried = await t.db.outboxMessage.findMany({ where: { id: { in: [rows[1]!.id, rows[2]!.id] } } });
    for (const row of retried) expect(row).toMatchObject({ status: "PENDING", nextAttemptAt: now, lastError: "421 try later", attempts: 5 });
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ status: "SENDING", finishedAt: null });
    expect(await finishCampaigns()).toBe(0);

    expect(await retryFailedMessages(campaign.id, org.id)).toEqual({ ok: true, retried: 0 });
    expect(await retryFailedMessages(campaign.id, (await createOrganization(t.db)).id)).toEqual({ ok: false, reason: "not_found" });
  });

  it("does nothing to a draft", async () => {
    const { org, campaign } = await world(1);
    expect(await retryFailedMessages(campaign.id, org.id)).toEqual({ ok: false, reason: "not_allowed" });
  });
});

describe("sendCampaignTest", () => {
  it("writes one mail to the staff member with the first recipient's merge values, not counted as a recipient", async () => {
    const { org, campaign, people, event } = await world(2);
    const staff = await organiser(org.id);
    const now = new Date();
    expect(await sendCampaignTest(campaign.id, staff, { now })).toEqual({ ok: true, toEmail: staff.email, usesRecipient: true });
    const [row] = await t.db.outboxMessage.findMany({ where: { campaignId: campaign.id } });
    const first = [...people].sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    expect(row).toMatchObject({
      dedupeKey: `campaign-test:${campaign.id}:${staff.id}:${now.getTime()}`,
      template: "campaign",
      category: "FOLLOW_UP",
      toEmail: staff.email,
      participantId: null,
      status: "PENDING",
      payload: { name: first.name, eventTitleJa: event.titleJa, eventStartsAt: event.startsAt.toISOString(), test: true },
    });
    const mail = renderEmail("campaign", { ...(row!.payload as object), campaign, category: "FOLLOW_UP", appUrl: "http://x.example" } as never, "ja");
    expect(mail.subject.startsWith("[テスト送信] ")).toBe(true);

    const detail = await getCampaign(staff, campaign.id);
    expect(detail?.counts.PENDING).toBe(0);
    expect(detail?.tests).toHaveLength(1);
    expect(await t.db.auditLog.count({ where: { actorUserId: staff.id } })).toBe(0); // audited by the action, not here
  });

  it("uses placeholders when the segment has nobody yet", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const campaign = await createCampaignRow(t.db, org.id, { segment: segment({ eventIds: [event.id] }) });
    const staff = await organiser(org.id);
    expect(await sendCampaignTest(campaign.id, staff, { locale: "en" })).toMatchObject({ ok: true, usesRecipient: false });
    const row = await t.db.outboxMessage.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect(row).toMatchObject({ locale: "en", payload: { name: "山田 花子", eventStartsAt: null, test: true } });
    expect(await sendCampaignTest(campaign.id, await organiser((await createOrganization(t.db)).id))).toEqual({ ok: false, reason: "not_found" });
  });
});
