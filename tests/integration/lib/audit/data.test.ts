import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditFilters, auditHref, parseAuditQuery } from "@/components/staff/audit/query";
import { recordAudit, recordProvision } from "@/lib/audit/mutations";
import { auditFilterOptions, listAuditEntries, listProvisionRecords } from "@/lib/audit/data";
import type { Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";
import { registerForEvent } from "@/lib/registrations/mutations";
import { createStaff } from "../export/helpers";

let t: TestDatabase;
let wdlAdmin: Staff;
let organizer: Staff;
let cityAdmin: Staff;
let cityStaff: Staff;
let eventA: Awaited<ReturnType<typeof createEvent>>;
let eventB: Awaited<ReturnType<typeof createEvent>>;

beforeAll(async () => {
  t = await useAppDatabase();
  wdlAdmin = await createStaff(t.db, "WDL_ADMIN");
  organizer = await createStaff(t.db, "WDL_ORGANIZER");
  cityAdmin = await createStaff(t.db, "CITY_ADMIN");
  cityStaff = await createStaff(t.db, "CITY_STAFF");
  eventA = await createEvent(t.db);
  eventB = await createEvent(t.db);
});

afterAll(async () => {
  await t.drop();
});

async function at(iso: string) {
  // The newest entry gets the given time (recordAudit stamps now()).
  const entry = await t.db.auditLog.findFirstOrThrow({ orderBy: { id: "desc" } });
  await t.db.auditLog.update({ where: { id: entry.id }, data: { createdAt: new Date(iso) } });
}

describe("the audit log of an organisation", () => {
  beforeAll(async () => {
    await recordAudit(organizer, { action: "registrations.export", eventId: eventA.id, targetType: "Event", targetId: eventA.id, subjectCount: 3, detail: { format: "csv", rows: 3, participantIds: ["x"] }, ip: "192.0.2.1" });
    await at("2026-12-01T14:59:00Z"); // 2026-12-01 23:59 JST
    await recordAudit(organizer, { action: "registrations.list", eventId: eventB.id, subjectCount: 5 });
    await at("2026-12-01T15:00:00Z"); // 2026-12-02 00:00 JST
    await recordAudit(wdlAdmin, { action: "event.update", eventId: eventA.id });
    await at("2026-12-03T01:00:00Z");
    await recordAudit(cityStaff, { action: "registrations.export", eventId: eventA.id, subjectCount: 1 });
    await at("2026-12-02T01:00:00Z");
  });

  it("shows each organisation only its own staff's entries, newest first", async () => {
    const wdl = await listAuditEntries(wdlAdmin, {});
    expect(wdl.entries.map((e) => e.action)).toEqual(["event.update", "registrations.list", "registrations.export"]);
    expect(wdl.entries[2]).toMatchObject({ subjectCount: 3, ip: "192.0.2.1", summary: { format: "csv", rows: 3 }, actor: { id: organizer.id }, event: { id: eventA.id } });
    expect(JSON.stringify(wdl.entries)).not.toContain("participantIds");
    const city = await listAuditEntries(cityAdmin, {});
    expect(city.entries.map((e) => [e.action, e.actor?.id])).toEqual([["registrations.export", cityStaff.id]]);
  });

  it("filters by action, staff member, event and JST days", async () => {
    const actions = async (filters: Parameters<typeof listAuditEntries>[1]) => (await listAuditEntries(wdlAdmin, filters)).entries.map((e) => e.action);
    expect(await actions({ action: "registrations.export" })).toEqual(["registrations.export"]);
    expect(await actions({ actorId: wdlAdmin.id })).toEqual(["event.update"]);
    expect(await actions({ actorId: cityStaff.id })).toEqual([]); // another organisation's member: nothing
    expect(await actions({ eventId: eventB.id })).toEqual(["registrations.list"]);
    const day = (from?: string, to?: string) => auditFilters(parseAuditQuery({ from, to }).query);
    expect(await actions(day("2026-12-02", "2026-12-02"))).toEqual(["registrations.list"]);
    expect(await actions(day(undefined, "2026-12-01"))).toEqual(["registrations.export"]);
    expect(await actions(day("2026-12-02"))).toEqual(["event.update", "registrations.list"]);
  });

  it("pages through many entries", async () => {
    const base = Date.parse("2025-01-01T00:00:00Z");
    await t.db.auditLog.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({ actorUserId: organizer.id, organizationId: organizer.organizationId, action: "checkin.list", createdAt: new Date(base + i * 60_000) })),
    });
    const first = await listAuditEntries(wdlAdmin, { action: "checkin.list" }, 1);
    expect(first).toMatchObject({ total: 120, pageCount: 3, page: 1 });
    expect(first.entries).toHaveLength(50);
    const last = await listAuditEntries(wdlAdmin, { action: "checkin.list" }, 3);
    expect(last.entries).toHaveLength(20);
    expect(last.entries.at(-1)!.createdAt.toISOString()).toBe("2025-01-01T00:00:00.000Z");
    const beyond = await listAuditEntries(wdlAdmin, { action: "checkin.list" }, 99);
    expect(beyond.page).toBe(3);
    const ids = new Set([...(await listAuditEntries(wdlAdmin, { action: "checkin.list" }, 2)).entries, ...first.entries, ...last.entries].map((e) => e.id));
    expect(ids.size).toBe(120);
  });

  it("offers the organisation's own actions, members and events as filter choices", async () => {
    const options = await auditFilterOptions(wdlAdmin);
    expect(options.actions).toEqual(expect.arrayContaining(["event.update", "registrations.export", "registrations.list"]));
    expect(options.members.map((m) => m.id)).toEqual(expect.arrayContaining([wdlAdmin.id, organizer.id]));
    expect(options.members.map((m) => m.id)).not.toContain(cityStaff.id);
    expect(options.events.map((e) => e.id)).toEqual(expect.arrayContaining([eventA.id, eventB.id]));
    const other = await createStaff(t.db, "WDL_ADMIN", "elsewhere");
    expect(await auditFilterOptions(other)).toMatchObject({ actions: [], events: [] });
  });
});

describe("provision records", () => {
  it("shows the city the records it received, with question labels, and WDL none", async () => {
    await registerForEvent(eventA.id, signup("prov"));
    const participant = await t.db.participant.findFirstOrThrow({ where: { emailNormalized: "personprov@example.com" } });
    const consent = await t.db.consent.findFirstOrThrow({ where: { participantId: participant.id, purpose: "CITY_PROVISION" } });
    const question = await t.db.eventQuestion.create({ data: { eventId: eventA.id, position: 1, kind: "TEXT", labelJa: "ご職業", cityVisible: true } });
    await recordProvision(cityStaff, { kind: "EXPORT", eventId: eventA.id, items: ["name", `answer:${question.id}`], persons: [{ participantId: participant.id, consentId: consent.id }] });
    await recordProvision(cityAdmin, { kind: "VIEW", eventId: eventB.id, items: ["name"], persons: [{ participantId: participant.id, consentId: consent.id }] });

    const city = await listProvisionRecords(cityAdmin, {});
    expect(city.total).toBe(2);
    expect(city.records.map((r) => [r.kind, r.staffUser?.id, r.personCount])).toEqual([
      ["VIEW", cityAdmin.id, 1],
      ["EXPORT", cityStaff.id, 1],
    ]);
    expect(city.questionLabels).toEqual({ [question.id]: { ja: "ご職業", en: null } });
    expect((await listProvisionRecords(cityAdmin, { kind: "EXPORT" })).records.map((r) => r.kind)).toEqual(["EXPORT"]);
    expect((await listProvisionRecords(cityAdmin, { actorId: cityAdmin.id })).total).toBe(1);
    expect((await listProvisionRecords(cityAdmin, { eventId: eventA.id })).total).toBe(1);
    expect((await listProvisionRecords(wdlAdmin, {})).total).toBe(0);
  });
});

describe("the audit page's query", () => {
  it("keeps valid filters, drops invalid ones and says so", () => {
    expect(parseAuditQuery({ action: "registrations.export", staff: "0190d3c6-0000-7000-8000-000000000000", page: "2" })).toEqual({
      query: { tab: "log", action: "registrations.export", staff: "0190d3c6-0000-7000-8000-000000000000", page: 2 },
      invalid: false,
    });
    const bad = parseAuditQuery({ action: "<script>", event: "1 OR 1=1", from: "2026-02-30", to: "2026-13-01", page: "-1", tab: "x" });
    expect(bad).toEqual({ query: { tab: "log", page: 1 }, invalid: true });
  });

  it("turns JST days into a half-open UTC range and builds links back", () => {
    const { query } = parseAuditQuery({ tab: "provisions", kind: "EXPORT", from: "2026-12-01", to: "2026-12-31" });
    expect(auditFilters(query)).toMatchObject({ kind: "EXPORT", from: new Date("2026-11-30T15:00:00Z"), to: new Date("2026-12-31T15:00:00Z") });
    expect(auditHref(query, { page: 3 })).toBe("/admin/audit?tab=provisions&kind=EXPORT&from=2026-12-01&to=2026-12-31&page=3");
  });
});
