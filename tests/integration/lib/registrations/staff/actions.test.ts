import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../../support/app-env";
import type { TestDatabase } from "../../../../support/db";
import { createEvent, createOrganizations, seatCounts, signup } from "../../../../support/fixtures";

// The bulk action end to end against the database, with the session and Next's request helpers stubbed:
// per-row outcomes, the reason in the history, scope, and the audit entry.

type StaffUser = { id: string; organizationId: string; role: "WDL_ORGANIZER" | "CITY_STAFF" };
const session = vi.hoisted(() => ({ staff: null as null | { id: string; organizationId: string; role: string } }));

vi.mock("@/lib/server/auth", () => ({
  requireStaff: async (permission: string) => {
    const { can } = await import("@/lib/staff/permissions");
    if (!session.staff || !can(session.staff.role as never, permission as never)) throw new Error("NEXT_NOT_FOUND");
    return session.staff;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.7" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { bulkUpdateRegistrations } = await import("@/lib/registrations/staff/actions");

let t: TestDatabase;
let organizer: StaffUser;
let cityStaff: StaffUser;

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  const make = async (organizationId: string, role: StaffUser["role"]) => {
    const user = await t.db.user.create({ data: { email: `${role.toLowerCase()}-${randomBytes(3).toString("hex")}@staff.example`, organizationId, role } });
    return { id: user.id, organizationId, role } as StaffUser;
  };
  organizer = await make(wdl.id, "WDL_ORGANIZER");
  cityStaff = await make(city.id, "CITY_STAFF");
});
afterAll(async () => {
  await t.drop();
});

function form(fields: { action?: string; ids?: string[]; reason?: string }) {
  const data = new FormData();
  if (fields.action) data.set("action", fields.action);
  for (const id of fields.ids ?? []) data.append("ids", id);
  if (fields.reason !== undefined) data.set("reason", fields.reason);
  return data;
}

async function pending(eventId: string, n: string) {
  const outcome = await registerForEvent(eventId, signup(n));
  if (outcome.kind !== "registered") throw new Error(outcome.kind);
  return outcome.registrationId;
}

describe("bulkUpdateRegistrations", () => {
  it("approves while seats last and reports each row: done, full, not allowed, not found", async () => {
    session.staff = organizer;
    const tag = randomBytes(3).toString("hex");
    const event = await createEvent(t.db, { approvalRequired: true, capacity: 2, waitlistEnabled: false });
    const other = await createEvent(t.db, { approvalRequired: true });
    const [a, b, c] = [await pending(event.id, `${tag}-a`), await pending(event.id, `${tag}-b`), await pending(event.id, `${tag}-c`)];
    const elsewhere = await pending(other.id, `${tag}-x`);
    await t.db.registration.update({ where: { id: b }, data: { status: "CANCELLED" } });
    const d = await pending(event.id, `${tag}-d`);

    const state = await bulkUpdateRegistrations(event.id, { submission: 0 }, form({ action: "approve", ids: [a, b, c, d, elsewhere] }));
    expect(state.errors).toBeUndefined();
    expect(state.results!.map((r) => [r.id, r.outcome, r.to])).toEqual([
      [a, "done", "CONFIRMED"],
      [b, "not_allowed", null],
      [c, "done", "CONFIRMED"],
      [d, "full", null],
      [elsewhere, "not_found", null],
    ]);
    expect(state.results![0]!.name).toBe(`参加者 ${tag}-a`);
    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 2, PENDING: 1, seats: 2 });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: elsewhere } })).status).toBe("PENDING");
    const history = await t.db.registrationTransition.findFirstOrThrow({ where: { registrationId: a, toStatus: "CONFIRMED" } });
    expect(history).toMatchObject({ actorType: "STAFF", actorUserId: organizer.id, fromStatus: "PENDING" });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "registrations.bulk_approve", eventId: event.id } });
    expect(audit).toMatchObject({ actorUserId: organizer.id, subjectCount: 2, ip: "198.51.100.7" });
  });

  it("declines with the reason in the history and the mail, and requires that reason", async () => {
    session.staff = organizer;
    const tag = randomBytes(3).toString("hex");
    const event = await createEvent(t.db, { approvalRequired: true });
    const a = await pending(event.id, `${tag}-a`);
    const missing = await bulkUpdateRegistrations(event.id, { submission: 0 }, form({ action: "decline", ids: [a], reason: "  " }));
    expect(missing).toMatchObject({ submission: 1, errors: { reason: "reason_required" } });
    expect(await bulkUpdateRegistrations(event.id, { submission: 1 }, form({ action: "decline", ids: [] }))).toMatchObject({ errors: { ids: "select_rows" } });
    expect(await bulkUpdateRegistrations(event.id, { submission: 1 }, form({ ids: [a] }))).toMatchObject({ errors: { action: "required" } });

    const state = await bulkUpdateRegistrations(event.id, { submission: 1 }, form({ action: "decline", ids: [a], reason: "定員の都合により" }));
    expect(state.results).toEqual([expect.objectContaining({ id: a, outcome: "done", to: "DECLINED" })]);
    expect(await t.db.registrationTransition.findFirstOrThrow({ where: { registrationId: a, toStatus: "DECLINED" } })).toMatchObject({ reason: "定員の都合により" });
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { registrationId: a, template: "registration-declined" } })).toMatchObject({ payload: expect.objectContaining({ reason: "定員の都合により" }) });
  });

  it("promotes from the waitlist only while a seat is free, and cancels with a reason", async () => {
    session.staff = organizer;
    const tag = randomBytes(3).toString("hex");
    const event = await createEvent(t.db, { capacity: 1 });
    const first = await pending(event.id, `${tag}-1`); // confirmed
    const second = await pending(event.id, `${tag}-2`); // waitlisted
    expect((await bulkUpdateRegistrations(event.id, { submission: 0 }, form({ action: "promote", ids: [second] }))).results).toEqual([
      expect.objectContaining({ id: second, outcome: "full" }),
    ]);
    const cancelled = await bulkUpdateRegistrations(event.id, { submission: 0 }, form({ action: "cancel", ids: [first], reason: "ご本人から電話連絡" }));
    expect(cancelled.results).toEqual([expect.objectContaining({ id: first, outcome: "done", to: "CANCELLED" })]);
    // The freed seat was offered to the waitlist in the same transaction (the mutation's rule).
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: second } })).status).toBe("OFFERED");
    expect(await seatCounts(t.db, event.id)).toMatchObject({ seats: 1 });
  });

  it("refuses city staff, and another organisation's event changes nothing", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await createEvent(t.db, { approvalRequired: true });
    const a = await pending(event.id, `${tag}-a`);
    session.staff = cityStaff;
    await expect(bulkUpdateRegistrations(event.id, { submission: 0 }, form({ action: "approve", ids: [a] }))).rejects.toThrow("NEXT_NOT_FOUND");
    const stranger = await t.db.organization.create({ data: { slug: `other-${tag}`, kind: "WDL", nameJa: "別団体", nameEn: "Other" } });
    session.staff = { id: organizer.id, organizationId: stranger.id, role: "WDL_ORGANIZER" };
    expect(await bulkUpdateRegistrations(event.id, { submission: 0 }, form({ action: "approve", ids: [a] }))).toMatchObject({ errors: { form: "not_found" } });
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: a } })).status).toBe("PENDING");
  });
});
