import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as download } from "@/app/me/[token]/data/[format]/route";
import { recordProvision } from "@/lib/audit/mutations";
import { getDashboard } from "@/lib/insights/data";
import { fiscalYearPeriod } from "@/lib/insights/period";
import { getOwnData, listDeletionRequests, type OwnData } from "@/lib/participants/data";
import { anonymizeParticipant, confirmCityCopyDeleted, withdrawConsent } from "@/lib/participants/mutations";
import { registerForEvent } from "@/lib/registrations/mutations";
import type { Staff } from "@/lib/server/auth";
import { idToken } from "@/lib/server/secrets";
import { getParticipantPage } from "@/lib/subscriptions/data";
import { updateMailPreferences } from "@/lib/subscriptions/mutations";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";
import { createStaff, readBody } from "../export/helpers";

// The participant's rights on their own page: download everything (JSON, CSV), withdraw each consent, delete.
// Two people share events, answers and mail; nothing of one may ever reach the other's download, and after a
// deletion no table holds anything that identifies the deleted person, while the figures stay the same.

let t: TestDatabase;
let wdl: Staff;
let city: Staff;
let otherOrg: Staff;
let past: Awaited<ReturnType<typeof createEvent>>;
let future: Awaited<ReturnType<typeof createEvent>>;
const person: Record<string, string> = {};
const registration: Record<string, string> = {};
const q: Record<string, string> = {};

const ALICE = { name: "有栖 アリス", email: "Alice.Rights@Example.com", affiliation: "=HYPERLINK(\"http://x\",\"y\")" };
const BOB = { name: "房生 ボブ", email: "bob.rights@example.com", affiliation: "ボブ商店" };
const ALICE_ANSWER = "アリスの職業は灯台守";
const BOB_ANSWER = "ボブの職業は鍛冶屋";
const ALICE_CARE = "アリスは段差が苦手";
const ALICE_NOTE = "アリスの大垣訪問メモ";
const ALICE_COMMENT = "アリスのアンケート感想";

const DAY = 24 * 3600_000;

beforeAll(async () => {
  t = await useAppDatabase();
  wdl = await createStaff(t.db, "WDL_ADMIN");
  city = await createStaff(t.db, "CITY_ADMIN");
  otherOrg = await createStaff(t.db, "WDL_ADMIN", "other-org");
  past = await createEvent(t.db, { capacity: 10 });
  future = await createEvent(t.db, { capacity: 1 });
  q.job = (await t.db.eventQuestion.create({ data: { eventId: past.id, position: 1, kind: "TEXT", labelJa: "ご職業", cityVisible: true } })).id;
  q.care = (await t.db.eventQuestion.create({ data: { eventId: past.id, position: 2, kind: "TEXTAREA", labelJa: "配慮事項", sensitive: true } })).id;

  const consents = { CITY_PROVISION: true, WDL_NEWS: true, CITY_NEWS: true, SURVEY: true };
  await registerForEvent(past.id, signup("a", { ...ALICE, consents, answers: { [q.job]: ALICE_ANSWER, [q.care]: ALICE_CARE } } as never));
  await registerForEvent(past.id, signup("b", { ...BOB, consents, answers: { [q.job]: BOB_ANSWER } } as never));
  await registerForEvent(future.id, signup("a2", { ...ALICE, consents } as never));
  await registerForEvent(future.id, signup("w", { name: "待機 ウェイ", email: "wait.rights@example.com" } as never));
  for (const [label, email, eventId] of [
    ["alicePast", ALICE.email, past.id],
    ["bobPast", BOB.email, past.id],
    ["aliceFuture", ALICE.email, future.id],
    ["waiting", "wait.rights@example.com", future.id],
  ] as const) {
    const r = await t.db.registration.findFirstOrThrow({ where: { eventId, emailNormalized: email.toLowerCase() } });
    registration[label] = r.id;
  }
  person.alice = (await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: ALICE.email.toLowerCase() } })).id;
  person.bob = (await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: BOB.email } })).id;
  expect((await t.db.registration.findUniqueOrThrow({ where: { id: registration.waiting } })).status).toBe("WAITLISTED");

  // The past event happened a month ago; both attended; both answered the survey; Alice reported a visit.
  const startsAt = new Date(Date.now() - 30 * DAY);
  await t.db.event.update({ where: { id: past.id }, data: { startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), status: "CLOSED" } });
  await t.db.registration.updateMany({ where: { eventId: past.id }, data: { status: "ATTENDED", checkedInAt: startsAt } });
  for (const [who, label, comment] of [
    ["alice", "alicePast", ALICE_COMMENT],
    ["bob", "bobPast", "ボブの感想"],
  ] as const) {
    await t.db.surveyResponse.create({
      data: { registrationId: registration[label]!, participantId: person[who]!, eventId: past.id, satisfaction: 4, joinAgain: "YES", nextSteps: ["VISIT_OGAKI"], comment },
    });
  }
  await t.db.activity.create({ data: { participantId: person.alice, kind: "VISIT_OGAKI", source: "SELF_REPORTED", occurredOn: new Date("2026-10-01"), note: ALICE_NOTE } });
  // Alice stopped reminders (a suppression row keyed by her address) and the city received her data once.
  await updateMailPreferences(person.alice, new Set(["SURVEY", "FOLLOW_UP", "WDL_NEWS", "CITY_NEWS"] as const));
  const consent = await t.db.consent.findFirstOrThrow({ where: { participantId: person.alice, purpose: "CITY_PROVISION", withdrawnAt: null } });
  await recordProvision(city, { kind: "EXPORT", eventId: past.id, items: ["name", "affiliation"], persons: [{ participantId: person.alice, consentId: consent.id }] });
});

afterAll(async () => {
  await t.drop();
});

const tokenOf = (participantId: string) => idToken("participant", participantId);

function get(token: string, format: string) {
  return download(new Request(`http://localhost/me/${token}/data/${format}`), { params: Promise.resolve({ token, format }) });
}

describe("downloading one's own data", () => {
  it("gives everything about the person as JSON, and nothing about anyone else", async () => {
    const response = await get(tokenOf(person.alice!), "json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="my-data-\d{8}\.json"/);
    const text = (await readBody(response)).toString("utf8");
    const data = JSON.parse(text) as OwnData;
    expect(data.profile).toMatchObject({ name: ALICE.name, email: ALICE.email, affiliation: ALICE.affiliation });
    expect(data.registrations).toHaveLength(2);
    const pastReg = data.registrations.find((r) => r.id === registration.alicePast)!;
    expect(pastReg.answers.map((a) => [a.question, a.text])).toEqual([
      ["ご職業", ALICE_ANSWER],
      ["配慮事項", ALICE_CARE],
    ]);
    expect(pastReg.history.length).toBeGreaterThan(0);
    expect(data.consents.map((c) => c.purpose).sort()).toEqual(["CITY_NEWS", "CITY_PROVISION", "SURVEY", "WDL_NEWS"]);
    expect(data.activities).toEqual([expect.objectContaining({ kind: "VISIT_OGAKI", note: ALICE_NOTE })]);
    expect(data.surveys).toEqual([expect.objectContaining({ satisfaction: 4, comment: ALICE_COMMENT })]);
    expect(data.mailPreferences.find((p) => p.category === "REMINDER")).toEqual({ category: "REMINDER", enabled: false });
    expect(data.mails.length).toBeGreaterThan(0);
    expect(data.mails.every((m) => Object.keys(m).sort().join() === "category,createdAt,sentAt,status,subject,template")).toBe(true);
    expect(data.cityProvisions).toEqual([expect.objectContaining({ kind: "EXPORT", items: ["name", "affiliation"] })]);
    // Nothing of Bob's, nor of the waitlisted person's, anywhere in the file.
    for (const foreign of [BOB.name, BOB.email, BOB.affiliation, BOB_ANSWER, "ボブの感想", "wait.rights", registration.bobPast!, person.bob!]) {
      expect(text).not.toContain(foreign);
    }
    const audit = await t.db.auditLog.findFirst({ where: { action: "participant.export", targetId: person.alice }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorUserId: null, targetType: "Participant", detail: { format: "json" } });
  });

  it("gives the same as CSV for Excel: BOM, RFC 4180, formula-safe, only the person's rows", async () => {
    const response = await get(tokenOf(person.alice!), "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = await readBody(response);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString("utf8"), { bom: true }) as string[][];
    // In words and Japan time for people (tests/unit/lib/participants/own-data-csv.test.ts has every list).
    expect(rows[0]).toEqual(["区分", "番号", "項目", "内容"]);
    const value = (section: string, field: string) => rows.find((r) => r[0] === section && r[2] === field)?.[3];
    expect(value("プロフィール", "氏名")).toBe(ALICE.name);
    expect(value("プロフィール", "所属")).toBe(`'${ALICE.affiliation}`); // neutralised: shown as text, never run
    expect(rows.filter((r) => r[0] === "お申し込みの回答").map((r) => r[3])).toEqual([ALICE_ANSWER, ALICE_CARE]);
    expect(rows.some((r) => r[0] === "同意")).toBe(true);
    expect(rows.some((r) => r[0] === "お送りしたメール")).toBe(true);
    const text = bytes.toString("utf8");
    for (const foreign of [BOB.name, BOB.email, BOB_ANSWER]) expect(text).not.toContain(foreign);
  });

  it("answers 404 for a forged token, another purpose's token or an unknown format, saying nothing", async () => {
    const forged = `${person.alice}.${"A".repeat(43)}`;
    const otherPurpose = idToken("unsubscribe", person.alice!);
    for (const [token, format] of [
      [forged, "json"],
      [otherPurpose, "json"],
      [tokenOf(person.alice!), "xml"],
      ["garbage", "csv"],
    ] as const) {
      const response = await get(token, format);
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).not.toContain("有栖");
    }
  });
});

describe("withdrawing a consent", () => {
  it("withdraws exactly the one purpose, keeps the history, and is a no-op the second time", async () => {
    const bob = person.bob!;
    expect(await withdrawConsent(bob, "CITY_PROVISION")).toBe(true);
    expect(await withdrawConsent(bob, "CITY_PROVISION")).toBe(false);
    const rows = await t.db.consent.findMany({ where: { participantId: bob }, orderBy: { purpose: "asc" } });
    expect(rows.map((c) => [c.purpose, c.withdrawnAt !== null, c.withdrawnVia])).toEqual([
      ["CITY_PROVISION", true, "participant_page"],
      ["WDL_NEWS", false, null],
      ["CITY_NEWS", false, null],
      ["SURVEY", false, null],
    ]);
    // The other three kinds of mail still go; each can be withdrawn on its own.
    const page = await getParticipantPage(bob);
    expect(page!.preferences.filter((p) => p.needsConsent && p.enabled).map((p) => p.category)).toEqual(["SURVEY", "WDL_NEWS", "CITY_NEWS"]);
    for (const purpose of ["SURVEY", "WDL_NEWS", "CITY_NEWS"] as const) expect(await withdrawConsent(bob, purpose)).toBe(true);
    expect(await t.db.consent.count({ where: { participantId: bob, withdrawnAt: null } })).toBe(0);
    const data = await getOwnData(bob);
    expect(data!.consents.every((c) => c.withdrawnAt !== null)).toBe(true);
  });
});

describe("deleting one's data", () => {
  const figuresFilter = () => ({ period: fiscalYearPeriod(2026), areas: [], kinds: [], eventIds: [past.id] });

  it("anonymises the person everywhere, keeps the figures, gives back seats, cancels mail and records the city follow-up", async () => {
    const now = new Date();
    const before = await getDashboard(wdl, figuresFilter(), { now });
    expect(before!.people).toMatchObject({ attendees: 2, attendances: 2 });
    const pendingBefore = await t.db.outboxMessage.count({ where: { participantId: person.alice, status: "PENDING" } });
    expect(pendingBefore).toBeGreaterThan(0);

    const outcome = await anonymizeParticipant(person.alice!, { via: "participant_page" });
    expect(outcome).toMatchObject({ ok: true, registrationsCancelled: 1, cityProvisions: 1 });
    expect(await anonymizeParticipant(person.alice!, { via: "participant_page" })).toEqual({ ok: false, reason: "already_anonymized" });

    // No table holds her name, address, affiliation, answers, notes or comments any more.
    const tables = await t.db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    const identifying = [ALICE.name, ALICE.email, ALICE.email.toLowerCase(), ALICE.affiliation, ALICE_ANSWER, ALICE_CARE, ALICE_NOTE, ALICE_COMMENT];
    for (const { table_name } of tables) {
      const rows = await t.db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(x)::text AS row FROM "${table_name}" x`);
      for (const { row } of rows) for (const needle of identifying) expect(row, `${table_name} still holds "${needle}"`).not.toContain(needle.replaceAll('"', '\\"'));
    }
    // Her upcoming seat went to the waitlist; no mail to her is still due.
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: registration.aliceFuture } })).status).toBe("CANCELLED");
    expect(["OFFERED", "CONFIRMED"]).toContain((await t.db.registration.findUniqueOrThrow({ where: { id: registration.waiting } })).status);
    expect(await t.db.outboxMessage.count({ where: { participantId: person.alice, status: { in: ["PENDING", "SENDING"] } } })).toBe(0);
    expect(await t.db.outboxMessage.count({ where: { participantId: person.alice, status: "CANCELLED", lastError: "data_deleted" } })).toBeGreaterThan(0);
    // The figures of the past event are what they were.
    const after = await getDashboard(wdl, figuresFilter(), { now });
    expect(after).toEqual(before);
    // Bob is untouched.
    expect(await t.db.answer.count({ where: { registrationId: registration.bobPast } })).toBe(1);
    expect((await t.db.participant.findUniqueOrThrow({ where: { id: person.bob } })).name).toBe(BOB.name);

    // The link shows nothing now.
    expect(await getParticipantPage(person.alice!)).toBeNull();
    expect(await getOwnData(person.alice!)).toBeNull();
    expect((await get(tokenOf(person.alice!), "json")).status).toBe(404);
    expect((await get(tokenOf(person.alice!), "csv")).status).toBe(404);
  });

  it("puts the request in the queue of WDL and of the city (not another organisation's), with a due date, until the city confirms", async () => {
    const request = await t.db.deletionRequest.findFirstOrThrow({ where: { participantId: person.alice } });
    expect(request).toMatchObject({ via: "participant_page", status: "COMPLETED", cityProvisionCount: 1, cityCopyDeletedAt: null });

    const wdlRows = await listDeletionRequests(wdl, { filter: "open" });
    const cityRows = await listDeletionRequests(city, { filter: "open" });
    expect(wdlRows.map((r) => r.id)).toEqual([request.id]);
    expect(cityRows.map((r) => r.id)).toEqual([request.id]);
    expect(await listDeletionRequests(otherOrg)).toEqual([]);
    expect(cityRows[0]).toMatchObject({ cityPending: true, overdue: false });
    // Which events and which provision records the request concerns (the queue named neither before).
    const events = [past, future].map((e) => ({ id: e.id, titleJa: e.titleJa, titleEn: e.titleEn ?? null })); // by date
    for (const rows of [wdlRows, cityRows]) {
      expect(rows[0]!.events.map(({ id, titleJa, titleEn }) => ({ id, titleJa, titleEn }))).toEqual(events);
      expect(rows[0]!.provisions).toEqual([expect.objectContaining({ kind: "EXPORT", event: { titleJa: past.titleJa, titleEn: past.titleEn ?? null }, items: ["name", "affiliation"] })]);
    }
    expect(cityRows[0]!.dueAt.getTime() - request.requestedAt.getTime()).toBe(30 * DAY);
    // 31 days on, it stands out.
    const late = await listDeletionRequests(city, { now: new Date(request.requestedAt.getTime() + 31 * DAY) });
    expect(late[0]).toMatchObject({ id: request.id, overdue: true });

    // Only within its scope; once; audited with who.
    expect(await confirmCityCopyDeleted(otherOrg, request.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await confirmCityCopyDeleted(city, request.id)).toEqual({ ok: true });
    expect(await confirmCityCopyDeleted(city, request.id)).toEqual({ ok: false, reason: "already_confirmed" });
    const confirmed = await t.db.deletionRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(confirmed.cityCopyDeletedById).toBe(city.id);
    expect(confirmed.cityCopyDeletedAt).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "deletionRequest.cityCopyDeleted", targetId: request.id, actorUserId: city.id } })).toBe(1);
    expect(await listDeletionRequests(city, { filter: "open" })).toEqual([]);
    expect((await listDeletionRequests(city, { filter: "all", now: new Date(request.requestedAt.getTime() + 31 * DAY) }))[0]).toMatchObject({ overdue: false, cityPending: false });
  });

  it("records a request without a city copy as nothing for the city to do", async () => {
    const loner = await t.db.participant.create({ data: { email: "loner@example.com", emailNormalized: "loner@example.com", name: "孤独" } });
    const outcome = await anonymizeParticipant(loner.id, { via: "staff" });
    expect(outcome).toMatchObject({ ok: true, cityProvisions: 0 });
    const row = await t.db.deletionRequest.findFirstOrThrow({ where: { participantId: loner.id } });
    expect(await confirmCityCopyDeleted(city, row.id)).toEqual({ ok: false, reason: "not_found" });
  });
});
