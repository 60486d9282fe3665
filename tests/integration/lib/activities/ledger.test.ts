import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStaffActivity } from "@/lib/activities/mutations";
import { getStaffParticipant } from "@/lib/registrations/staff/data";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createOrganizations } from "../../../support/fixtures";
import { ledgerEvent, ledgerPerson, register, staffUser, type StaffUser } from "./helpers";

// A person's ledger as each organisation sees it (getStaffParticipant): stage, registrations with where and
// what kind of event, relationship at entry and now, activities, and for organisers only the survey with what
// came of each next step. The city's view carries none of the survey or the notes, and its provision record
// names what it was shown.

let t: TestDatabase;
let organizer: StaffUser;
let cityStaff: StaffUser;
let otherOrgId: string;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const isoDaysAgo = (n: number) => new Date(Date.now() + 9 * 3_600_000 - n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  otherOrgId = (await t.db.organization.create({ data: { slug: "other-org", kind: "WDL", nameJa: "別の団体", nameEn: "Another group" } })).id;
  organizer = await staffUser(t.db, wdl.id, "WDL_ORGANIZER");
  cityStaff = await staffUser(t.db, city.id, "CITY_STAFF");
});
afterAll(async () => {
  await t.drop();
});

describe("getStaffParticipant: the ledger", () => {
  it("shows organisers the whole ledger and the city only its items, each view accounted for", async () => {
    const { participant } = await ledgerPerson(t.db, { cityConsent: true, relationships: ["VISITED", "FURUSATO_NOZEI"] });
    await t.db.consent.create({ data: { participantId: participant.id, purpose: "WDL_NEWS", version: "test", withdrawnAt: daysAgo(100), withdrawnVia: "participant_page" } });

    // Signed up first for an event another organisation runs: not "at entry" for these two organisations.
    const outside = await ledgerEvent(t.db, { startsAt: daysAgo(300), organizers: [otherOrgId] });
    await register(t.db, participant.id, outside.id, "ATTENDED", { relationshipsAtSignup: ["HOMETOWN"], createdAt: daysAgo(320) });
    const talk = await ledgerEvent(t.db, { startsAt: daysAgo(200), area: "TOKYO_AREA", kind: "TALK", titleJa: "東京のトーク" });
    const talkReg = await register(t.db, participant.id, talk.id, "ATTENDED", { relationshipsAtSignup: ["NONE"], createdAt: daysAgo(220) });
    const tour = await ledgerEvent(t.db, { startsAt: daysAgo(30), area: "OGAKI", kind: "FIELDWORK", titleJa: "大垣のまち歩き" });
    await register(t.db, participant.id, tour.id, "ATTENDED", { relationshipsAtSignup: ["VISITED"], createdAt: daysAgo(60) });
    const upcoming = await ledgerEvent(t.db, { startsAt: new Date(Date.now() + 10 * DAY), area: "ONLINE", kind: "WORKSHOP" });
    await register(t.db, participant.id, upcoming.id, "CONFIRMED", { relationshipsAtSignup: ["VISITED"], createdAt: daysAgo(1) });

    await t.db.surveyResponse.create({
      data: {
        registrationId: talkReg.id,
        participantId: participant.id,
        eventId: talk.id,
        satisfaction: 5,
        joinAgain: "YES",
        nextSteps: ["VISIT_OGAKI", "FURUSATO_NOZEI", "NEWSLETTER"],
        comment: "とても良かった",
        submittedAt: daysAgo(199),
      },
    });
    const volunteering = await recordStaffActivity(cityStaff, participant.id, { kind: "VOLUNTEER", occurredOn: isoDaysAgo(10), note: "清掃ボランティア（市のメモ）" });
    if (!volunteering.ok) throw new Error(volunteering.reason);

    const full = await getStaffParticipant(organizer, participant.id);
    if (!full) throw new Error("not shown");
    // 関与 (volunteering); the talk, the tour and the volunteering are 3 activities within 12 months: premium.
    // Registrations in scope: the talk, the tour and the upcoming workshop (signed up yesterday).
    expect(full.stage).toMatchObject({ stage: "ENGAGEMENT", premium: true, facts: { attended: 2, registrations: 3, activitiesLast12Months: 3 } });
    expect(full.registrations.map((r) => [r.event.id, r.event.area, r.event.kind, r.status])).toEqual([
      [upcoming.id, "ONLINE", "WORKSHOP", "CONFIRMED"],
      [tour.id, "OGAKI", "FIELDWORK", "ATTENDED"],
      [talk.id, "TOKYO_AREA", "TALK", "ATTENDED"],
    ]);
    expect(full.relationshipsAtEntry).toEqual(["NONE"]);
    expect(full.participant.relationships).toEqual(["VISITED", "FURUSATO_NOZEI"]);
    expect(full.activities).toEqual([
      {
        id: volunteering.activityId,
        kind: "VOLUNTEER",
        source: "STAFF",
        occurredOn: new Date(`${isoDaysAgo(10)}T00:00:00.000Z`),
        note: "清掃ボランティア（市のメモ）",
        recordedBy: { name: expect.stringContaining("CITY_STAFF"), organizationJa: "大垣市", organizationEn: "Ogaki City" },
        removable: false, // the city recorded it: not WDL's to remove
      },
    ]);
    expect(full.surveys).toHaveLength(1);
    expect(full.surveys![0]).toMatchObject({ eventId: talk.id, satisfaction: 5, joinAgain: "YES", comment: "とても良かった" });
    expect(full.surveys![0]!.outcomes).toEqual([
      { step: "VISIT_OGAKI", state: "realised", by: { type: "event", on: tour.startsAt, event: expect.objectContaining({ id: tour.id, area: "OGAKI" }) } },
      { step: "FURUSATO_NOZEI", state: "pending" },
      { step: "NEWSLETTER", state: "pending" }, // the news consent was withdrawn
    ]);

    const since = new Date();
    const city = await getStaffParticipant(cityStaff, participant.id);
    if (!city) throw new Error("not shown to the city");
    expect(city.stage).toMatchObject({ stage: "ENGAGEMENT", premium: true });
    expect(city.relationshipsAtEntry).toEqual(["NONE"]);
    expect(city).not.toHaveProperty("surveys");
    expect(city.activities).toEqual([
      { id: volunteering.activityId, kind: "VOLUNTEER", source: "STAFF", occurredOn: new Date(`${isoDaysAgo(10)}T00:00:00.000Z`), removable: true },
    ]);
    const text = JSON.stringify(city);
    for (const secret of ["とても良かった", "清掃ボランティア", "@example.com", "WDL_NEWS"]) expect(text).not.toContain(secret);

    const record = await t.db.provisionRecord.findFirstOrThrow({
      where: { staffUserId: cityStaff.id, eventId: null, createdAt: { gte: since } },
      include: { persons: true },
    });
    expect(record.items).toEqual(expect.arrayContaining(["name", "relationships", "registrations", "relationshipsAtSignup", "stage", "activities"]));
    expect(record.persons.map((p) => p.participantId)).toEqual([participant.id]);
  });

  it("shows someone only registered for an upcoming event, with their relationship at entry and an empty ledger", async () => {
    const { participant } = await ledgerPerson(t.db);
    const upcoming = await ledgerEvent(t.db, { startsAt: new Date(Date.now() + 5 * DAY) });
    await register(t.db, participant.id, upcoming.id, "CONFIRMED", { relationshipsAtSignup: ["NONE"] });
    const detail = await getStaffParticipant(organizer, participant.id);
    expect(detail).toMatchObject({ relationshipsAtEntry: ["NONE"], surveys: [], activities: [] });
  });
});
