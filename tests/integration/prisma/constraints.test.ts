import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/db";

// Rules the database itself enforces (hand-written in the migration), so no race in app code can break them.

let t: TestDatabase;
let eventId: string;

const token = () => randomBytes(16).toString("hex");

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { slug: "wdl", kind: "WDL", nameJa: "WDL", nameEn: "WDL" } });
  const event = await t.db.event.create({
    data: {
      slug: "rules",
      ownerOrganizationId: org.id,
      titleJa: "ルール",
      descriptionJa: "",
      startsAt: new Date("2026-12-12T05:00:00Z"),
      endsAt: new Date("2026-12-12T08:00:00Z"),
      capacity: 10,
    },
  });
  eventId = event.id;
});
afterAll(async () => {
  await t.drop();
});

async function register(emailNormalized: string, status: "CONFIRMED" | "CANCELLED" | "DECLINED" | "WAITLISTED") {
  const participant = await t.db.participant.upsert({
    where: { emailNormalized },
    create: { email: emailNormalized, emailNormalized },
    update: {},
  });
  return t.db.registration.create({
    data: {
      eventId,
      participantId: participant.id,
      emailNormalized,
      status,
      manageTokenHash: token(),
      checkinCode: token().slice(0, 8),
    },
  });
}

describe("one active registration per event and normalised email", () => {
  it("refuses a second active registration for the same address", async () => {
    await register("hanako@example.com", "CONFIRMED");
    await expect(register("hanako@example.com", "WAITLISTED")).rejects.toMatchObject({ code: "P2002" });
  });

  it("allows a new registration once the earlier one is cancelled or declined", async () => {
    const first = await register("taro@example.com", "CONFIRMED");
    await t.db.registration.update({ where: { id: first.id }, data: { status: "CANCELLED" } });
    await register("taro@example.com", "DECLINED");
    await expect(register("taro@example.com", "CONFIRMED")).resolves.toMatchObject({ status: "CONFIRMED" });
    expect(await t.db.registration.count({ where: { emailNormalized: "taro@example.com" } })).toBe(3);
  });
});

describe("consents", () => {
  it("keeps at most one current consent per person and purpose, and the history of withdrawn ones", async () => {
    const person = await t.db.participant.create({ data: { email: "c@example.com", emailNormalized: "c@example.com" } });
    const first = await t.db.consent.create({ data: { participantId: person.id, purpose: "CITY_PROVISION", version: "2026-10" } });
    await expect(
      t.db.consent.create({ data: { participantId: person.id, purpose: "CITY_PROVISION", version: "2026-10" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    await t.db.consent.update({ where: { id: first.id }, data: { withdrawnAt: new Date(), withdrawnVia: "participant_page" } });
    await t.db.consent.create({ data: { participantId: person.id, purpose: "CITY_PROVISION", version: "2026-11" } });
    expect(await t.db.consent.count({ where: { participantId: person.id } })).toBe(2);
  });
});

describe("value ranges", () => {
  it("refuses a negative capacity and an event that ends before it starts", async () => {
    await expect(t.db.event.update({ where: { id: eventId }, data: { capacity: -1 } })).rejects.toThrow(/Event_capacity_check/);
    await expect(
      t.db.event.update({ where: { id: eventId }, data: { endsAt: new Date("2026-12-11T00:00:00Z") } }),
    ).rejects.toThrow(/Event_time_order_check/);
  });
});
