import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStaffActivity, removeOwnActivity, removeStaffActivity, reportOwnActivity } from "@/lib/activities/mutations";
import { SELF_REPORTS_PER_DAY, type ActivityInput } from "@/lib/activities/schema";
import { getPersonStage } from "@/lib/insights/data";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createOrganizations } from "../../../support/fixtures";
import { ledgerEvent, ledgerPerson, register, staffUser, type StaffUser } from "./helpers";

// Recording the ledger's activities against the real database: who may record for whom (the person page's
// own rule), what the audit log keeps, that the stage follows at once, and the person's own reports.

let t: TestDatabase;
let organizer: StaffUser;
let wdlAdmin: StaffUser;
let cityStaff: StaffUser;
let checkin: StaffUser;
let otherCity: StaffUser;
let otherOrgId: string;

const DAY = 86_400_000;
const visit = (occurredOn: string, note: string | null = null): ActivityInput => ({ kind: "VISIT_OGAKI", occurredOn, note });
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const isoDaysAgo = (n: number) => new Date(Date.now() + 9 * 3_600_000 - n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  const other = await t.db.organization.create({ data: { slug: "other-city", kind: "CITY", nameJa: "別の市", nameEn: "Another City" } });
  otherOrgId = other.id;
  organizer = await staffUser(t.db, wdl.id, "WDL_ORGANIZER");
  wdlAdmin = await staffUser(t.db, wdl.id, "WDL_ADMIN");
  cityStaff = await staffUser(t.db, city.id, "CITY_STAFF");
  checkin = await staffUser(t.db, wdl.id, "CHECKIN");
  otherCity = await staffUser(t.db, other.id, "CITY_ADMIN");
});
afterAll(async () => {
  await t.drop();
});

/** Someone who attended one past talk in Tokyo that both partners organised. */
async function attendee(options: { cityConsent?: boolean } = {}) {
  const { participant } = await ledgerPerson(t.db, options);
  const event = await ledgerEvent(t.db, { startsAt: daysAgo(30) });
  await register(t.db, participant.id, event.id, "ATTENDED");
  return participant;
}

describe("recordStaffActivity", () => {
  it("records for a person in scope, audits it without the note, and moves the stage at once (参加 → 訪問 → 関与, premium at 3)", async () => {
    const person = await attendee();
    expect(await getPersonStage(organizer, person.id)).toMatchObject({ stage: "PARTICIPATION", premium: false });

    const result = await recordStaffActivity(organizer, person.id, visit(isoDaysAgo(0), "市役所で面談"), { ip: "192.0.2.1" });
    if (!result.ok) throw new Error(result.reason);
    const row = await t.db.activity.findUniqueOrThrow({ where: { id: result.activityId } });
    expect(row).toMatchObject({ participantId: person.id, kind: "VISIT_OGAKI", source: "STAFF", note: "市役所で面談", recordedById: organizer.id });
    expect(row.occurredOn.toISOString()).toBe(`${isoDaysAgo(0)}T00:00:00.000Z`);

    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "activity.record", targetId: person.id } });
    expect(audit).toMatchObject({ actorUserId: organizer.id, organizationId: organizer.organizationId, targetType: "Participant", subjectCount: 1, ip: "192.0.2.1" });
    expect(audit.detail).toEqual({ activityId: row.id, kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(0), withNote: true });
    expect(JSON.stringify(audit.detail)).not.toContain("市役所");

    // Today's visit counts today: 参加 → 訪問, and one attendance + one activity is not yet premium.
    expect(await getPersonStage(organizer, person.id)).toMatchObject({ stage: "VISIT", premium: false, facts: { activitiesLast12Months: 2 } });
    const sideJob = await recordStaffActivity(organizer, person.id, { kind: "SIDE_JOB", occurredOn: isoDaysAgo(3), note: null });
    expect(sideJob.ok).toBe(true);
    expect(await getPersonStage(organizer, person.id)).toMatchObject({ stage: "ENGAGEMENT", premium: true, facts: { activitiesLast12Months: 3 } });
  });

  it("refuses a person outside the organisation's events, roles without the permission, and a malformed id; nothing is written", async () => {
    const { participant } = await ledgerPerson(t.db, { cityConsent: true });
    const elsewhere = await ledgerEvent(t.db, { startsAt: daysAgo(10), organizers: [otherOrgId] });
    await register(t.db, participant.id, elsewhere.id, "ATTENDED");

    expect(await recordStaffActivity(organizer, participant.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "not_found" });
    expect(await recordStaffActivity(cityStaff, participant.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "not_found" });
    // Another city's admin organises that event, so it may record (its own scope).
    expect((await recordStaffActivity(otherCity, participant.id, visit(isoDaysAgo(1)))).ok).toBe(true);

    const mine = await attendee({ cityConsent: true });
    expect(await recordStaffActivity(checkin, mine.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "not_found" });
    expect(await recordStaffActivity(otherCity, mine.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "not_found" });
    expect(await recordStaffActivity(organizer, "not-a-uuid", visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "not_found" });
    expect(await t.db.activity.count({ where: { participantId: mine.id } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: "activity.record", targetId: mine.id } })).toBe(0);
  });

  it("lets city staff record only for a person with a current provision consent", async () => {
    const without = await attendee({ cityConsent: false });
    expect(await recordStaffActivity(cityStaff, without.id, visit(isoDaysAgo(2)))).toEqual({ ok: false, reason: "not_found" });
    expect(await t.db.activity.count({ where: { participantId: without.id } })).toBe(0);

    const consenting = await attendee({ cityConsent: true });
    const recorded = await recordStaffActivity(cityStaff, consenting.id, { kind: "CITY_PROJECT", occurredOn: isoDaysAgo(2), note: null });
    expect(recorded.ok).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: "activity.record", targetId: consenting.id, actorUserId: cityStaff.id } })).toBe(1);

    // Withdrawn: the city may no longer see the person, so it may no longer write about them either.
    await t.db.consent.updateMany({ where: { participantId: consenting.id, withdrawnAt: null }, data: { withdrawnAt: new Date(), withdrawnVia: "participant_page" } });
    expect(await recordStaffActivity(cityStaff, consenting.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "not_found" });
  });

  it("writes nothing new about a person who asked to be deleted", async () => {
    const { participant } = await ledgerPerson(t.db, { anonymized: true });
    const event = await ledgerEvent(t.db, { startsAt: daysAgo(5) });
    await register(t.db, participant.id, event.id, "ATTENDED");
    expect(await recordStaffActivity(organizer, participant.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "anonymized" });
  });
});

describe("removeStaffActivity", () => {
  it("removes only what staff of the remover's organisation recorded, once, audited; the stage drops back", async () => {
    const person = await attendee({ cityConsent: true });
    const byOrganizer = await recordStaffActivity(organizer, person.id, visit(isoDaysAgo(1)));
    const byCity = await recordStaffActivity(cityStaff, person.id, { kind: "VOLUNTEER", occurredOn: isoDaysAgo(1), note: null });
    const own = await reportOwnActivity(person.id, { kind: "FURUSATO_NOZEI", occurredOn: isoDaysAgo(1), note: null });
    if (!byOrganizer.ok || !byCity.ok || !own.ok) throw new Error("setup");

    // Not the other organisation's record, not the person's own report.
    expect(await removeStaffActivity(organizer, person.id, byCity.activityId)).toEqual({ ok: false, reason: "not_found" });
    expect(await removeStaffActivity(organizer, person.id, own.activityId)).toEqual({ ok: false, reason: "not_found" });
    expect(await removeStaffActivity(cityStaff, person.id, byOrganizer.activityId)).toEqual({ ok: false, reason: "not_found" });
    // Not through another person's page.
    const stranger = await attendee();
    expect(await removeStaffActivity(organizer, stranger.id, byOrganizer.activityId)).toEqual({ ok: false, reason: "not_found" });

    // A colleague of the same organisation may; a second click removes nothing more.
    expect(await removeStaffActivity(wdlAdmin, person.id, byOrganizer.activityId, { ip: "192.0.2.2" })).toEqual({ ok: true });
    expect(await removeStaffActivity(wdlAdmin, person.id, byOrganizer.activityId)).toEqual({ ok: false, reason: "not_found" });
    expect(await t.db.activity.findMany({ where: { participantId: person.id }, select: { id: true }, orderBy: { id: "asc" } })).toEqual(
      [{ id: byCity.activityId }, { id: own.activityId }].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "activity.delete", targetId: person.id } });
    expect(audit).toMatchObject({ actorUserId: wdlAdmin.id, ip: "192.0.2.2", subjectCount: 1 });
    expect(audit.detail).toEqual({ activityId: byOrganizer.activityId, kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(1), recordedById: organizer.id });

    expect(await removeStaffActivity(cityStaff, person.id, byCity.activityId)).toEqual({ ok: true });
    expect(await getPersonStage(organizer, person.id)).toMatchObject({ stage: "PARTICIPATION" });
  });
});

describe("the person's own reports", () => {
  it("adds a self-report (the stage follows), marks the person active, and removes only their own reports", async () => {
    const person = await attendee();
    const now = new Date();
    const report = await reportOwnActivity(person.id, { kind: "RELOCATION", occurredOn: isoDaysAgo(0), note: "引っ越しました" }, now);
    if (!report.ok) throw new Error(report.reason);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: report.activityId } })).toMatchObject({ source: "SELF_REPORTED", recordedById: null, note: "引っ越しました" });
    expect((await t.db.participant.findUniqueOrThrow({ where: { id: person.id } })).lastActiveAt).toEqual(now);
    expect(await getPersonStage(organizer, person.id)).toMatchObject({ stage: "VISIT" });

    const staffRecord = await recordStaffActivity(organizer, person.id, visit(isoDaysAgo(2)));
    if (!staffRecord.ok) throw new Error(staffRecord.reason);
    const other = await attendee();
    expect(await removeOwnActivity(other.id, report.activityId)).toEqual({ ok: false, reason: "not_found" });
    expect(await removeOwnActivity(person.id, staffRecord.activityId)).toEqual({ ok: false, reason: "not_found" });
    expect(await removeOwnActivity(person.id, report.activityId)).toEqual({ ok: true });
    expect(await removeOwnActivity(person.id, report.activityId)).toEqual({ ok: false, reason: "not_found" });
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(1);
  });

  it(`caps a person's reports at ${SELF_REPORTS_PER_DAY} a day and refuses an anonymised person`, async () => {
    const person = await attendee();
    const now = new Date();
    for (let i = 0; i < SELF_REPORTS_PER_DAY; i++) {
      expect((await reportOwnActivity(person.id, { kind: "OTHER", occurredOn: isoDaysAgo(1), note: null }, now)).ok).toBe(true);
    }
    expect(await reportOwnActivity(person.id, { kind: "OTHER", occurredOn: isoDaysAgo(1), note: null }, now)).toEqual({ ok: false, reason: "too_many" });
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(SELF_REPORTS_PER_DAY);

    const { participant: gone } = await ledgerPerson(t.db, { anonymized: true });
    expect(await reportOwnActivity(gone.id, visit(isoDaysAgo(1)))).toEqual({ ok: false, reason: "anonymized" });
  });
});
