import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countEventRegistrations } from "@/lib/events/staff/data";
import {
  addQuestion,
  archiveQuestion,
  cancelStaffEvent,
  closeStaffEvent,
  createStaffEvent,
  duplicateStaffEvent,
  moveQuestion,
  publishStaffEvent,
  updateQuestion,
  updateStaffEvent,
  type StaffActor,
} from "@/lib/events/staff/mutations";
import { eventSchema, questionSchema, type EventFormInput, type QuestionFormInput } from "@/lib/events/staff/schema";
import { registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../../support/app-env";
import type { TestDatabase } from "../../../../support/db";
import { createOrganizations, seatCounts, signup } from "../../../../support/fixtures";

let t: TestDatabase;
let organizer: StaffActor;
let cityStaff: StaffActor;
let otherOrganizer: StaffActor; // an organiser of an organisation that organises none of these events

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  const other = await t.db.organization.create({ data: { slug: "other-org", kind: "WDL", nameJa: "別団体", nameEn: "Other" } });
  const user = (email: string, organizationId: string, role: StaffActor["role"]) =>
    t.db.user.create({ data: { email, organizationId, role }, select: { id: true, organizationId: true, role: true } });
  organizer = await user("organizer@wdl.test", wdl.id, "WDL_ORGANIZER");
  cityStaff = await user("staff@city.test", city.id, "CITY_ADMIN");
  otherOrganizer = await user("organizer@other.test", other.id, "WDL_ADMIN");
});
afterAll(async () => {
  await t.drop();
});

const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
};

function form(overrides: Partial<EventFormInput> = {}): EventFormInput {
  return {
    slug: `staff-${randomBytes(3).toString("hex")}`,
    titleJa: "大垣の水を語る夜",
    titleEn: "An evening on Ogaki's water",
    summaryJa: "水の都・大垣のいまを聞く",
    summaryEn: "",
    descriptionJa: "## 内容\n\n- トーク",
    descriptionEn: "",
    startsAt: { date: day(20), time: "19:00" },
    endsAt: { date: day(20), time: "21:00" },
    format: "IN_PERSON",
    area: "TOKYO_AREA",
    kind: "TALK",
    venueName: "渋谷のイベントスペース",
    venueAddress: "東京都渋谷区",
    venueMapUrl: "https://maps.example.com/?q=shibuya",
    onlineUrl: "",
    capacity: "30",
    waitlistEnabled: true,
    approvalRequired: false,
    reviewerKind: "",
    registrationOpensAt: { date: "", time: "" },
    registrationClosesAt: { date: "", time: "" },
    feeJa: "無料",
    feeEn: "Free",
    offerHoldHours: "48",
    reminderHoursBefore: "72, 24",
    surveyEnabled: true,
    surveyDelayHours: "24",
    ...overrides,
  };
}

const parse = (input: EventFormInput) => eventSchema.parse(input);
const question = (overrides: Partial<QuestionFormInput> = {}) =>
  questionSchema.parse({ kind: "TEXT", labelJa: "ご職業", required: true, ...overrides });

async function created(overrides: Partial<EventFormInput> = {}) {
  const result = await createStaffEvent(organizer, parse(form(overrides)));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}

describe("createStaffEvent", () => {
  it("creates a draft owned by the organiser's organisation, hosted by WDL and co-hosted by the city, with an audit entry", async () => {
    const result = await created({ startsAt: { date: "2030-12-12", time: "14:00" }, endsAt: { date: "2030-12-12", time: "17:00" } });
    const event = await t.db.event.findUniqueOrThrow({ where: { id: result.eventId }, include: { organizers: { include: { organization: true } } } });
    expect(event).toMatchObject({ status: "DRAFT", ownerOrganizationId: organizer.organizationId, createdById: organizer.id, capacity: 30 });
    // Entered as Japan time, stored as UTC (the test process runs in America/Los_Angeles).
    expect(event.startsAt.toISOString()).toBe("2030-12-12T05:00:00.000Z");
    expect(event.endsAt.toISOString()).toBe("2030-12-12T08:00:00.000Z");
    expect(event.organizers.map((o) => [o.organization.kind, o.role]).sort()).toEqual([
      ["CITY", "CO_HOST"],
      ["WDL", "HOST"],
    ]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "event.create", targetId: event.id } });
    expect(audit).toMatchObject({ actorUserId: organizer.id, organizationId: organizer.organizationId, eventId: event.id });
  });

  it("answers a slug that is taken with a field error, not an exception", async () => {
    const first = await created();
    const again = await createStaffEvent(organizer, parse(form({ slug: first.slug })));
    expect(again).toEqual({ ok: false, errors: { slug: { code: "slug_taken" } } });
  });

  it("refuses roles that may not manage events", async () => {
    expect(await createStaffEvent(cityStaff, parse(form()))).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("updateStaffEvent", () => {
  it("saves changed fields and records which", async () => {
    const { eventId } = await created();
    const result = await updateStaffEvent(organizer, eventId, parse(form({ slug: "renamed-" + randomBytes(2).toString("hex"), titleJa: "新しい題名", feeJa: "" })));
    expect(result).toMatchObject({ ok: true, offered: 0 });
    if (!result.ok) return;
    expect(result.changed).toEqual(expect.arrayContaining(["slug", "titleJa", "feeJa"]));
    const event = await t.db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ titleJa: "新しい題名", feeJa: null });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "event.update", targetId: eventId } });
    expect((audit.detail as { fields: string[] }).fields).toEqual(expect.arrayContaining(["slug", "titleJa", "feeJa"]));
  });

  it("refuses to lower capacity below the seats taken (nothing saved), and a raise offers seats to the waitlist", async () => {
    const { eventId, slug } = await created({ capacity: "2" });
    await t.db.event.update({ where: { id: eventId }, data: { status: "PUBLISHED" } });
    for (const n of [1, 2, 3]) await registerForEvent(eventId, signup(`cap-${slug}-${n}`));
    expect(await seatCounts(t.db, eventId)).toMatchObject({ CONFIRMED: 2, WAITLISTED: 1 });

    const lowered = await updateStaffEvent(organizer, eventId, parse(form({ slug, capacity: "1", titleJa: "変えたい題名" })));
    expect(lowered).toEqual({ ok: false, errors: { capacity: { code: "capacity_below_taken", params: { taken: 2 } } } });
    expect(await t.db.event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ capacity: 2, titleJa: "大垣の水を語る夜" });

    const raised = await updateStaffEvent(organizer, eventId, parse(form({ slug, capacity: "3" })));
    expect(raised).toMatchObject({ ok: true, offered: 1, changed: ["capacity"] });
    expect(await seatCounts(t.db, eventId)).toMatchObject({ CONFIRMED: 2, OFFERED: 1, seats: 3 });
    expect(await t.db.auditLog.count({ where: { action: "event.capacity", targetId: eventId } })).toBe(1);
  });

  it("treats another organisation's event, and a cancelled event, as not editable", async () => {
    const { eventId } = await created();
    expect(await updateStaffEvent(otherOrganizer, eventId, parse(form()))).toEqual({ ok: false, reason: "not_found" });
    expect(await updateStaffEvent(organizer, "not-a-uuid", parse(form()))).toEqual({ ok: false, reason: "not_found" });
    await cancelStaffEvent(organizer, eventId, "会場の都合");
    expect(await updateStaffEvent(organizer, eventId, parse(form()))).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("answers a slug taken by another event with a field error", async () => {
    const a = await created();
    const b = await created();
    expect(await updateStaffEvent(organizer, b.eventId, parse(form({ slug: a.slug })))).toEqual({ ok: false, errors: { slug: { code: "slug_taken" } } });
  });
});

describe("status changes", () => {
  it("publishes a draft once, closes a published event once, and logs each", async () => {
    const { eventId } = await created();
    const [first, second] = await Promise.all([publishStaffEvent(organizer, eventId), publishStaffEvent(organizer, eventId)]);
    expect([first, second].filter((r) => r.ok)).toHaveLength(1);
    expect([first, second].find((r) => !r.ok)).toEqual({ ok: false, reason: "not_allowed" });
    const published = await t.db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(published.status).toBe("PUBLISHED");
    expect(published.publishedAt).toBeInstanceOf(Date);

    expect(await closeStaffEvent(organizer, eventId)).toEqual({ ok: true });
    expect(await closeStaffEvent(organizer, eventId)).toEqual({ ok: false, reason: "not_allowed" });
    expect(await publishStaffEvent(organizer, eventId)).toEqual({ ok: false, reason: "not_allowed" });
    expect((await t.db.event.findUniqueOrThrow({ where: { id: eventId } })).status).toBe("CLOSED");
    expect(await t.db.auditLog.findMany({ where: { targetId: eventId }, orderBy: { id: "asc" }, select: { action: true } })).toEqual([
      { action: "event.create" },
      { action: "event.publish" },
      { action: "event.close" },
    ]);
  });

  it("does not publish an event that is over, nor another organisation's event, nor for city staff", async () => {
    const { eventId } = await created();
    expect(await publishStaffEvent(organizer, eventId, new Date(Date.now() + 60 * 86_400_000))).toEqual({ ok: false, reason: "ended" });
    expect(await publishStaffEvent(otherOrganizer, eventId)).toEqual({ ok: false, reason: "not_found" });
    expect(await publishStaffEvent(cityStaff, eventId)).toEqual({ ok: false, reason: "not_found" });
    expect((await t.db.event.findUniqueOrThrow({ where: { id: eventId } })).status).toBe("DRAFT");
  });

  it("cancels with a reason: every active registration is cancelled and mailed, and a second cancel changes nothing", async () => {
    const { eventId, slug } = await created({ capacity: "1" });
    await publishStaffEvent(organizer, eventId);
    for (const n of [1, 2]) await registerForEvent(eventId, signup(`cancel-${slug}-${n}`));

    const counts = await countEventRegistrations(organizer, eventId);
    expect(counts).toMatchObject({ CONFIRMED: 1, WAITLISTED: 1, CANCELLED: 0 });
    expect(await countEventRegistrations(otherOrganizer, eventId)).toBeNull();

    expect(await cancelStaffEvent(otherOrganizer, eventId, "x")).toEqual({ ok: false, reason: "not_found" });
    expect(await cancelStaffEvent(organizer, eventId, "台風のため")).toEqual({ ok: true, notified: 2 });
    expect(await cancelStaffEvent(organizer, eventId, "台風のため")).toEqual({ ok: false, reason: "not_allowed" });
    expect(await t.db.event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ status: "CANCELLED", cancelReason: "台風のため" });
    expect(await seatCounts(t.db, eventId)).toMatchObject({ CANCELLED: 2, seats: 0 });
    expect(await t.db.outboxMessage.count({ where: { eventId, template: "event-cancelled" } })).toBe(2);
    expect(await t.db.auditLog.findFirst({ where: { action: "event.cancel", targetId: eventId } })).toMatchObject({ subjectCount: 2 });
  });
});

describe("duplicateStaffEvent", () => {
  it("copies content, organisers and current questions into a draft `<slug>-copy-N`, without registrations", async () => {
    const { eventId, slug } = await created();
    await addQuestion(organizer, eventId, question());
    const archived = await addQuestion(organizer, eventId, question({ labelJa: "消した質問" }));
    if (!archived.ok) throw new Error("setup");
    await archiveQuestion(organizer, eventId, archived.questionId);
    await addQuestion(organizer, eventId, question({ kind: "SINGLE_CHOICE", labelJa: "参加方法", options: [{ labelJa: "会場" }, { labelJa: "オンライン" }] }));
    await publishStaffEvent(organizer, eventId);
    await registerForEvent(eventId, signup(`dup-${slug}`));

    const copy = await duplicateStaffEvent(organizer, eventId);
    const again = await duplicateStaffEvent(organizer, eventId);
    expect(copy).toMatchObject({ ok: true, slug: `${slug}-copy-1` });
    expect(again).toMatchObject({ ok: true, slug: `${slug}-copy-2` });
    if (!copy.ok) return;

    const [source, duplicate] = await Promise.all(
      [eventId, copy.eventId].map((id) =>
        t.db.event.findUniqueOrThrow({
          where: { id },
          include: { organizers: true, questions: { where: { archivedAt: null }, orderBy: { position: "asc" } }, _count: { select: { registrations: true } } },
        }),
      ),
    );
    expect(duplicate).toMatchObject({ status: "DRAFT", publishedAt: null, titleJa: source!.titleJa, capacity: source!.capacity, createdById: organizer.id });
    expect(duplicate!._count.registrations).toBe(0);
    expect(duplicate!.organizers.map((o) => [o.organizationId, o.role]).sort()).toEqual(source!.organizers.map((o) => [o.organizationId, o.role]).sort());
    expect(duplicate!.questions.map((q) => [q.position, q.labelJa, q.options])).toEqual([
      [1, "ご職業", []],
      [2, "参加方法", source!.questions[1]!.options],
    ]);
    expect(duplicate!.questions.map((q) => q.id)).not.toContain(source!.questions[0]!.id);
  });

  it("keeps a copy of a long slug within the slug length, and refuses another organisation", async () => {
    const long = `l${"o".repeat(76)}ng`.slice(0, 80);
    const { eventId } = await created({ slug: long });
    const copy = await duplicateStaffEvent(organizer, eventId);
    expect(copy.ok && copy.slug.length <= 80 && copy.slug.endsWith("-copy-1")).toBe(true);
    expect(await duplicateStaffEvent(otherOrganizer, eventId)).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("questions", () => {
  it("adds questions at the end with generated option ids, moves them and archives them", async () => {
    const { eventId } = await created();
    const a = await addQuestion(organizer, eventId, question({ labelJa: "A" }));
    const b = await addQuestion(organizer, eventId, question({ kind: "MULTI_CHOICE", labelJa: "B", options: [{ labelJa: "水" }, { labelJa: "仕事", labelEn: "Work" }] }));
    const c = await addQuestion(organizer, eventId, question({ labelJa: "C" }));
    if (!a.ok || !b.ok || !c.ok) throw new Error("setup");
    const stored = await t.db.eventQuestion.findUniqueOrThrow({ where: { id: b.questionId } });
    const options = stored.options as { id: string; labelJa: string; labelEn: string | null }[];
    expect(options.map((o) => [o.labelJa, o.labelEn])).toEqual([
      ["水", null],
      ["仕事", "Work"],
    ]);
    expect(new Set(options.map((o) => o.id)).size).toBe(2);

    const order = async () =>
      (await t.db.eventQuestion.findMany({ where: { eventId, archivedAt: null }, orderBy: { position: "asc" } })).map((q) => q.labelJa);
    expect(await order()).toEqual(["A", "B", "C"]);
    expect(await moveQuestion(organizer, eventId, c.questionId, "up")).toEqual({ ok: true, moved: true });
    expect(await order()).toEqual(["A", "C", "B"]);
    expect(await moveQuestion(organizer, eventId, a.questionId, "up")).toEqual({ ok: true, moved: false });
    expect(await archiveQuestion(organizer, eventId, c.questionId)).toEqual({ ok: true });
    expect(await archiveQuestion(organizer, eventId, c.questionId)).toEqual({ ok: false, reason: "not_found" });
    expect(await order()).toEqual(["A", "B"]);
    const d = await addQuestion(organizer, eventId, question({ labelJa: "D" }));
    expect(d.ok).toBe(true);
    expect(await order()).toEqual(["A", "B", "D"]);
    expect(await t.db.auditLog.count({ where: { eventId, action: { startsWith: "event.question." } } })).toBe(6); // 4 added, 1 moved (the no-op is not logged), 1 archived
  });

  it("keeps answered questions meaningful: option ids stay, a chosen option cannot be removed, the kind is locked", async () => {
    const { eventId, slug } = await created();
    const added = await addQuestion(organizer, eventId, question({ kind: "MULTI_CHOICE", labelJa: "テーマ", options: [{ labelJa: "水" }, { labelJa: "仕事" }, { labelJa: "食" }] }));
    if (!added.ok) throw new Error("setup");
    const options = (await t.db.eventQuestion.findUniqueOrThrow({ where: { id: added.questionId } })).options as { id: string; labelJa: string }[];
    const [water, work, food] = options as unknown as [{ id: string }, { id: string }, { id: string }];
    await publishStaffEvent(organizer, eventId);
    await registerForEvent(eventId, signup(`answer-${slug}`, { answers: { [added.questionId]: [water.id] } }));

    const edit = (rows: QuestionFormInput["options"], overrides: Partial<QuestionFormInput> = {}) =>
      updateQuestion(organizer, eventId, added.questionId, question({ kind: "MULTI_CHOICE", labelJa: "テーマ", options: rows, ...overrides }));

    expect(await edit([{ id: water.id, labelJa: "水", remove: true }, { id: work.id, labelJa: "仕事" }, { id: food.id, labelJa: "食" }])).toEqual({
      ok: false,
      errors: { options: { code: "option_in_use" } },
    });
    expect(await edit([{ id: water.id, labelJa: "水" }, { id: work.id, labelJa: "仕事" }], { kind: "TEXT" })).toEqual({
      ok: false,
      errors: { kind: { code: "kind_locked" } },
    });
    expect(await edit([{ id: "forged", labelJa: "x" }, { id: water.id, labelJa: "水" }])).toEqual({
      ok: false,
      errors: { "options.0.labelJa": { code: "invalid" } },
    });

    // Relabel, drop an option nobody chose, add one: ids of kept options are unchanged.
    expect(
      await edit([
        { id: water.id, labelJa: "水と暮らし", labelEn: "Water" },
        { id: work.id, labelJa: "仕事", remove: true },
        { id: food.id, labelJa: "食" },
        { id: "", labelJa: "祭り" },
      ], { required: true, cityVisible: true }),
    ).toEqual({ ok: true });
    const after = await t.db.eventQuestion.findUniqueOrThrow({ where: { id: added.questionId } });
    const stored = after.options as { id: string; labelJa: string; labelEn: string | null }[];
    expect(stored.slice(0, 2)).toEqual([
      { id: water.id, labelJa: "水と暮らし", labelEn: "Water" },
      { id: food.id, labelJa: "食", labelEn: null },
    ]);
    expect(stored[2]).toMatchObject({ labelJa: "祭り" });
    expect([water.id, work.id, food.id]).not.toContain(stored[2]!.id);
    expect(after).toMatchObject({ required: true, cityVisible: true });

    const text = await addQuestion(organizer, eventId, question({ kind: "TEXT", labelJa: "ひとこと", required: false }));
    if (!text.ok) throw new Error("setup");
    await registerForEvent(eventId, signup(`answer2-${slug}`, { answers: { [added.questionId]: [water.id], [text.questionId]: "よろしく" } }));
    // Text ↔ long text keeps the meaning of a text answer.
    expect(await updateQuestion(organizer, eventId, text.questionId, question({ kind: "TEXTAREA", labelJa: "ひとこと" }))).toEqual({ ok: true });
  });

  it("refuses question changes on another organisation's event, for city staff, and on a question of another event", async () => {
    const mine = await created();
    const other = await created();
    const q = await addQuestion(organizer, other.eventId, question());
    if (!q.ok) throw new Error("setup");
    expect(await addQuestion(otherOrganizer, mine.eventId, question())).toEqual({ ok: false, reason: "not_found" });
    expect(await addQuestion(cityStaff, mine.eventId, question())).toEqual({ ok: false, reason: "not_found" });
    expect(await updateQuestion(organizer, mine.eventId, q.questionId, question({ labelJa: "乗っ取り" }))).toEqual({ ok: false, reason: "not_found" });
    expect(await archiveQuestion(organizer, mine.eventId, q.questionId)).toEqual({ ok: false, reason: "not_found" });
    expect(await moveQuestion(otherOrganizer, other.eventId, q.questionId, "down")).toEqual({ ok: false, reason: "not_found" });
    expect((await t.db.eventQuestion.findUniqueOrThrow({ where: { id: q.questionId } })).archivedAt).toBeNull();
  });
});
