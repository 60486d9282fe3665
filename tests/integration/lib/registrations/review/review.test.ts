import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerForEvent } from "@/lib/registrations/mutations";
import { signUp } from "@/lib/registrations/signup";
import { useAppDatabase } from "../../../../support/app-env";
import type { TestDatabase } from "../../../../support/db";
import { createEvent, createOrganizations, signup } from "../../../../support/fixtures";

// Events 「大垣市が確認」: the city reviews the applications under the review consent, the organisers read the
// queue; approve / decline are refused to the organisation that does not review, in the review queue and in
// the organisers' bulk actions. Against the database, with the session and Next's request helpers stubbed.

type StaffUser = { id: string; organizationId: string; role: "WDL_ORGANIZER" | "CITY_STAFF" | "CITY_ADMIN" };
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
const { decideApplications } = await import("@/lib/registrations/review/actions");
const { getReviewQueue } = await import("@/lib/registrations/review/data");

let t: TestDatabase;
let organizer: StaffUser;
let cityStaff: StaffUser;
let otherCity: StaffUser;

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  const stranger = await t.db.organization.create({ data: { slug: `other-city-${randomBytes(3).toString("hex")}`, kind: "CITY", nameJa: "別の市", nameEn: "Other City" } });
  const make = async (organizationId: string, role: StaffUser["role"]) => {
    const user = await t.db.user.create({ data: { email: `${role.toLowerCase()}-${randomBytes(3).toString("hex")}@staff.example`, organizationId, role } });
    return { id: user.id, organizationId, role } as StaffUser;
  };
  organizer = await make(wdl.id, "WDL_ORGANIZER");
  cityStaff = await make(city.id, "CITY_STAFF");
  otherCity = await make(stranger.id, "CITY_ADMIN");
});
afterAll(async () => {
  await t.drop();
});

function decisionForm(fields: { decision?: string; ids?: string[]; reason?: string }) {
  const data = new FormData();
  if (fields.decision) data.set("decision", fields.decision);
  for (const id of fields.ids ?? []) data.append("ids", id);
  if (fields.reason !== undefined) data.set("reason", fields.reason);
  return data;
}

function bulkForm(action: string, ids: string[], reason = "") {
  const data = new FormData();
  data.set("action", action);
  for (const id of ids) data.append("ids", id);
  data.set("reason", reason);
  return data;
}

async function reviewedEvent(reviewerKind: "CITY" | "WDL" | null) {
  const event = await createEvent(t.db, { approvalRequired: true, capacity: 10 });
  return t.db.event.update({ where: { id: event.id }, data: { reviewerKind } });
}

/** A pending application with the review consent (and, unless asked, without the general provision consent). */
async function apply(eventId: string, n: string, consents: Partial<Record<"CITY_PROVISION" | "CITY_REVIEW", boolean>> = { CITY_REVIEW: true }) {
  const outcome = await registerForEvent(eventId, signup(n, { consents: { CITY_PROVISION: false, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false, ...consents } }));
  if (outcome.kind !== "registered") throw new Error(outcome.kind);
  return outcome.registrationId;
}

const status = async (id: string) => (await t.db.registration.findUniqueOrThrow({ where: { id } })).status;

describe("the approve / decline gate", () => {
  it("refuses the organisers' bulk approve and decline on an event the city reviews, and changes nothing", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await reviewedEvent("CITY");
    const a = await apply(event.id, `${tag}-a`);
    session.staff = organizer;
    expect(await bulkUpdateRegistrations(event.id, { submission: 0 }, bulkForm("approve", [a]))).toMatchObject({ errors: { form: "reviewed_by_other" } });
    expect(await bulkUpdateRegistrations(event.id, { submission: 0 }, bulkForm("decline", [a], "理由"))).toMatchObject({ errors: { form: "reviewed_by_other" } });
    expect(await decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "approve", ids: [a] }))).toMatchObject({ errors: { form: "not_reviewer" } });
    expect(await status(a)).toBe("PENDING");
    expect(await t.db.registrationTransition.count({ where: { registrationId: a } })).toBe(1);
    // Cancelling stays the organisers' work (a person asking by phone, say).
    expect((await bulkUpdateRegistrations(event.id, { submission: 0 }, bulkForm("cancel", [a], "ご本人から連絡"))).results).toEqual([
      expect.objectContaining({ id: a, outcome: "done", to: "CANCELLED" }),
    ]);
  });

  it("refuses the city on an event WDL reviews (named, or by default the owner)", async () => {
    const tag = randomBytes(3).toString("hex");
    for (const kind of ["WDL", null] as const) {
      const event = await reviewedEvent(kind);
      const a = await apply(event.id, `${tag}-${kind}`);
      session.staff = cityStaff;
      expect(await decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "approve", ids: [a] }))).toMatchObject({ errors: { form: "not_reviewer" } });
      expect(await getReviewQueue(cityStaff, event.id)).toBeNull();
      expect(await status(a)).toBe("PENDING");
      // The organisers keep their own bulk approve there.
      session.staff = organizer;
      expect((await bulkUpdateRegistrations(event.id, { submission: 0 }, bulkForm("approve", [a]))).results).toEqual([expect.objectContaining({ outcome: "done" })]);
    }
  });

  it("answers another city's staff and another event's ids as not found, and changes nothing", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await reviewedEvent("CITY");
    const other = await reviewedEvent("CITY");
    const a = await apply(event.id, `${tag}-a`);
    const elsewhere = await apply(other.id, `${tag}-x`);
    session.staff = otherCity;
    expect(await decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "approve", ids: [a] }))).toMatchObject({ errors: { form: "not_found" } });
    expect(await getReviewQueue(otherCity, event.id)).toBeNull();
    session.staff = cityStaff;
    const state = await decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "approve", ids: [elsewhere, "00000000-0000-4000-8000-000000000000"] }));
    expect(state.results!.map((r) => r.outcome)).toEqual(["not_found", "not_found"]);
    expect(await status(a)).toBe("PENDING");
    expect(await status(elsewhere)).toBe("PENDING");
    // Without the permission (the check-in role) the action is not there at all.
    session.staff = { ...organizer, role: "CHECKIN" };
    await expect(decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "approve", ids: [a] }))).rejects.toThrow("NEXT_NOT_FOUND");
  });
});

describe("the city's review", () => {
  it("shows the pending applicants with their answers under the review consent, and records the view", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await reviewedEvent("CITY");
    const motive = await t.db.eventQuestion.create({ data: { eventId: event.id, position: 1, kind: "TEXTAREA", labelJa: "参加の動機", required: true } });
    const care = await t.db.eventQuestion.create({ data: { eventId: event.id, position: 2, kind: "TEXT", labelJa: "配慮事項", sensitive: true } });
    const a = await registerForEvent(event.id, signup(`${tag}-a`, {
      answers: { [motive.id]: "大垣で複業したい", [care.id]: "車椅子を使います" },
      consents: { CITY_PROVISION: false, CITY_REVIEW: true, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false },
    }));
    if (a.kind !== "registered") throw new Error(a.kind);
    // Signed up before the city reviewed (no review consent): not shown to the city, counted.
    const hidden = await apply(event.id, `${tag}-h`, { CITY_PROVISION: true });

    const queue = await getReviewQueue(cityStaff, event.id, { ip: "198.51.100.7" });
    expect(queue).toMatchObject({ reviewer: "CITY", access: "decide", pendingTotal: 2, withoutConsent: 1 });
    expect(queue!.applicants.map((x) => x.id)).toEqual([a.registrationId]);
    expect(queue!.applicants[0]!.participant.name).toBe(`参加者 ${tag}-a`);
    expect(queue!.applicants[0]!.answers[motive.id]).toEqual({ text: "大垣で複業したい", choices: [] });
    expect(queue!.questions.map((q) => q.id)).toEqual([motive.id]);
    expect(JSON.stringify(queue)).not.toContain("車椅子");
    expect(JSON.stringify(queue)).not.toContain("@example.com");
    expect(queue!.applicants.some((x) => x.id === hidden)).toBe(false);

    const record = await t.db.provisionRecord.findFirstOrThrow({ where: { eventId: event.id, staffUserId: cityStaff.id }, include: { persons: { include: { consent: true } } } });
    expect(record).toMatchObject({ kind: "VIEW", recipientOrganizationId: cityStaff.organizationId, personCount: 1 });
    expect(record.items).toEqual(expect.arrayContaining(["name", "affiliation", `answer:${motive.id}`]));
    expect(record.items).not.toContain(`answer:${care.id}`);
    expect(record.persons.map((p) => p.consent.purpose)).toEqual(["CITY_REVIEW"]);
    expect(await t.db.auditLog.count({ where: { action: "registrations.review_queue", eventId: event.id, actorUserId: cityStaff.id } })).toBe(1);

    // The organisers read the same queue (everyone pending), decide nothing, and leave no provision record.
    const wdlQueue = await getReviewQueue(organizer, event.id);
    expect(wdlQueue).toMatchObject({ access: "read", pendingTotal: 2, withoutConsent: 0 });
    expect(wdlQueue!.applicants).toHaveLength(2);
    expect(await t.db.provisionRecord.count({ where: { eventId: event.id } })).toBe(1);
  });

  it("approves and declines in bulk: history with who and why, the participant's mails, the audit entry", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await reviewedEvent("CITY");
    const [a, b, c] = [await apply(event.id, `${tag}-a`), await apply(event.id, `${tag}-b`), await apply(event.id, `${tag}-c`)];
    session.staff = cityStaff;
    expect(await decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "decline", ids: [b], reason: " " }))).toMatchObject({ errors: { reason: "reason_required" } });

    const approved = await decideApplications(event.id, { submission: 0 }, decisionForm({ decision: "approve", ids: [a, c] }));
    expect(approved.results!.map((r) => [r.id, r.outcome, r.to])).toEqual([[a, "done", "CONFIRMED"], [c, "done", "CONFIRMED"]]);
    const declined = await decideApplications(event.id, { submission: 1 }, decisionForm({ decision: "decline", ids: [b, a], reason: "定員の都合により" }));
    expect(declined.results!.map((r) => [r.id, r.outcome, r.to])).toEqual([[b, "done", "DECLINED"], [a, "not_found", null]]);

    expect(await t.db.registrationTransition.findFirstOrThrow({ where: { registrationId: a, toStatus: "CONFIRMED" } })).toMatchObject({ fromStatus: "PENDING", actorType: "STAFF", actorUserId: cityStaff.id });
    expect(await t.db.registrationTransition.findFirstOrThrow({ where: { registrationId: b, toStatus: "DECLINED" } })).toMatchObject({ fromStatus: "PENDING", actorUserId: cityStaff.id, reason: "定員の都合により" });
    expect(await t.db.outboxMessage.count({ where: { registrationId: a, template: "registration-approved" } })).toBe(1);
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { registrationId: b, template: "registration-declined" } })).toMatchObject({ payload: expect.objectContaining({ reason: "定員の都合により" }) });
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "registrations.review_decline", eventId: event.id } })).toMatchObject({ actorUserId: cityStaff.id, subjectCount: 1 });
  });
});

describe("sign-up to an event the city reviews", () => {
  const input = (email: string, consents: Record<string, boolean>) => ({
    name: "山田 花子",
    furigana: "やまだ はなこ",
    email,
    prefectureCode: "13",
    relationships: ["VISITED"],
    consents,
  });

  it("requires the review consent and records it; elsewhere it is never recorded", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await reviewedEvent("CITY");
    const refused = await signUp(event.slug, input(`refused-${tag}@example.com`, { CITY_PROVISION: true }), { ip: `203.0.113.${Math.floor(Math.random() * 200)}` });
    expect(refused).toEqual({ kind: "invalid", errors: { "consents.CITY_REVIEW": { code: "city_review_consent_required" } } });
    expect(await t.db.participant.count({ where: { emailNormalized: `refused-${tag}@example.com` } })).toBe(0);

    const ok = await signUp(event.slug, input(`ok-${tag}@example.com`, { CITY_REVIEW: true }), { ip: "203.0.113.250" });
    expect(ok).toMatchObject({ kind: "received", intake: "review" });
    const consents = await t.db.consent.findMany({ where: { participant: { emailNormalized: `ok-${tag}@example.com` } } });
    expect(consents.map((c) => c.purpose)).toEqual(["CITY_REVIEW"]);

    const plain = await reviewedEvent("WDL");
    expect(await signUp(plain.slug, input(`plain-${tag}@example.com`, { CITY_REVIEW: true }), { ip: "203.0.113.251" })).toMatchObject({ kind: "received" });
    expect(await t.db.consent.count({ where: { participant: { emailNormalized: `plain-${tag}@example.com` } } })).toBe(0);
  });
});
