import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptOffer,
  cancelEvent,
  changeCapacity,
  promoteFromWaitlist,
  approveRegistration,
  cancelRegistration,
  declineRegistration,
  expireOffers,
  manageTokenFor,
  registerForEvent,
} from "@/lib/registrations/mutations";
import { tokenHash } from "@/lib/server/secrets";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, seatCounts, signup } from "../../../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("registerForEvent", () => {
  it("confirms while seats last, then waitlists in order, with history, consents and one mail each", async () => {
    const event = await createEvent(t.db, { capacity: 2 });
    const outcomes = [];
    for (const n of [1, 2, 3, 4]) outcomes.push(await registerForEvent(event.id, signup(`order-${n}`)));
    expect(outcomes.map((o) => (o.kind === "registered" ? [o.status, o.waitlistPosition] : o.kind))).toEqual([
      ["CONFIRMED", null],
      ["CONFIRMED", null],
      ["WAITLISTED", 1],
      ["WAITLISTED", 2],
    ]);
    expect(await t.db.registrationTransition.count({ where: { registration: { eventId: event.id } } })).toBe(4);
    const mails = await t.db.outboxMessage.findMany({ where: { eventId: event.id }, orderBy: { createdAt: "asc" } });
    expect(mails.map((m) => m.template).sort()).toEqual([
      "registration-confirmed",
      "registration-confirmed",
      "registration-waitlisted",
      "registration-waitlisted",
    ]);
    const first = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: "personorder-1@example.com" }, include: { consents: true } });
    expect(first.consents.map((c) => c.purpose).sort()).toEqual(["CITY_PROVISION", "SURVEY"]);
  });

  it("stores only the hash of the manage token, and the token finds the registration", async () => {
    const event = await createEvent(t.db);
    const outcome = await registerForEvent(event.id, signup("token"));
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    const token = manageTokenFor(outcome.registrationId);
    const row = await t.db.registration.findUniqueOrThrow({ where: { id: outcome.registrationId } });
    expect(row.manageTokenHash).toBe(tokenHash(token));
    expect(JSON.stringify(await t.db.outboxMessage.findMany({ where: { registrationId: row.id } }))).not.toContain(token);
  });

  it("answers a second sign-up with the same address (any case) with the existing registration and mails the link again", async () => {
    const event = await createEvent(t.db);
    const first = await registerForEvent(event.id, signup("dup"));
    const again = await registerForEvent(event.id, signup("dup", { email: "PERSONDUP@Example.com" }));
    expect(again).toMatchObject({ kind: "already_registered", status: "CONFIRMED" });
    expect(first.kind === "registered" && again.kind === "already_registered" && again.registrationId === first.registrationId).toBe(true);
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "registration-exists" } })).toBe(1);
  });

  it("never changes a stored person from an unverified sign-up (not even a gap), keeps what was typed pending, and greets the stored name", async () => {
    const first = await createEvent(t.db);
    const second = await createEvent(t.db);
    await registerForEvent(first.id, signup("owner", { name: "本人 太郎", affiliation: undefined }));
    const before = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: "personowner@example.com" } });
    const outcome = await registerForEvent(second.id, signup("owner", { name: "なりすまし", affiliation: "別の会社" }));
    expect(outcome).toMatchObject({ kind: "registered", person: "known" });
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: "personowner@example.com" } });
    // Filling a gap was a change too: whoever typed it had not shown the address was theirs.
    expect(person).toEqual(before);
    const pending = await t.db.pendingSignupChange.findFirstOrThrow({ where: { participantId: person.id } });
    expect(pending.profile).toMatchObject({ name: "なりすまし", affiliation: "別の会社" });
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { eventId: second.id } });
    expect(mail.toName).toBe("本人 太郎");
    expect(mail.payload).toMatchObject({ name: "本人 太郎" });
  });

  it("puts approval events' sign-ups in the queue, refuses a full event without waitlist and a closed one", async () => {
    const approval = await createEvent(t.db, { approvalRequired: true });
    expect(await registerForEvent(approval.id, signup("a1"))).toMatchObject({ kind: "registered", status: "PENDING" });
    const noWaitlist = await createEvent(t.db, { capacity: 1, waitlistEnabled: false });
    await registerForEvent(noWaitlist.id, signup("f1"));
    expect(await registerForEvent(noWaitlist.id, signup("f2"))).toEqual({ kind: "full" });
    const closed = await createEvent(t.db, { registrationClosesAt: new Date(Date.now() - 1000) });
    expect(await registerForEvent(closed.id, signup("c1"))).toEqual({ kind: "closed" });
    const draft = await createEvent(t.db, { status: "DRAFT" });
    expect(await registerForEvent(draft.id, signup("d1"))).toEqual({ kind: "not_found" });
    expect(await t.db.registration.count({ where: { eventId: { in: [closed.id, draft.id] } } })).toBe(0);
    expect(await t.db.participant.count({ where: { emailNormalized: { in: ["personf2@example.com", "personc1@example.com", "persond1@example.com"] } } })).toBe(0);
  });
});

describe("seats under concurrency", () => {
  it("200 parallel sign-ups for 20 seats: exactly 20 confirmed, 180 waitlisted with positions 1..180", async () => {
    const event = await createEvent(t.db, { capacity: 20 });
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => registerForEvent(event.id, signup(`rush-${i}`))));
    const confirmed = outcomes.filter((o) => o.kind === "registered" && o.status === "CONFIRMED");
    const waitlisted = outcomes.flatMap((o) => (o.kind === "registered" && o.status === "WAITLISTED" ? [o.waitlistPosition] : []));
    expect(confirmed).toHaveLength(20);
    expect(waitlisted.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 20, WAITLISTED: 180, seats: 20 });
  });

  it("the same address submitted 10 times at once makes one registration", async () => {
    const event = await createEvent(t.db);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => registerForEvent(event.id, signup("twin"))));
    expect(outcomes.filter((o) => o.kind === "registered")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "already_registered")).toHaveLength(9);
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(1);
  });

  it("cancellations, approvals and new sign-ups racing never exceed capacity, and each freed seat is offered once", async () => {
    const event = await createEvent(t.db, { capacity: 10 });
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => registerForEvent(event.id, signup(`race-${i}`))));
    const confirmedIds = first.flatMap((o) => (o.kind === "registered" && o.status === "CONFIRMED" ? [o.registrationId] : []));
    expect(confirmedIds).toHaveLength(10);
    await Promise.all([
      ...confirmedIds.slice(0, 5).flatMap((id) => [cancelRegistration(id, { type: "PARTICIPANT" }), cancelRegistration(id, { type: "PARTICIPANT" })]),
      ...Array.from({ length: 10 }, (_, i) => registerForEvent(event.id, signup(`race-late-${i}`))),
    ]);
    const counts = await seatCounts(t.db, event.id);
    expect(counts.seats).toBe(10);
    expect(counts).toMatchObject({ CONFIRMED: 5, OFFERED: 5, CANCELLED: 5 });
    // The five offers went to the first five of the waitlist, once each.
    const offers = await t.db.registrationTransition.findMany({ where: { toStatus: "OFFERED", registration: { eventId: event.id } } });
    expect(new Set(offers.map((o) => o.registrationId)).size).toBe(5);
    const firstWaitlisted = first.flatMap((o) => (o.kind === "registered" && o.status === "WAITLISTED" ? [o] : [])).sort((a, b) => a.waitlistPosition! - b.waitlistPosition!);
    expect(new Set(offers.map((o) => o.registrationId))).toEqual(new Set(firstWaitlisted.slice(0, 5).map((o) => o.registrationId)));
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "registration-offered" } })).toBe(5);
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "registration-cancelled" } })).toBe(5);
  });

  it("approvals racing each other fill the seats and send the rest to the waitlist", async () => {
    const event = await createEvent(t.db, { capacity: 5, approvalRequired: true });
    const pending = await Promise.all(Array.from({ length: 12 }, (_, i) => registerForEvent(event.id, signup(`appr-${i}`))));
    const ids = pending.map((o) => (o.kind === "registered" ? o.registrationId : ""));
    const results = await Promise.all(ids.flatMap((id) => [approveRegistration(id, { type: "STAFF" }), approveRegistration(id, { type: "STAFF" })]));
    expect(results.filter((r) => r.ok && r.to === "CONFIRMED")).toHaveLength(5);
    expect(results.filter((r) => r.ok && r.to === "WAITLISTED")).toHaveLength(7);
    expect(results.filter((r) => !r.ok)).toHaveLength(12); // every double click is a no-op
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 5, WAITLISTED: 7, seats: 5 });
  });
});

describe("offers and declines", () => {
  it("an accepted offer confirms; an expired one goes to the next person", async () => {
    const event = await createEvent(t.db, { capacity: 1, offerHoldHours: 1 });
    const a = await registerForEvent(event.id, signup("o-a"));
    const b = await registerForEvent(event.id, signup("o-b"));
    const c = await registerForEvent(event.id, signup("o-c"));
    const [ida, idb, idc] = [a, b, c].map((o) => (o.kind === "registered" ? o.registrationId : ""));
    await cancelRegistration(ida!, { type: "PARTICIPANT" });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: idb! } })).status).toBe("OFFERED");
    // Nobody accepts within the hold: the seat goes to c.
    expect(await expireOffers({ now: new Date(Date.now() + 2 * 3600_000) })).toBe(1);
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: idb! } })).status).toBe("CANCELLED");
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: idc! } })).status).toBe("OFFERED");
    expect(await acceptOffer(idb!)).toEqual({ ok: false, reason: "not_allowed" });
    expect(await acceptOffer(idc!)).toMatchObject({ ok: true, to: "CONFIRMED" });
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 1, seats: 1 });
  });

  it("declines only pending or waitlisted registrations", async () => {
    const event = await createEvent(t.db, { approvalRequired: true });
    const p = await registerForEvent(event.id, signup("dec"));
    const id = p.kind === "registered" ? p.registrationId : "";
    expect(await declineRegistration(id, { type: "STAFF" }, { reason: "定員の都合" })).toMatchObject({ ok: true, to: "DECLINED" });
    expect(await declineRegistration(id, { type: "STAFF" })).toEqual({ ok: false, reason: "not_allowed" });
    // A declined person may sign up again (the unique index ignores declined rows).
    expect(await registerForEvent(event.id, signup("dec"))).toMatchObject({ kind: "registered", status: "PENDING" });
  });
});

describe("random interleavings", () => {
  // A seeded mix of sign-ups, cancellations, double cancellations and offer acceptances, run concurrently
  // round after round. After every round: seats never exceed capacity, and nobody waits while a seat is free.
  function prng(seed: number) {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let x = state;
      x = Math.imul(x ^ (x >>> 15), x | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }

  for (const seed of [1, 2, 3]) {
    it(`keeps the seat rules (seed ${seed})`, async () => {
      const random = prng(seed);
      const capacity = 3 + Math.floor(random() * 5);
      const event = await createEvent(t.db, { capacity });
      let people = 0;
      for (let round = 0; round < 6; round++) {
        const rows = await t.db.registration.findMany({ where: { eventId: event.id }, select: { id: true, status: true } });
        const active = rows.filter((r) => ["CONFIRMED", "WAITLISTED", "OFFERED"].includes(r.status));
        const offered = rows.filter((r) => r.status === "OFFERED");
        const operations: Promise<unknown>[] = [];
        const count = 5 + Math.floor(random() * 10);
        for (let i = 0; i < count; i++) {
          const pick = random();
          if (pick < 0.5 || active.length === 0) operations.push(registerForEvent(event.id, signup(`mix-${seed}-${people++}`)));
          else if (pick < 0.85) {
            const target = active[Math.floor(random() * active.length)]!;
            operations.push(cancelRegistration(target.id, { type: "PARTICIPANT" }), cancelRegistration(target.id, { type: "PARTICIPANT" }));
          } else if (offered.length > 0) operations.push(acceptOffer(offered[Math.floor(random() * offered.length)]!.id));
        }
        await Promise.all(operations);
        const counts = await seatCounts(t.db, event.id);
        expect(counts.seats, `round ${round}`).toBeLessThanOrEqual(capacity);
        if ((counts.WAITLISTED ?? 0) > 0) expect(counts.seats, `round ${round}: someone waits while a seat is free`).toBe(capacity);
      }
      // Every OFFERED transition is for a distinct person (each freed seat offered once).
      const offers = await t.db.registrationTransition.findMany({ where: { toStatus: "OFFERED", registration: { eventId: event.id } } });
      expect(new Set(offers.map((o) => o.registrationId)).size).toBe(offers.length);
    });
  }
});

describe("staff changes to seats", () => {
  it("refuses a capacity below the seats taken, and offers new seats to the waitlist when it is raised", async () => {
    const event = await createEvent(t.db, { capacity: 2 });
    for (const n of [1, 2, 3, 4]) await registerForEvent(event.id, signup(`cap-${n}`));
    expect(await changeCapacity(event.id, 1, { type: "STAFF" })).toEqual({ ok: false, reason: "below_taken", seatsTaken: 2 });
    expect(await changeCapacity(event.id, 3, { type: "STAFF" })).toEqual({ ok: true, offered: 1 });
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 2, OFFERED: 1, WAITLISTED: 1, seats: 3 });
    expect(await changeCapacity(event.id, null, { type: "STAFF" })).toEqual({ ok: true, offered: 1 });
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 3, OFFERED: 1 });
  });

  it("promotes a waitlisted person only while a seat is free", async () => {
    const event = await createEvent(t.db, { capacity: 1, waitlistEnabled: true });
    const a = await registerForEvent(event.id, signup("pro-a"));
    const b = await registerForEvent(event.id, signup("pro-b"));
    const idb = b.kind === "registered" ? b.registrationId : "";
    expect(await promoteFromWaitlist(idb, { type: "STAFF" })).toEqual({ ok: false, reason: "full" });
    await t.db.event.update({ where: { id: event.id }, data: { capacity: 2 } });
    expect(await promoteFromWaitlist(idb, { type: "STAFF" })).toMatchObject({ ok: true, to: "CONFIRMED" });
    expect(a.kind).toBe("registered");
  });

  it("cancelling an event cancels and tells every active registration, once", async () => {
    const event = await createEvent(t.db, { capacity: 1 });
    for (const n of [1, 2]) await registerForEvent(event.id, signup(`evc-${n}`));
    expect(await cancelEvent(event.id, "荒天のため", { type: "STAFF" })).toEqual({ ok: true, notified: 2 });
    expect(await cancelEvent(event.id, null, { type: "STAFF" })).toEqual({ ok: false, reason: "not_allowed" });
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CANCELLED: 2, seats: 0 });
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "event-cancelled" } })).toBe(2);
    expect((await t.db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("CANCELLED");
  });
});
