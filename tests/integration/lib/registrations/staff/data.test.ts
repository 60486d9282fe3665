import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerForEvent } from "@/lib/registrations/mutations";
import { findEventRegistrations, getStaffParticipant, listEventRegistrations } from "@/lib/registrations/staff/data";
import { DEFAULT_QUERY, parseRegistrationQuery, type RegistrationQuery } from "@/lib/registrations/staff/schema";
import { useAppDatabase } from "../../../../support/app-env";
import type { TestDatabase } from "../../../../support/db";
import { createEvent, createOrganizations, signup } from "../../../../support/fixtures";

// The staff registrations table and a person's detail, called with an explicit staff member: what each role
// sees, the search, filters, sort and pages, and the accountability rows every view leaves behind.

let t: TestDatabase;
type StaffUser = { id: string; organizationId: string; role: "WDL_ADMIN" | "WDL_ORGANIZER" | "CITY_ADMIN" | "CITY_STAFF" | "CHECKIN" };
let organizer: StaffUser;
let cityStaff: StaffUser;
let checkin: StaffUser;
let otherCity: StaffUser;

const query = (change: Partial<RegistrationQuery> = {}): RegistrationQuery => ({ ...DEFAULT_QUERY, ...change });

async function staffUser(organizationId: string, role: StaffUser["role"]): Promise<StaffUser> {
  const user = await t.db.user.create({
    data: { email: `${role.toLowerCase()}-${randomBytes(3).toString("hex")}@staff.example`, name: role, organizationId, role },
  });
  return { id: user.id, organizationId: user.organizationId, role: user.role };
}

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  const other = await t.db.organization.create({ data: { slug: "other-city", kind: "CITY", nameJa: "別の市", nameEn: "Another City" } });
  organizer = await staffUser(wdl.id, "WDL_ORGANIZER");
  cityStaff = await staffUser(city.id, "CITY_STAFF");
  checkin = await staffUser(wdl.id, "CHECKIN");
  otherCity = await staffUser(other.id, "CITY_ADMIN");
});
afterAll(async () => {
  await t.drop();
});

/** An event with three questions: one the city may see, one sensitive (marked city-visible by mistake), one not for the city. */
async function eventWithQuestions(overrides: Parameters<typeof createEvent>[1] = {}) {
  const event = await createEvent(t.db, { capacity: null, ...overrides });
  const [visible, sensitive, internal] = await Promise.all([
    t.db.eventQuestion.create({ data: { eventId: event.id, position: 1, kind: "TEXT", labelJa: "動機", cityVisible: true } }),
    t.db.eventQuestion.create({ data: { eventId: event.id, position: 2, kind: "TEXTAREA", labelJa: "配慮事項", sensitive: true, cityVisible: true } }),
    t.db.eventQuestion.create({
      data: { eventId: event.id, position: 3, kind: "SINGLE_CHOICE", labelJa: "交通手段", options: [{ id: "a", labelJa: "電車" }, { id: "b", labelJa: "車" }] },
    }),
  ]);
  return { event, visible, sensitive, internal };
}

describe("listEventRegistrations", () => {
  let fixture: Awaited<ReturnType<typeof eventWithQuestions>>;
  const tag = randomBytes(3).toString("hex");
  const people = [
    { n: `${tag}-a`, name: "佐藤 遥", furigana: "サトウ ハルカ", city: true, interests: ["tourism", "food"], relationships: ["VISITED"] },
    { n: `${tag}-b`, name: "鈴木 健一", furigana: "すずき けんいち", city: false, interests: ["manufacturing"], relationships: ["HOMETOWN"] },
    { n: `${tag}-c`, name: "高橋 美咲", furigana: "タカハシ ミサキ", city: true, interests: ["design"], relationships: ["NONE"] },
    { n: `${tag}-d`, name: "Emily Carter", furigana: "エミリー カーター", city: false, interests: ["tourism"], relationships: ["VISITED", "FURUSATO_NOZEI"] },
    { n: `${tag}-e`, name: "青木 啓介", furigana: "アオキ ケイスケ", city: true, interests: ["digital"], relationships: ["HOMETOWN"] },
  ] as const;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await eventWithQuestions();
    for (const p of people) {
      const outcome = await registerForEvent(
        fixture.event.id,
        signup(p.n, {
          name: p.name,
          furigana: p.furigana,
          interests: [...p.interests],
          relationships: [...p.relationships],
          affiliation: `所属 ${p.n}`,
          municipality: "世田谷区",
          answers: { [fixture.visible.id]: `動機 ${p.n}`, [fixture.sensitive.id]: `配慮 ${p.n}`, [fixture.internal.id]: "a" },
          consents: { CITY_PROVISION: p.city, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false },
        }),
      );
      if (outcome.kind !== "registered") throw new Error(outcome.kind);
      ids[p.n] = outcome.registrationId;
    }
    // One cancelled registration, for the status filter and counts.
    await t.db.registration.update({ where: { id: ids[`${tag}-e`] }, data: { status: "CANCELLED" } });
  });

  it("gives organisers every registration with email, consent, counts by state and every question's answers", async () => {
    const list = await listEventRegistrations(organizer, fixture.event.id, query({ sort: "created", dir: "asc" }));
    if (list?.view !== "full") throw new Error("expected the full view");
    expect(list.total).toBe(5);
    expect(list.rows.map((r) => r.participant.name)).toEqual(people.map((p) => p.name));
    expect(list.counts).toMatchObject({ CONFIRMED: 4, CANCELLED: 1, PENDING: 0 });
    expect(list.rows[0]).toMatchObject({ email: `person${tag}-a@example.com`, cityConsent: true });
    expect(list.rows[1]).toMatchObject({ cityConsent: false });
    expect(list.questions.map((q) => q.id)).toEqual([fixture.visible.id, fixture.sensitive.id, fixture.internal.id]);
    expect(list.rows[0]!.answers[fixture.sensitive.id]).toEqual({ text: `配慮 ${tag}-a`, choices: [] });
  });

  it("searches name, furigana (hiragana finds katakana, spaces ignored) and email, case-insensitively", async () => {
    const names = async (q: string) =>
      (await listEventRegistrations(organizer, fixture.event.id, query({ q })))!.rows.map((r) => r.participant.name).sort();
    expect(await names("佐藤")).toEqual(["佐藤 遥"]);
    expect(await names("佐藤遥")).toEqual(["佐藤 遥"]);
    expect(await names("たかはし　みさき")).toEqual(["高橋 美咲"]); // ideographic space in the query
    expect(await names("ｻﾄｳ")).toEqual(["佐藤 遥"]); // half-width katakana
    expect(await names("さとう")).toEqual(["佐藤 遥"]);
    expect(await names("スズキ")).toEqual(["鈴木 健一"]); // stored in hiragana
    expect(await names("emily")).toEqual(["Emily Carter"]);
    expect(await names(`PERSON${tag}-C@`)).toEqual(["高橋 美咲"]);
    expect(await names("100%_")).toEqual([]); // LIKE wildcards are literal
  });

  it("filters by state, consent, interest and relationship; the total counts the filtered list", async () => {
    const names = async (change: Partial<RegistrationQuery>) => {
      const list = (await listEventRegistrations(organizer, fixture.event.id, query(change)))!;
      expect(list.total).toBe(list.rows.length);
      return list.rows.map((r) => r.participant.name).sort();
    };
    expect(await names({ statuses: ["CANCELLED"] })).toEqual(["青木 啓介"]);
    expect(await names({ statuses: ["CONFIRMED", "CANCELLED"] })).toHaveLength(5);
    expect(await names({ consent: "yes" })).toEqual(["佐藤 遥", "青木 啓介", "高橋 美咲"].sort());
    expect(await names({ consent: "no" })).toEqual(["Emily Carter", "鈴木 健一"].sort());
    expect(await names({ interest: "tourism" })).toEqual(["Emily Carter", "佐藤 遥"].sort());
    expect(await names({ relationship: "HOMETOWN" })).toEqual(["鈴木 健一", "青木 啓介"].sort());
    expect(await names({ relationship: "HOMETOWN", statuses: ["CONFIRMED"], consent: "no" })).toEqual(["鈴木 健一"]);
  });

  it("sorts by furigana (hiragana and katakana together), by state and by sign-up time both ways", async () => {
    const names = async (change: Partial<RegistrationQuery>) =>
      (await listEventRegistrations(organizer, fixture.event.id, query(change)))!.rows.map((r) => r.participant.name);
    expect(await names({ sort: "name", dir: "asc" })).toEqual(["青木 啓介", "Emily Carter", "佐藤 遥", "鈴木 健一", "高橋 美咲"]);
    expect(await names({ sort: "name", dir: "desc" })).toEqual(["高橋 美咲", "鈴木 健一", "佐藤 遥", "Emily Carter", "青木 啓介"]);
    expect(await names({ sort: "created", dir: "desc" })).toEqual(people.map((p) => p.name).reverse());
    expect((await names({ sort: "status", dir: "desc" }))[0]).toBe("青木 啓介"); // CANCELLED after CONFIRMED in the enum
  });

  it("shows the city only people with a current provision consent, only the city's fields, and never email or sensitive answers", async () => {
    const list = await listEventRegistrations(cityStaff, fixture.event.id, query({ sort: "created", dir: "asc" }));
    if (list?.view !== "city") throw new Error("expected the city view");
    expect(list.rows.map((r) => r.participant.name)).toEqual(["佐藤 遥", "高橋 美咲", "青木 啓介"]);
    expect(list.total).toBe(3);
    expect(list.counts).toMatchObject({ CONFIRMED: 2, CANCELLED: 1 });
    expect(list.questions.map((q) => q.id)).toEqual([fixture.visible.id]);
    const json = JSON.stringify(list);
    expect(json).not.toContain("@example.com");
    expect(json).not.toContain("配慮");
    expect(json).not.toContain(fixture.internal.id);
    for (const row of list.rows) {
      expect(Object.keys(row).sort()).toEqual(["answers", "checkedInAt", "id", "participant", "status"]);
      expect(Object.keys(row.answers)).toEqual([fixture.visible.id]);
    }
    // The consent filter cannot widen the city's list, and the city cannot search by email.
    const ignored = (await listEventRegistrations(cityStaff, fixture.event.id, query({ consent: "no", sort: "created", dir: "asc" })))!;
    expect(ignored.rows.map((r) => r.participant.name)).toEqual(["佐藤 遥", "高橋 美咲", "青木 啓介"]);
    expect((await listEventRegistrations(cityStaff, fixture.event.id, query({ q: `person${tag}-a` })))!.rows).toEqual([]);
    expect((await listEventRegistrations(cityStaff, fixture.event.id, query({ q: "さとう" })))!.rows).toHaveLength(1);
  });

  it("writes one provision record per city view with the persons shown and the consent each relied on, and an audit entry", async () => {
    const before = await t.db.provisionRecord.count();
    const list = await listEventRegistrations(cityStaff, fixture.event.id, query({ statuses: ["CONFIRMED"] }), { ip: "192.0.2.1" });
    const records = await t.db.provisionRecord.findMany({ orderBy: { createdAt: "desc" }, take: 1, include: { persons: true } });
    expect(await t.db.provisionRecord.count()).toBe(before + 1);
    const record = records[0]!;
    expect(record).toMatchObject({ kind: "VIEW", eventId: fixture.event.id, recipientOrganizationId: cityStaff.organizationId, staffUserId: cityStaff.id, personCount: 2 });
    expect(record.items).toEqual(expect.arrayContaining(["name", "furigana", "affiliation", "prefectureCode", "municipality", "relationships", "interests", "status", "attendance", `answer:${fixture.visible.id}`]));
    expect(record.items).not.toContain("email");
    expect(record.items).not.toContain(`answer:${fixture.sensitive.id}`);
    const consents = await t.db.consent.findMany({ where: { purpose: "CITY_PROVISION", withdrawnAt: null, participantId: { in: list!.rows.map((r) => r.participant.id) } } });
    expect(record.persons.map((p) => [p.participantId, p.consentId]).sort()).toEqual(consents.map((c) => [c.participantId, c.id]).sort());
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { actorUserId: cityStaff.id, action: "registrations.list" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ eventId: fixture.event.id, subjectCount: 2, ip: "192.0.2.1", organizationId: cityStaff.organizationId });
  });

  it("audits organisers' views without a provision record", async () => {
    const provisions = await t.db.provisionRecord.count();
    const audits = await t.db.auditLog.count({ where: { actorUserId: organizer.id, action: "registrations.list" } });
    await listEventRegistrations(organizer, fixture.event.id, query());
    expect(await t.db.provisionRecord.count()).toBe(provisions);
    expect(await t.db.auditLog.count({ where: { actorUserId: organizer.id, action: "registrations.list" } })).toBe(audits + 1);
  });

  it("hides a person from the city as soon as they withdraw the consent", async () => {
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: `person${tag}-c@example.com` } });
    await t.db.consent.updateMany({ where: { participantId: person.id, purpose: "CITY_PROVISION", withdrawnAt: null }, data: { withdrawnAt: new Date(), withdrawnVia: "participant_page" } });
    const list = await listEventRegistrations(cityStaff, fixture.event.id, query());
    expect(list!.rows.map((r) => r.participant.name).sort()).toEqual(["佐藤 遥", "青木 啓介"].sort());
    expect(await getStaffParticipant(cityStaff, person.id)).toBeNull();
  });

  it("answers null for another organisation's event, a role without a list, and a malformed id", async () => {
    expect(await listEventRegistrations(otherCity, fixture.event.id, query())).toBeNull();
    expect(await listEventRegistrations(checkin, fixture.event.id, query())).toBeNull();
    expect(await listEventRegistrations(organizer, "not-a-uuid", query())).toBeNull();
    expect(await t.db.auditLog.count({ where: { actorUserId: { in: [otherCity.id, checkin.id] } } })).toBe(0);
    expect(await t.db.provisionRecord.count({ where: { staffUserId: otherCity.id } })).toBe(0);
  });

  it("finds only the event's own registrations for a bulk change", async () => {
    const other = await createEvent(t.db);
    const outcome = await registerForEvent(other.id, signup(`${tag}-elsewhere`));
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    const found = await findEventRegistrations(organizer, fixture.event.id, [ids[`${tag}-a`]!, outcome.registrationId]);
    expect(found.map((r) => r.id)).toEqual([ids[`${tag}-a`]]);
    expect(await findEventRegistrations(otherCity, fixture.event.id, [ids[`${tag}-a`]!])).toEqual([]);
  });
});

describe("parseRegistrationQuery", () => {
  it("keeps what is valid and drops the rest", () => {
    expect(parseRegistrationQuery({ q: "  佐藤 ", status: ["PENDING", "BOGUS", "PENDING"], consent: "maybe", interest: "tourism", sort: "name", dir: "up", page: "3" })).toEqual({
      ...DEFAULT_QUERY,
      q: "佐藤",
      statuses: ["PENDING"],
      interest: "tourism",
      sort: "name",
      page: 3,
    });
    expect(parseRegistrationQuery({ page: "-1", relationship: "NOPE" })).toEqual(DEFAULT_QUERY);
  });
});

describe("10,000 registrations", () => {
  let eventId: string;
  const N = 10_000;
  const base = new Date("2026-01-01T00:00:00Z");

  beforeAll(async () => {
    const event = await createEvent(t.db, { capacity: null });
    eventId = event.id;
    // Person i: furigana "バルク" + i zero-padded, every third consents to provision, every fifth is pending;
    // signed up i seconds after `base` (so sign-up order is i).
    await t.db.$executeRaw`
      INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, relationships, interests, "updatedAt")
      SELECT gen_random_uuid(), 'bulk' || i || '@example.com', 'bulk' || i || '@example.com', '大量 ' || lpad(i::text, 5, '0'),
             'バルク' || lpad(i::text, 5, '0'), ARRAY['VISITED']::"Relationship"[], CASE WHEN i % 2 = 0 THEN ARRAY['tourism'] ELSE ARRAY['food'] END, now()
      FROM generate_series(1, ${N}) AS i`;
    await t.db.$executeRaw`
      INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, "manageTokenHash", "checkinCode", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${eventId}::uuid, p.id, p."emailNormalized",
             (CASE WHEN p.i % 5 = 0 THEN 'PENDING' ELSE 'CONFIRMED' END)::"RegistrationStatus",
             md5(${eventId} || p.i::text), 'B' || p.i, ${base}::timestamptz + p.i * interval '1 second', now()
      FROM (SELECT id, "emailNormalized", substring("emailNormalized" from 'bulk(\\d+)@')::int AS i
            FROM "Participant" WHERE "emailNormalized" LIKE 'bulk%@example.com') p`;
    await t.db.$executeRaw`
      INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt")
      SELECT gen_random_uuid(), id, 'CITY_PROVISION', 'test', now() FROM "Participant"
      WHERE "emailNormalized" LIKE 'bulk%@example.com' AND substring("emailNormalized" from 'bulk(\\d+)@')::int % 3 = 0`;
    await t.db.$executeRaw`ANALYZE "Registration"`;
    await t.db.$executeRaw`ANALYZE "Participant"`;
    await t.db.$executeRaw`ANALYZE "Consent"`;
  });

  const numbers = (rows: { participant: { name: string | null } }[]) => rows.map((r) => Number(r.participant.name!.slice(3)));
  const range = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, k) => from + k * step);

  it("returns the right 50 of a middle page, with the total, in sign-up order", async () => {
    const list = (await listEventRegistrations(organizer, eventId, query({ sort: "created", dir: "asc", page: 101 })))!;
    expect(list.total).toBe(N);
    expect(list.pageCount).toBe(200);
    expect(numbers(list.rows)).toEqual(range(5001, 50));
    expect(list.counts).toMatchObject({ CONFIRMED: 8000, PENDING: 2000 });
  });

  it("pages a filtered, name-sorted list and the city's consent-limited list correctly", async () => {
    const pending = (await listEventRegistrations(organizer, eventId, query({ statuses: ["PENDING"], sort: "name", dir: "desc", page: 2 })))!;
    expect(pending.total).toBe(2000);
    expect(numbers(pending.rows)).toEqual(range(10_000 - 50 * 5, 50, -5));

    const tourism = (await listEventRegistrations(organizer, eventId, query({ interest: "tourism", q: "バルク0", sort: "created", dir: "asc", page: 3 })))!;
    expect(tourism.total).toBe(4999); // even numbers below 10000
    expect(numbers(tourism.rows)).toEqual(range(202, 50, 2));

    const city = (await listEventRegistrations(cityStaff, eventId, query({ sort: "created", dir: "asc", page: 67 })))!;
    expect(city.total).toBe(3333);
    expect(numbers(city.rows)).toEqual(range(3 * (66 * 50 + 1), 33, 3));
    const record = await t.db.provisionRecord.findFirstOrThrow({ where: { eventId }, orderBy: { createdAt: "desc" }, include: { persons: true } });
    expect(record.personCount).toBe(33);
  });

  it("shows the last page for a page past the end", async () => {
    const list = (await listEventRegistrations(organizer, eventId, query({ sort: "created", dir: "asc", page: 999 })))!;
    expect(list.page).toBe(200);
    expect(numbers(list.rows)).toEqual(range(9951, 50));
  });
});

describe("getStaffParticipant", () => {
  it("gives organisers the person, their registrations in scope with history, and all consents; never another organisation's events", async () => {
    const tag = randomBytes(3).toString("hex");
    const mine = await createEvent(t.db, { approvalRequired: true });
    const second = await createEvent(t.db);
    const outside = await createEvent(t.db);
    // An event the WDL does not organise (only another city): not in WDL's scope.
    await t.db.eventOrganizer.deleteMany({ where: { eventId: outside.id } });
    await t.db.eventOrganizer.create({ data: { eventId: outside.id, organizationId: otherCity.organizationId, role: "HOST" } });
    for (const event of [mine, second, outside]) {
      const outcome = await registerForEvent(event.id, signup(`${tag}-p`, { consents: { CITY_PROVISION: true, WDL_NEWS: true, CITY_NEWS: false, SURVEY: false } }));
      if (outcome.kind !== "registered") throw new Error(outcome.kind);
    }
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: `person${tag}-p@example.com` } });

    const detail = await getStaffParticipant(organizer, person.id, { ip: "192.0.2.9" });
    expect(detail).toMatchObject({ view: "full", participant: { email: `person${tag}-p@example.com`, name: `参加者 ${tag}-p` } });
    expect(detail!.registrations.map((r) => r.event.id).sort()).toEqual([mine.id, second.id].sort());
    expect(detail!.registrations.find((r) => r.event.id === mine.id)!.history).toMatchObject([{ fromStatus: null, toStatus: "PENDING", actorType: "PARTICIPANT" }]);
    expect(detail!.consents.map((c) => c.purpose).sort()).toEqual(["CITY_PROVISION", "WDL_NEWS"]);
    expect(await t.db.auditLog.findFirst({ where: { actorUserId: organizer.id, action: "participant.view", targetId: person.id } })).toMatchObject({ ip: "192.0.2.9" });

    // The city: the city's fields and consents only, and a provision record naming the consent.
    const city = await getStaffParticipant(cityStaff, person.id);
    expect(city).not.toBeNull();
    expect(JSON.stringify(city)).not.toContain("@example.com");
    expect(city!.participant).not.toHaveProperty("email");
    expect(city!.consents.map((c) => c.purpose)).toEqual(["CITY_PROVISION"]);
    expect(city!.registrations.map((r) => r.event.id).sort()).toEqual([mine.id, second.id].sort());
    const consent = await t.db.consent.findFirstOrThrow({ where: { participantId: person.id, purpose: "CITY_PROVISION", withdrawnAt: null } });
    const record = await t.db.provisionRecord.findFirstOrThrow({ where: { staffUserId: cityStaff.id, eventId: null }, orderBy: { createdAt: "desc" }, include: { persons: true } });
    expect(record.persons).toEqual([expect.objectContaining({ participantId: person.id, consentId: consent.id })]);
    expect(await getStaffParticipant(checkin, person.id)).toBeNull();
  });

  it("is null for the city without a current provision consent, and for a person outside the staff member's events", async () => {
    const tag = randomBytes(3).toString("hex");
    const event = await createEvent(t.db);
    await registerForEvent(event.id, signup(`${tag}-n`, { consents: { CITY_PROVISION: false, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false } }));
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: `person${tag}-n@example.com` } });
    const provisions = await t.db.provisionRecord.count();
    expect(await getStaffParticipant(cityStaff, person.id)).toBeNull();
    expect(await t.db.provisionRecord.count()).toBe(provisions);
    expect(await getStaffParticipant(organizer, person.id)).not.toBeNull();
    expect(await getStaffParticipant(otherCity, person.id)).toBeNull();
    expect(await getStaffParticipant(organizer, "00000000-0000-7000-8000-000000000000")).toBeNull();
  });

  it("gives organisers each registration's answers in question order; the city none (not among its provision items)", async () => {
    const tag = randomBytes(3).toString("hex");
    const { event, visible, internal } = await eventWithQuestions();
    const outcome = await registerForEvent(
      event.id,
      signup(`${tag}-q`, { answers: { [internal.id]: ["b"], [visible.id]: "移住を考えています" }, consents: { CITY_PROVISION: true, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false } }),
    );
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: `person${tag}-q@example.com` } });
    const detail = await getStaffParticipant(organizer, person.id);
    expect(detail!.registrations[0]!.answers).toEqual([
      { question: expect.objectContaining({ id: visible.id, kind: "TEXT" }), answer: { text: "移住を考えています", choices: [] } },
      { question: expect.objectContaining({ id: internal.id, kind: "SINGLE_CHOICE", options: [{ id: "a", labelJa: "電車" }, { id: "b", labelJa: "車" }] }), answer: { text: null, choices: ["b"] } },
    ]);
    const city = await getStaffParticipant(cityStaff, person.id);
    expect(city!.registrations[0]).not.toHaveProperty("answers");
    expect(JSON.stringify(city)).not.toContain("移住を考えています");
  });
});
