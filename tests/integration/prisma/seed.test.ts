import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/prisma/seed";
import { SEAT_HOLDING_STATUSES } from "@/lib/registrations/states";
import { createTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
const now = new Date("2026-11-24T03:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("demo data", () => {
  it("seeds once and is a no-op after that", async () => {
    expect(await seedDemoData(t.db, { now })).toEqual({ created: true });
    const counts = await Promise.all([t.db.event.count(), t.db.registration.count(), t.db.participant.count()]);
    expect(await seedDemoData(t.db, { now })).toEqual({ created: false });
    expect(await Promise.all([t.db.event.count(), t.db.registration.count(), t.db.participant.count()])).toEqual(counts);
  });

  it("has staff of both organisations in every role", async () => {
    const users = await t.db.user.findMany({ select: { role: true, organization: { select: { kind: true } } } });
    expect(new Set(users.map((u) => u.role))).toEqual(
      new Set(["WDL_ADMIN", "WDL_ORGANIZER", "CHECKIN", "CITY_ADMIN", "CITY_STAFF"]),
    );
    expect(users.filter((u) => u.role.startsWith("CITY_")).every((u) => u.organization.kind === "CITY")).toBe(true);
  });

  it("covers past and future events, a nearly full one, a waitlist, an approval queue, and registrations in every state", async () => {
    const events = await t.db.event.findMany({ include: { registrations: true } });
    expect(events.some((e) => e.endsAt < now)).toBe(true);
    expect(events.some((e) => e.startsAt > now && e.status === "PUBLISHED")).toBe(true);
    expect(events.some((e) => e.status === "DRAFT")).toBe(true);
    expect(events.some((e) => e.approvalRequired && e.registrations.some((r) => r.status === "PENDING"))).toBe(true);
    expect(events.some((e) => e.registrations.some((r) => r.status === "WAITLISTED"))).toBe(true);
    const statuses = new Set(events.flatMap((e) => e.registrations.map((r) => r.status)));
    expect(statuses).toEqual(
      new Set(["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED", "DECLINED", "CANCELLED", "ATTENDED", "NO_SHOW"]),
    );
    for (const event of events) {
      const seats = event.registrations.filter((r) => (SEAT_HOLDING_STATUSES as readonly string[]).includes(r.status));
      if (event.capacity !== null) expect(seats.length, event.slug).toBeLessThanOrEqual(event.capacity);
    }
    const nearlyFull = events.find((e) => e.capacity !== null && e.startsAt > now && e.registrations.filter((r) => r.status === "CONFIRMED").length >= e.capacity - 3);
    expect(nearlyFull).toBeDefined();
  });

  it("records every registration's history, ending in its current state", async () => {
    const registrations = await t.db.registration.findMany({
      include: { history: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    for (const registration of registrations) {
      expect(registration.history.at(0)?.fromStatus).toBeNull();
      expect(registration.history.at(-1)?.toStatus, registration.id).toBe(registration.status);
    }
  });
});
