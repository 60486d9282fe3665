import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIn, markNoShows, undoCheckIn } from "@/lib/checkin/mutations";
import { checkinPayloadFor, parseCheckinInput } from "@/lib/checkin/token";
import { checkinOpensAt } from "@/lib/checkin/window";
import { cancelRegistration, registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent as createFixtureEvent, createOrganizations, seatCounts, signup } from "../../../support/fixtures";

let t: TestDatabase;
let staff: { id: string; organizationId: string };
let outsider: { id: string; organizationId: string };

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl } = await createOrganizations(t.db);
  staff = await t.db.user.create({ data: { email: "door@wdl.example", name: "受付 太郎", organizationId: wdl.id, role: "CHECKIN" } });
  const other = await t.db.organization.create({ data: { slug: "other-org", kind: "WDL", nameJa: "別団体", nameEn: "Other" } });
  outsider = await t.db.user.create({ data: { email: "door@other.example", organizationId: other.id, role: "CHECKIN" } });
});
afterAll(async () => {
  await t.drop();
});

async function registered(eventId: string, who = randomBytes(3).toString("hex"), options: { now?: Date } = {}) {
  const outcome = await registerForEvent(eventId, signup(who, { name: `参加 ${who}`, furigana: "さんか" }), options);
  if (outcome.kind !== "registered") throw new Error(outcome.kind);
  return t.db.registration.findUniqueOrThrow({ where: { id: outcome.registrationId } });
}

// The door opens on the event day (lib/checkin/window.ts): events here start within the hour unless a test
// says otherwise.
const createEvent = (db: TestDatabase["db"], overrides: Parameters<typeof createFixtureEvent>[1] = {}) =>
  createFixtureEvent(db, { startsAt: new Date(Math.floor((Date.now() + 3_600_000) / 60_000) * 60_000), ...overrides });

const history = (registrationId: string) =>
  t.db.registrationTransition.findMany({ where: { registrationId }, orderBy: { createdAt: "asc" } });

describe("checkIn", () => {
  it("moves CONFIRMED to ATTENDED with time, staff, a history row and an audit entry; the seat is kept", async () => {
    const event = await createEvent(t.db, { capacity: 5 });
    const person = await registered(event.id, "door-1");
    const before = await seatCounts(t.db, event.id);

    const outcome = await checkIn({ eventId: event.id, registrationId: person.id }, staff, { method: "qr" });
    expect(outcome).toMatchObject({ ok: true, already: false, from: "CONFIRMED", person: { registrationId: person.id, name: "参加 door-1", furigana: "さんか" } });

    const row = await t.db.registration.findUniqueOrThrow({ where: { id: person.id } });
    expect(row).toMatchObject({ status: "ATTENDED", checkedInById: staff.id });
    expect(row.checkedInAt).toBeInstanceOf(Date);
    expect((await history(person.id)).map((h) => [h.fromStatus, h.toStatus, h.actorType, h.actorUserId])).toEqual([
      [null, "CONFIRMED", "PARTICIPANT", null],
      ["CONFIRMED", "ATTENDED", "STAFF", staff.id],
    ]);
    const audit = await t.db.auditLog.findMany({ where: { targetId: person.id } });
    expect(audit).toMatchObject([{ action: "registration.checkin", actorUserId: staff.id, eventId: event.id, detail: { method: "qr" } }]);
    expect((await seatCounts(t.db, event.id)).seats).toBe(before.seats);
  });

  it("is harmless twice: the second answer is 'already checked in' and nothing changes", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    const first = await checkIn({ eventId: event.id, registrationId: person.id }, staff);
    const atFirst = await t.db.registration.findUniqueOrThrow({ where: { id: person.id } });
    const second = await checkIn({ eventId: event.id, checkinCode: person.checkinCode }, staff, { now: new Date(Date.now() + 60_000) });
    expect(first).toMatchObject({ ok: true, already: false });
    expect(second).toMatchObject({ ok: true, already: true, checkedInAt: atFirst.checkedInAt });
    const after = await t.db.registration.findUniqueOrThrow({ where: { id: person.id } });
    expect(after).toEqual(atFirst);
    expect(await history(person.id)).toHaveLength(2);
    expect(await t.db.auditLog.count({ where: { targetId: person.id } })).toBe(1);
  });

  it("checks a person in once when several phones scan the same code at the same moment", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => checkIn({ eventId: event.id, registrationId: person.id }, staff)),
    );
    expect(outcomes.filter((o) => o.ok && !o.already)).toHaveLength(1);
    expect(outcomes.filter((o) => o.ok && o.already)).toHaveLength(5);
    expect(await history(person.id)).toHaveLength(2);
  });

  it("finds a person by the check-in code of this event, as typed at the door", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    const typed = parseCheckinInput(person.checkinCode.toLowerCase().replace(/(.{4})/, "$1-"));
    expect(typed).toEqual({ kind: "code", checkinCode: person.checkinCode });
    expect(await checkIn({ eventId: event.id, checkinCode: person.checkinCode }, staff, { method: "code" })).toMatchObject({ ok: true, already: false });
  });

  it("reads a QR payload made for the registration and checks that person in", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    const read = parseCheckinInput(checkinPayloadFor(person.id));
    expect(read).toEqual({ kind: "token", registrationId: person.id });
    expect(await checkIn({ eventId: event.id, registrationId: person.id }, staff)).toMatchObject({ ok: true, already: false });
  });
});

describe("checkIn refusals: nothing changes", () => {
  it("refuses a valid ticket of another event, naming that event", async () => {
    const here = await createEvent(t.db);
    const there = await createEvent(t.db);
    const person = await registered(there.id);
    const read = parseCheckinInput(checkinPayloadFor(person.id));
    if (read.kind !== "token") throw new Error(read.kind);
    const outcome = await checkIn({ eventId: here.id, registrationId: read.registrationId }, staff);
    expect(outcome).toMatchObject({ ok: false, reason: "other_event", otherEvent: { titleJa: there.titleJa, startsAt: there.startsAt } });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
    // Another event's code typed at this door names that event too.
    expect(await checkIn({ eventId: here.id, checkinCode: person.checkinCode }, staff)).toMatchObject({
      ok: false,
      reason: "other_event",
      otherEvent: { titleJa: there.titleJa, startsAt: there.startsAt },
    });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
  });

  it("names the event a typed code belongs to only to staff who may see that event", async () => {
    const here = await createEvent(t.db);
    const there = await createEvent(t.db);
    await t.db.event.update({ where: { id: there.id }, data: { titleJa: "別の夜のイベント" } });
    const person = await registered(there.id);
    expect(await checkIn({ eventId: here.id, checkinCode: person.checkinCode }, staff, { method: "code" })).toMatchObject({
      ok: false,
      reason: "other_event",
      otherEvent: { titleJa: "別の夜のイベント" },
    });
    // Staff of another organisation: the code is unknown, the event unnamed.
    const theirs = await t.db.event.create({
      data: {
        slug: `theirs-${randomBytes(3).toString("hex")}`,
        status: "PUBLISHED",
        ownerOrganizationId: outsider.organizationId,
        titleJa: "別団体のイベント",
        descriptionJa: "",
        startsAt: here.startsAt,
        endsAt: here.endsAt,
        organizers: { create: [{ organizationId: outsider.organizationId, role: "HOST" }] },
      },
    });
    expect(await checkIn({ eventId: theirs.id, checkinCode: person.checkinCode }, outsider)).toEqual({ ok: false, reason: "not_found" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
  });

  it("refuses before the door opens on the event day (JST), saying when it opens; from then on it works", async () => {
    const startsAt = new Date(Math.floor((Date.now() + 90 * 86_400_000) / 60_000) * 60_000);
    const event = await createEvent(t.db, { startsAt });
    const person = await registered(event.id);
    const opensAt = checkinOpensAt(startsAt);
    const outcome = await checkIn({ eventId: event.id, checkinCode: person.checkinCode }, staff, { method: "code" });
    expect(outcome).toMatchObject({ ok: false, reason: "too_early", opensAt, person: { registrationId: person.id } });
    const early = await checkIn({ eventId: event.id, registrationId: person.id }, staff, { now: new Date(opensAt.getTime() - 1) });
    expect(early).toMatchObject({ ok: false, reason: "too_early" });
    expect(await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ status: "CONFIRMED", checkedInAt: null });
    expect(await t.db.auditLog.count({ where: { targetId: person.id } })).toBe(0);
    expect(await checkIn({ eventId: event.id, registrationId: person.id }, staff, { now: opensAt })).toMatchObject({ ok: true, already: false });
  });

  it("refuses a forged token before anything is looked up", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    const payload = checkinPayloadFor(person.id);
    expect(parseCheckinInput(payload.slice(0, -2) + (payload.endsWith("xx") ? "yy" : "xx"))).toEqual({ kind: "forged" });
  });

  it("refuses a cancelled registration with the person's name", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id, "cancelled-1");
    await cancelRegistration(person.id, { type: "PARTICIPANT" });
    const outcome = await checkIn({ eventId: event.id, registrationId: person.id }, staff);
    expect(outcome).toMatchObject({ ok: false, reason: "cancelled", person: { name: "参加 cancelled-1" } });
    const row = await t.db.registration.findUniqueOrThrow({ where: { id: person.id } });
    expect(row).toMatchObject({ status: "CANCELLED", checkedInAt: null, checkedInById: null });
    expect(await t.db.auditLog.count({ where: { targetId: person.id } })).toBe(0);
  });

  it("refuses people without a confirmed place (waitlisted, pending)", async () => {
    const full = await createEvent(t.db, { capacity: 1 });
    await registered(full.id);
    const waiting = await registered(full.id);
    expect(waiting.status).toBe("WAITLISTED");
    expect(await checkIn({ eventId: full.id, registrationId: waiting.id }, staff)).toMatchObject({ ok: false, reason: "not_confirmed" });
    const review = await createEvent(t.db, { approvalRequired: true });
    const pending = await registered(review.id);
    expect(await checkIn({ eventId: review.id, checkinCode: pending.checkinCode }, staff)).toMatchObject({ ok: false, reason: "not_confirmed" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");
  });

  it("answers not_found for unknown codes and ids, and for staff of an organisation that does not run the event", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    expect(await checkIn({ eventId: event.id, checkinCode: "ZZZZZZZZ" }, staff)).toEqual({ ok: false, reason: "not_found" });
    expect(await checkIn({ eventId: event.id, registrationId: "0190a0b0-0000-7000-8000-000000000000" }, staff)).toEqual({ ok: false, reason: "not_found" });
    expect(await checkIn("not-a-uuid", staff)).toEqual({ ok: false, reason: "not_found" });
    expect(await checkIn({ eventId: event.id, registrationId: person.id }, outsider)).toEqual({ ok: false, reason: "not_found" });
    expect(await checkIn(person.id, outsider)).toEqual({ ok: false, reason: "not_found" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
  });
});

describe("undoCheckIn", () => {
  it("puts a mistaken check-in back to CONFIRMED, with history; a second undo changes nothing", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    await checkIn({ eventId: event.id, registrationId: person.id }, staff);
    expect(await undoCheckIn({ eventId: event.id, registrationId: person.id }, staff)).toMatchObject({ ok: true });
    expect(await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ status: "CONFIRMED", checkedInAt: null, checkedInById: null });
    expect(await undoCheckIn({ eventId: event.id, registrationId: person.id }, staff)).toEqual({ ok: false, reason: "not_checked_in" });
    expect((await history(person.id)).map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      [null, "CONFIRMED", null],
      ["CONFIRMED", "ATTENDED", "checked_in"],
      ["ATTENDED", "CONFIRMED", "checkin_undone"],
    ]);
  });
});

describe("markNoShows", () => {
  async function pastEvent(capacity = 10) {
    const startsAt = new Date(Math.floor((Date.now() - 5 * 3_600_000) / 60_000) * 60_000); // ended 3 h ago
    const event = await createEvent(t.db, { startsAt, capacity });
    const signupTime = new Date(startsAt.getTime() - 7 * 86_400_000);
    return { event, signupTime };
  }

  it("refuses before the event has ended", async () => {
    const event = await createEvent(t.db);
    const person = await registered(event.id);
    expect(await markNoShows(event.id, staff)).toEqual({ ok: false, reason: "not_ended" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
  });

  it("marks only unmarked confirmed people, with a history row each; a second run marks nobody", async () => {
    const { event, signupTime } = await pastEvent();
    const came = await registered(event.id, undefined, { now: signupTime });
    const absent1 = await registered(event.id, undefined, { now: signupTime });
    const absent2 = await registered(event.id, undefined, { now: signupTime });
    const cancelled = await registered(event.id, undefined, { now: signupTime });
    await cancelRegistration(cancelled.id, { type: "PARTICIPANT" }, { now: signupTime });
    await checkIn({ eventId: event.id, registrationId: came.id }, staff);

    expect(await markNoShows(event.id, staff)).toEqual({ ok: true, marked: 2 });
    const statuses = Object.fromEntries(
      (await t.db.registration.findMany({ where: { eventId: event.id } })).map((r) => [r.id, r.status]),
    );
    expect(statuses).toEqual({ [came.id]: "ATTENDED", [absent1.id]: "NO_SHOW", [absent2.id]: "NO_SHOW", [cancelled.id]: "CANCELLED" });
    for (const id of [absent1.id, absent2.id]) {
      expect((await history(id)).at(-1)).toMatchObject({ fromStatus: "CONFIRMED", toStatus: "NO_SHOW", actorType: "STAFF", actorUserId: staff.id, reason: "not_checked_in" });
    }
    expect(await t.db.auditLog.findFirst({ where: { action: "registrations.mark_no_show", eventId: event.id } })).toMatchObject({ subjectCount: 2 });

    expect(await markNoShows(event.id, staff)).toEqual({ ok: true, marked: 0 });
    expect(await t.db.registrationTransition.count({ where: { registration: { eventId: event.id }, toStatus: "NO_SHOW" } })).toBe(2);
    // Someone marked absent cannot be "already checked in" by a stray tap, but a correction is possible.
    expect(await checkIn({ eventId: event.id, registrationId: absent1.id }, staff)).toMatchObject({ ok: true, already: false, from: "NO_SHOW" });
  });

  it("refuses a no-show correction when every seat is taken", async () => {
    const { event, signupTime } = await pastEvent(2);
    const a = await registered(event.id, undefined, { now: signupTime });
    await registered(event.id, undefined, { now: signupTime });
    await markNoShows(event.id, staff);
    await t.db.event.update({ where: { id: event.id }, data: { capacity: 0 } });
    expect(await checkIn({ eventId: event.id, registrationId: a.id }, staff)).toMatchObject({ ok: false, reason: "full" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("NO_SHOW");
  });

  it("answers not_found to staff of an organisation that does not run the event", async () => {
    const { event, signupTime } = await pastEvent();
    const person = await registered(event.id, undefined, { now: signupTime });
    expect(await markNoShows(event.id, outsider)).toEqual({ ok: false, reason: "not_found" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
  });
});
