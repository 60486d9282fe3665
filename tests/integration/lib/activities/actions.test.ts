import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { participantPagePath } from "@/lib/subscriptions/links";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createOrganizations } from "../../../support/fixtures";
import { ledgerEvent, ledgerPerson, register, staffUser, type StaffUser } from "./helpers";

// The forms' actions end to end against the database, with the session and Next's request helpers stubbed:
// the staff gate, bad input coming back as codes with the values kept (a future day is refused before
// anything is written), the person's signed link as the only credential, and where each action leads.

const session = vi.hoisted(() => ({ staff: null as null | { id: string; organizationId: string; role: string } }));
const revalidated = vi.hoisted(() => [] as string[]);

class Redirect extends Error {
  constructor(readonly url: string) {
    super(`NEXT_REDIRECT ${url}`);
  }
}

vi.mock("@/lib/server/auth", () => ({
  requireStaff: async (permission: string) => {
    const { can } = await import("@/lib/staff/permissions");
    if (!session.staff || !can(session.staff.role as never, permission as never)) throw new Error("NEXT_NOT_FOUND");
    return session.staff;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9" }) }));
vi.mock("next/cache", () => ({ revalidatePath: (path: string) => void revalidated.push(path) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const { recordActivityAction, removeActivityAction, removeActivityByToken, reportActivityByToken } = await import("@/lib/activities/actions");

let t: TestDatabase;
let organizer: StaffUser;
let cityStaff: StaffUser;
let checkin: StaffUser;

const isoDaysAgo = (n: number) => new Date(Date.now() + 9 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  organizer = await staffUser(t.db, wdl.id, "WDL_ORGANIZER");
  cityStaff = await staffUser(t.db, city.id, "CITY_STAFF");
  checkin = await staffUser(t.db, wdl.id, "CHECKIN");
});
afterAll(async () => {
  await t.drop();
});
beforeEach(() => {
  revalidated.length = 0;
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

async function attendee(cityConsent = false) {
  const { participant } = await ledgerPerson(t.db, { cityConsent });
  const event = await ledgerEvent(t.db, { startsAt: new Date(Date.now() - 20 * 86_400_000) });
  await register(t.db, participant.id, event.id, "ATTENDED");
  return participant;
}

async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Redirect) return error.url;
    throw error;
  }
  throw new Error("no redirect");
}

describe("recordActivityAction", () => {
  it("refuses a future day and a missing kind with codes, keeping the values; then records and revalidates the person's page", async () => {
    const person = await attendee();
    session.staff = organizer;
    const future = await recordActivityAction(person.id, { submission: 0 }, form({ kind: "", occurredOn: tomorrow(), note: "メモ" }));
    expect(future).toEqual({
      submission: 1,
      errors: { kind: "required", occurredOn: "future_date" },
      values: { kind: "", occurredOn: tomorrow(), note: "メモ" },
    });
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(0);
    expect(revalidated).toEqual([]);

    const saved = await recordActivityAction(person.id, future, form({ kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(0), note: "メモ" }));
    expect(saved).toEqual({ submission: 2, saved: true, values: { kind: "", occurredOn: "", note: "" } });
    expect(await t.db.activity.findFirstOrThrow({ where: { participantId: person.id } })).toMatchObject({ kind: "VISIT_OGAKI", source: "STAFF", recordedById: organizer.id });
    expect(revalidated).toContain(`/admin/participants/${person.id}`);
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "activity.record", targetId: person.id } })).toMatchObject({ ip: "198.51.100.9" });
  });

  it("is closed to roles without the permission, and refuses the city for a person without a provision consent", async () => {
    const person = await attendee(false);
    session.staff = checkin;
    await expect(recordActivityAction(person.id, { submission: 0 }, form({ kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(1) }))).rejects.toThrow("NEXT_NOT_FOUND");
    session.staff = cityStaff;
    expect(await recordActivityAction(person.id, { submission: 0 }, form({ kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(1), note: "" }))).toMatchObject({
      submission: 1,
      refused: "not_found",
    });
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(0);
  });
});

describe("removeActivityAction", () => {
  it("removes after the confirmation and goes back to the person's page saying so", async () => {
    const person = await attendee();
    session.staff = organizer;
    await recordActivityAction(person.id, { submission: 0 }, form({ kind: "SIDE_JOB", occurredOn: isoDaysAgo(3), note: "" }));
    const activity = await t.db.activity.findFirstOrThrow({ where: { participantId: person.id } });

    const url = await redirectOf(() => removeActivityAction(form({ participantId: person.id, activityId: activity.id })));
    expect(url).toBe(`/admin/participants/${person.id}?removed=1#activities-heading`);
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(0);
    const again = await redirectOf(() => removeActivityAction(form({ participantId: person.id, activityId: activity.id })));
    expect(again).toBe(`/admin/participants/${person.id}?removeFailed=1#activities-heading`);
  });
});

describe("the person's own page", () => {
  it("reports an activity with the signed link: codes for bad input, nothing for a forged link, then saved", async () => {
    const person = await attendee();
    const token = (await participantPagePath(person.id))!.split("/")[2]!;

    const bad = await reportActivityByToken(token, { submission: 0 }, form({ kind: "PARTY", occurredOn: "1999-12-31", note: "x".repeat(501) }));
    expect(bad).toEqual({
      submission: 1,
      errors: { kind: "invalid_choice", occurredOn: "too_early", note: "too_long" },
      values: { kind: "PARTY", occurredOn: "1999-12-31", note: "x".repeat(501) },
    });
    const forged = `${person.id}.${"A".repeat(43)}`;
    expect(await reportActivityByToken(forged, bad, form({ kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(1) }))).toMatchObject({ submission: 2, refused: "not_found" });
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(0);

    const saved = await reportActivityByToken(token, bad, form({ kind: "VISIT_OGAKI", occurredOn: isoDaysAgo(1), note: "水門川を散策" }));
    expect(saved).toEqual({ submission: 2, saved: true, values: { kind: "", occurredOn: "", note: "" } });
    const row = await t.db.activity.findFirstOrThrow({ where: { participantId: person.id } });
    expect(row).toMatchObject({ source: "SELF_REPORTED", note: "水門川を散策", recordedById: null });
    expect(revalidated).toContain(`/me/${token}`);

    // Removing: only with the right link, and the page says what happened.
    const other = await attendee();
    const otherToken = (await participantPagePath(other.id))!.split("/")[2]!;
    expect(await redirectOf(() => removeActivityByToken(otherToken, form({ activityId: row.id })))).toBe(`/me/${otherToken}?activityNotFound=1#me-activities`);
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(1);
    expect(await redirectOf(() => removeActivityByToken(token, form({ activityId: row.id })))).toBe(`/me/${token}?activityRemoved=1#me-activities`);
    expect(await t.db.activity.count({ where: { participantId: person.id } })).toBe(0);
  });
});
