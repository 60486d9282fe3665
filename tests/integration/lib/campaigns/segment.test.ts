import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSegmentRecipients, getPreviewRecipient } from "@/lib/campaigns/data";
import { startCampaign } from "@/lib/campaigns/mutations";
import type { CampaignSegment } from "@/lib/campaigns/schema";
import type { CampaignCategory } from "@/lib/mail/categories";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createCampaignRow, createOrganization, createOwnEvent, createPerson, register, segment, suppress } from "./helpers";

// The one definition of a campaign's recipients: what the page counts is what the fan-out writes.

let t: TestDatabase;

beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** The recipients the fan-out writes for this segment: participant id → [status, lastError]. */
async function fanOut(organizationId: string, category: CampaignCategory, seg: CampaignSegment) {
  const campaign = await createCampaignRow(t.db, organizationId, { category, segment: seg });
  const result = await startCampaign(campaign.id, organizationId);
  expect(result.ok).toBe(true);
  const rows = await t.db.outboxMessage.findMany({ where: { campaignId: campaign.id } });
  return { campaign, rows, byPerson: new Map(rows.map((r) => [r.participantId, [r.status, r.lastError] as const])) };
}

/** Count and fan-out of the same segment, checked against each other and returned. */
async function recipients(organizationId: string, category: CampaignCategory, seg: CampaignSegment) {
  const summary = await countSegmentRecipients(organizationId, category, seg);
  const { byPerson, campaign } = await fanOut(organizationId, category, seg);
  const sendable = [...byPerson].filter(([, [status]]) => status === "PENDING").map(([id]) => id);
  const skipped = [...byPerson].filter(([, [status]]) => status === "SUPPRESSED").map(([id]) => id);
  expect(sendable).toHaveLength(summary.recipients);
  expect(skipped).toHaveLength(summary.skipped);
  const stored = await t.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  expect([stored.recipientCount, stored.skippedCount]).toEqual([summary.recipients, summary.skipped]);
  return { summary, byPerson, sendable: new Set(sendable), skipped: new Set(skipped) };
}

describe("segment: who matches", () => {
  it("takes only the chosen registration states; none chosen means any", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const came = await createPerson(t.db);
    const noShow = await createPerson(t.db);
    const cancelled = await createPerson(t.db);
    await register(t.db, event.id, came.id, "ATTENDED");
    await register(t.db, event.id, noShow.id, "NO_SHOW");
    await register(t.db, event.id, cancelled.id, "CANCELLED");

    const attended = await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], statuses: ["ATTENDED"] }));
    expect([...attended.sendable]).toEqual([came.id]);
    const absent = await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], statuses: ["NO_SHOW", "CANCELLED"] }));
    expect(absent.sendable).toEqual(new Set([noShow.id, cancelled.id]));
    const everyone = await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id] }));
    expect(everyone.sendable).toEqual(new Set([came.id, noShow.id, cancelled.id]));
  });

  it("narrows by interests and by relationships, any of the chosen ones", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const food = await createPerson(t.db, { interests: ["food", "tourism"], relationships: ["HOMETOWN"] });
    const digital = await createPerson(t.db, { interests: ["digital"], relationships: ["VISITED"] });
    const none = await createPerson(t.db, { interests: [], relationships: ["NONE"] });
    for (const p of [food, digital, none]) await register(t.db, event.id, p.id, "ATTENDED");

    expect((await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], interests: ["food"] }))).sendable).toEqual(new Set([food.id]));
    expect((await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], interests: ["food", "digital"] }))).sendable).toEqual(
      new Set([food.id, digital.id]),
    );
    expect((await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], relationships: ["VISITED", "NONE"] }))).sendable).toEqual(
      new Set([digital.id, none.id]),
    );
    // Both filters at once: each must hold.
    expect(
      (await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], interests: ["food", "digital"], relationships: ["HOMETOWN"] }))).sendable,
    ).toEqual(new Set([food.id]));
  });

  it("never reaches people of another organisation's events, even when their event is named", async () => {
    const ours = await createOrganization(t.db);
    const theirs = await createOrganization(t.db);
    const ourEvent = await createOwnEvent(t.db, ours.id);
    const theirEvent = await createOwnEvent(t.db, theirs.id);
    const ourPerson = await createPerson(t.db, { consents: ["WDL_NEWS"] });
    const theirPerson = await createPerson(t.db, { consents: ["WDL_NEWS"] });
    await register(t.db, ourEvent.id, ourPerson.id, "ATTENDED");
    await register(t.db, theirEvent.id, theirPerson.id, "ATTENDED");

    const named = await recipients(ours.id, "FOLLOW_UP", segment({ eventIds: [theirEvent.id] }));
    expect(named.byPerson.size).toBe(0);
    // News to "everyone who ever registered in our scope".
    const news = await recipients(ours.id, "WDL_NEWS", segment());
    expect([...news.byPerson.keys()]).toEqual([ourPerson.id]);
  });

  it("writes one row per person, with the merge values of their most recent matching registration", async () => {
    const org = await createOrganization(t.db);
    const older = await createOwnEvent(t.db, org.id, new Date(Date.now() - 60 * 86_400_000));
    const newer = await createOwnEvent(t.db, org.id, new Date(Date.now() - 10 * 86_400_000));
    const other = await createOwnEvent(t.db, org.id, new Date(Date.now() - 5 * 86_400_000));
    const regular = await createPerson(t.db, { name: "常連 太郎" });
    await register(t.db, older.id, regular.id, "ATTENDED", new Date(Date.now() - 70 * 86_400_000));
    const recent = await register(t.db, newer.id, regular.id, "ATTENDED", new Date(Date.now() - 20 * 86_400_000));
    // Registered last of all, but not in the segment: does not give the merge values.
    await register(t.db, other.id, regular.id, "CANCELLED", new Date(Date.now() - 6 * 86_400_000));

    const { rows } = await fanOut(org.id, "FOLLOW_UP", segment({ eventIds: [older.id, newer.id, other.id], statuses: ["ATTENDED"] }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      participantId: regular.id,
      registrationId: recent.id,
      eventId: newer.id,
      toEmail: regular.address,
      toName: "常連 太郎",
      template: "campaign",
      category: "FOLLOW_UP",
      payload: { name: "常連 太郎", eventTitleJa: newer.titleJa, eventTitleEn: newer.titleEn, eventStartsAt: newer.startsAt.toISOString() },
    });
  });

  it("never includes anonymised people", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const kept = await createPerson(t.db);
    const gone = await createPerson(t.db, { anonymized: true });
    const noAddress = await createPerson(t.db);
    await t.db.participant.update({ where: { id: noAddress.id }, data: { anonymizedAt: new Date() } });
    for (const p of [kept, gone, noAddress]) await register(t.db, event.id, p.id, "ATTENDED");

    const result = await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id] }));
    expect([...result.byPerson.keys()]).toEqual([kept.id]);
    expect(result.summary).toEqual({ recipients: 1, skipped: 0, unsubscribed: 0, noConsent: 0 });
  });
});

describe("segment: who is skipped", () => {
  it("follow-ups need no consent; news needs a current consent for that news", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const wdlNews = await createPerson(t.db, { consents: ["WDL_NEWS"] });
    const cityNews = await createPerson(t.db, { consents: ["CITY_NEWS"] });
    const withdrawn = await createPerson(t.db, { withdrawn: ["WDL_NEWS", "CITY_NEWS"] });
    const nothing = await createPerson(t.db, { consents: ["SURVEY"] });
    for (const p of [wdlNews, cityNews, withdrawn, nothing]) await register(t.db, event.id, p.id, "ATTENDED");

    const followUp = await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id] }));
    expect(followUp.sendable).toEqual(new Set([wdlNews.id, cityNews.id, withdrawn.id, nothing.id]));

    const wdl = await recipients(org.id, "WDL_NEWS", segment());
    expect(wdl.sendable).toEqual(new Set([wdlNews.id]));
    expect(wdl.skipped).toEqual(new Set([cityNews.id, withdrawn.id, nothing.id]));
    expect(wdl.byPerson.get(withdrawn.id)).toEqual(["SUPPRESSED", "no_consent"]);
    expect(wdl.summary).toEqual({ recipients: 1, skipped: 3, unsubscribed: 0, noConsent: 3 });

    const city = await recipients(org.id, "CITY_NEWS", segment());
    expect(city.sendable).toEqual(new Set([cityNews.id]));
  });

  it("skips an address that stopped this kind of mail, and only this kind", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const stoppedFollowUps = await createPerson(t.db, { consents: ["WDL_NEWS"] });
    const stoppedNews = await createPerson(t.db, { consents: ["WDL_NEWS"] });
    await suppress(t.db, stoppedFollowUps.address, "FOLLOW_UP");
    await suppress(t.db, stoppedNews.address, "WDL_NEWS");
    for (const p of [stoppedFollowUps, stoppedNews]) await register(t.db, event.id, p.id, "ATTENDED");

    const followUp = await recipients(org.id, "FOLLOW_UP", segment({ eventIds: [event.id] }));
    expect(followUp.byPerson.get(stoppedFollowUps.id)).toEqual(["SUPPRESSED", "unsubscribed"]);
    expect(followUp.byPerson.get(stoppedNews.id)).toEqual(["PENDING", null]);
    expect(followUp.summary).toMatchObject({ recipients: 1, skipped: 1, unsubscribed: 1 });

    const news = await recipients(org.id, "WDL_NEWS", segment());
    expect(news.byPerson.get(stoppedNews.id)).toEqual(["SUPPRESSED", "unsubscribed"]);
    expect(news.byPerson.get(stoppedFollowUps.id)).toEqual(["PENDING", null]);
  });

  it("previews the first person who would get the mail, never a skipped one", async () => {
    const org = await createOrganization(t.db);
    const event = await createOwnEvent(t.db, org.id);
    const first = await createPerson(t.db, { name: "最初 の人" });
    const second = await createPerson(t.db, { name: "二番 の人" });
    await suppress(t.db, first.address, "FOLLOW_UP");
    for (const p of [first, second]) await register(t.db, event.id, p.id, "ATTENDED");
    const preview = await getPreviewRecipient(org.id, "FOLLOW_UP", segment({ eventIds: [event.id] }));
    expect(preview).toMatchObject({ participantId: second.id, name: "二番 の人", email: second.address, eventTitleJa: event.titleJa, skipReason: null });
    expect(await getPreviewRecipient(org.id, "FOLLOW_UP", segment({ eventIds: [event.id], statuses: ["NO_SHOW"] }))).toBeNull();
  });
});
