import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCampaign, listCampaignRecipients, listCampaigns, listOutbox } from "@/lib/campaigns/data";
import { sendCampaignTest, startCampaign } from "@/lib/campaigns/mutations";
import type { Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createCampaignRow, createOrganization, createOwnEvent, createPerson, register, segment, suppress } from "./helpers";

// The campaign and outbox screens' reads: scoped to the organisation, counted by state, and audited when they
// show addresses.

let t: TestDatabase;

beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

async function staffOf(organizationId: string, role: Staff["role"] = "WDL_ORGANIZER") {
  const user = await t.db.user.create({ data: { email: `s-${randomBytes(4).toString("hex")}@wdl.example`, role, organizationId } });
  return { ...user, role } as Pick<Staff, "id" | "organizationId" | "role" | "email" | "name" | "locale">;
}

async function sentCampaign(people: number) {
  const org = await createOrganization(t.db);
  const event = await createOwnEvent(t.db, org.id);
  for (let i = 0; i < people; i++) {
    const person = await createPerson(t.db);
    await register(t.db, event.id, person.id, "ATTENDED");
    if (i === 0) await suppress(t.db, person.address, "FOLLOW_UP");
  }
  const campaign = await createCampaignRow(t.db, org.id, { segment: segment({ eventIds: [event.id] }) });
  await startCampaign(campaign.id, org.id);
  return { org, event, campaign };
}

describe("campaign reads", () => {
  it("counts a campaign's recipient rows by state and lists them with their delivery details", async () => {
    const { org, campaign } = await sentCampaign(4);
    const staff = await staffOf(org.id);
    const [first] = await t.db.outboxMessage.findMany({ where: { campaignId: campaign.id, status: "PENDING" }, take: 1 });
    await t.db.outboxMessage.update({ where: { id: first!.id }, data: { status: "FAILED", attempts: 3, lastError: "550 mailbox unavailable" } });
    await sendCampaignTest(campaign.id, staff);

    const detail = await getCampaign(staff, campaign.id);
    expect(detail?.counts).toEqual({ PENDING: 2, SENDING: 0, SENT: 0, FAILED: 1, SUPPRESSED: 1, CANCELLED: 0 });
    const list = await listCampaigns(staff);
    expect(list?.campaigns.find((c) => c.id === campaign.id)?.counts.FAILED).toBe(1);

    const failed = await listCampaignRecipients(staff, campaign.id, { status: "FAILED", category: null, page: 1 });
    expect(failed?.total).toBe(1);
    expect(failed?.rows[0]).toMatchObject({ id: first!.id, attempts: 3, lastError: "550 mailbox unavailable", status: "FAILED" });
    const all = await listCampaignRecipients(staff, campaign.id, { status: null, category: null, page: 1 });
    expect(all?.total).toBe(4); // the test send is not a recipient
  });

  it("answers null for another organisation's campaign and for a role without the permission", async () => {
    const { campaign } = await sentCampaign(1);
    const outsider = await staffOf((await createOrganization(t.db)).id);
    expect(await getCampaign(outsider, campaign.id)).toBeNull();
    expect(await listCampaignRecipients(outsider, campaign.id, { status: null, category: null, page: 1 })).toBeNull();
    expect((await listCampaigns(outsider))?.campaigns).toEqual([]);
    expect(await listCampaigns(await staffOf(campaign.organizationId, "CITY_STAFF"))).toBeNull();
  });

  it("audits a view of the recipients once per few minutes, not on every refresh", async () => {
    const { org, campaign } = await sentCampaign(2);
    const staff = await staffOf(org.id);
    for (let i = 0; i < 3; i++) await listCampaignRecipients(staff, campaign.id, { status: null, category: null, page: 1 });
    expect(await t.db.auditLog.findMany({ where: { actorUserId: staff.id } })).toMatchObject([
      { action: "campaign.recipients.view", targetType: "Campaign", targetId: campaign.id, subjectCount: 2 },
    ]);
  });
});

describe("listOutbox", () => {
  it("shows mail about the organisation's events and campaigns only, newest first, filtered", async () => {
    const ours = await sentCampaign(2);
    const theirs = await sentCampaign(2);
    const staff = await staffOf(ours.org.id);
    // A transactional mail about our event (not a campaign).
    await t.db.outboxMessage.create({
      data: { dedupeKey: `x-${randomBytes(4).toString("hex")}`, template: "registration-confirmed", category: "TRANSACTIONAL", payload: {}, toEmail: "a@example.com", eventId: ours.event.id },
    });

    const page = await listOutbox(staff, { status: null, category: null, page: 1 });
    expect(page?.total).toBe(3);
    expect(page?.rows.every((r) => r.event?.id === ours.event.id)).toBe(true);
    expect(page?.rows.some((r) => r.campaign?.id === theirs.campaign.id)).toBe(false);
    expect(page?.counts).toMatchObject({ PENDING: 2, SUPPRESSED: 1 });
    expect(page?.rows[0]?.template).toBe("registration-confirmed");

    const campaigns = await listOutbox(staff, { status: null, category: "FOLLOW_UP", page: 1 });
    expect(campaigns?.total).toBe(2);
    const suppressed = await listOutbox(staff, { status: "SUPPRESSED", category: null, page: 1 });
    expect(suppressed?.rows.map((r) => r.lastError)).toEqual(["unsubscribed"]);
    expect(await listOutbox(await staffOf(ours.org.id, "CHECKIN"), { status: null, category: null, page: 1 })).toBeNull();
  });
});
