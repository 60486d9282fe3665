import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/admin/events/[id]/export/route";
import { neutralizeCell } from "@/lib/export/csv";
import { registerForEvent } from "@/lib/registrations/mutations";
import { staffForRoute, type Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";
import { createStaff, looksLikeFormula, readBody } from "./helpers";

// The export route as Next calls it, with the signed-in staff member stubbed (sign-in has its own tests).
vi.mock("@/lib/server/auth", () => ({ staffForRoute: vi.fn() }));

let t: TestDatabase;
let wdl: Staff;
let city: Staff;
let other: Staff;
let event: Awaited<ReturnType<typeof createEvent>>;
const q: Record<string, { id: string }> = {};
const people: Record<string, string> = {}; // label → participant id

const HOSTILE_NAME = '=HYPERLINK("http://x","y")';
const HOSTILE_ANSWER = "@SUM(A1)";

beforeAll(async () => {
  t = await useAppDatabase();
  // One after the other: the organisations are upserted on first use.
  wdl = await createStaff(t.db, "WDL_ORGANIZER");
  city = await createStaff(t.db, "CITY_STAFF");
  other = await createStaff(t.db, "WDL_ADMIN", "other-org");
  event = await createEvent(t.db, { capacity: 100 });
  await t.db.event.update({ where: { id: event.id }, data: { titleJa: "大垣の夜" } });
  // Positions out of creation order, one tie (broken by id), one sensitive, one hidden from the city.
  const make = (position: number, labelJa: string, extra: Record<string, unknown> = {}) =>
    t.db.eventQuestion.create({ data: { eventId: event.id, position, kind: "TEXT", labelJa, cityVisible: true, ...extra } });
  q.job = await make(3, "ご職業");
  q.topics = await make(1, "聞きたいテーマ", {
    kind: "MULTI_CHOICE",
    options: [
      { id: "water", labelJa: "水と暮らし", labelEn: "Water" },
      { id: "work", labelJa: "仕事", labelEn: "Work" },
    ],
  });
  q.tieB = await make(2, "同順位B");
  q.tieA = await make(2, "同順位A");
  q.care = await make(4, "配慮事項", { kind: "TEXTAREA", sensitive: true, cityVisible: true });
  q.internal = await make(5, "WDL内部メモ", { cityVisible: false });
  q.old = await make(0, "旧設問");
  const [tieFirst, tieSecond] = [q.tieA!, q.tieB!].sort((a, b) => (a.id < b.id ? -1 : 1));
  q.tieFirst = tieFirst!;
  q.tieSecond = tieSecond!;

  const answers = {
    [q.job!.id]: HOSTILE_ANSWER,
    [q.topics!.id]: ["work", "water"],
    [q.tieA!.id]: "A",
    [q.tieB!.id]: "B",
    [q.care!.id]: "車椅子を使います",
    [q.internal!.id]: "内部",
    [q.old!.id]: "昔の回答",
  };
  const register = async (label: string, overrides: Parameters<typeof signup>[1]) => {
    const outcome = await registerForEvent(event.id, signup(label, { answers, ...overrides } as Parameters<typeof signup>[1]));
    const registration = await t.db.registration.findFirstOrThrow({ where: { eventId: event.id, emailNormalized: `person${label}@example.com` } });
    people[label] = registration.participantId;
    return outcome;
  };
  await register("consenting", {
    name: HOSTILE_NAME,
    affiliation: "+81-3-1234",
    municipality: "-渋谷区",
    howHeard: "OTHER",
    howHeardOther: "\tタブ",
    utmSource: "newsletter",
    ref: "r1",
  } as never);
  await register("noconsent", { consents: { CITY_PROVISION: false, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false } } as never);
  await register("withdrawn", {});
  await t.db.consent.updateMany({ where: { participantId: people.withdrawn, purpose: "CITY_PROVISION" }, data: { withdrawnAt: new Date() } });
  await t.db.eventQuestion.update({ where: { id: q.old!.id }, data: { archivedAt: new Date() } });
});

afterAll(async () => {
  await t.drop();
});

beforeEach(() => {
  vi.mocked(staffForRoute).mockReset();
});

function request(format?: string, options: { id?: string; cookie?: string } = {}) {
  const id = options.id ?? event.id;
  const url = `http://localhost/api/admin/events/${id}/export${format ? `?format=${format}` : ""}`;
  return GET(new Request(url, { headers: { "x-forwarded-for": "203.0.113.9", ...(options.cookie ? { cookie: options.cookie } : {}) } }), {
    params: Promise.resolve({ id }),
  });
}

async function exportAs(staff: Staff, format?: string, options: { id?: string; cookie?: string } = {}) {
  vi.mocked(staffForRoute).mockResolvedValue(staff);
  return request(format, options);
}

function parseCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.toString("utf8"), { bom: true }) as string[][];
}

const FIXED_WDL = [
  "状態",
  "申込日時（日本時間）",
  "氏名",
  "ふりがな",
  "メールアドレス",
  "所属",
  "お住まいの都道府県",
  "市区町村",
  "大垣とのつながり",
  "関心のあるテーマ",
  "イベントを知ったきっかけ",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "ref",
  "受付日時（日本時間）",
];

describe("GET /api/admin/events/:id/export", () => {
  it("gives WDL staff every registration as CSV with BOM, questions in a stable order and archived ones last", async () => {
    const response = await exportAs(wdl, "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toMatch(new RegExp(`^attachment; filename="registrations-${event.slug}-\\d{8}\\.csv"; filename\\*=UTF-8''`));
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^大垣の夜_参加者一覧_\d{8}\.csv$/);

    const [header, ...rows] = parseCsv(await readBody(response));
    expect(header).toEqual([
      ...FIXED_WDL,
      "聞きたいテーマ",
      q.tieFirst === q.tieA ? "同順位A" : "同順位B",
      q.tieFirst === q.tieA ? "同順位B" : "同順位A",
      "ご職業",
      "配慮事項",
      "WDL内部メモ",
      "旧設問（削除済みの設問）",
    ]);
    expect(rows).toHaveLength(3);
    const byEmail = Object.fromEntries(rows.map((r) => [r[4], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    const first = byEmail["personconsenting@example.com"]!;
    expect(first).toMatchObject({
      状態: "参加確定",
      氏名: `'${HOSTILE_NAME}`,
      所属: "'+81-3-1234",
      市区町村: "'-渋谷区",
      お住まいの都道府県: "東京都",
      大垣とのつながり: "訪問経験",
      関心のあるテーマ: "観光",
      イベントを知ったきっかけ: "その他（\tタブ）",
      utm_source: "newsletter",
      ref: "r1",
      聞きたいテーマ: "仕事、水と暮らし",
      ご職業: `'${HOSTILE_ANSWER}`,
      配慮事項: "車椅子を使います",
      "旧設問（削除済みの設問）": "昔の回答",
    });
    expect(first["申込日時（日本時間）"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    for (const row of rows) for (const cell of row) expect(looksLikeFormula(cell), cell).toBe(false);

    const audit = await t.db.auditLog.findFirstOrThrow({ where: { actorUserId: wdl.id, action: "registrations.export" } });
    expect(audit).toMatchObject({ organizationId: wdl.organizationId, eventId: event.id, targetType: "Event", targetId: event.id, subjectCount: 3, ip: "203.0.113.9" });
    expect(audit.detail).toMatchObject({ format: "csv", rows: 3 });
    expect(await t.db.provisionRecord.count({ where: { staffUserId: wdl.id } })).toBe(0);
  });

  it("gives city staff only people with a current provision consent and the city's columns, and records the provision", async () => {
    const response = await exportAs(city, "csv");
    expect(response.status).toBe(200);
    const bytes = await readBody(response);
    const text = bytes.toString("utf8");
    const [header, ...rows] = parseCsv(bytes);
    expect(header).toEqual([
      ...FIXED_WDL.filter((h) => h !== "メールアドレス" && !h.startsWith("utm_") && h !== "ref"),
      "聞きたいテーマ",
      q.tieFirst === q.tieA ? "同順位A" : "同順位B",
      q.tieFirst === q.tieA ? "同順位B" : "同順位A",
      "ご職業",
      "旧設問（削除済みの設問）",
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]![header!.indexOf("氏名")]).toBe(`'${HOSTILE_NAME}`);
    for (const secret of ["@example.com", "車椅子", "内部", "newsletter", "r1", "参加者 noconsent", "参加者 withdrawn"]) {
      expect(text).not.toContain(secret);
    }

    const record = await t.db.provisionRecord.findFirstOrThrow({ where: { staffUserId: city.id }, include: { persons: true } });
    const consent = await t.db.consent.findFirstOrThrow({ where: { participantId: people.consenting, purpose: "CITY_PROVISION", withdrawnAt: null } });
    expect(record).toMatchObject({ kind: "EXPORT", eventId: event.id, recipientOrganizationId: city.organizationId, personCount: 1 });
    expect(record.items).toEqual(expect.arrayContaining(["name", "furigana", `answer:${q.job!.id}`, `answer:${q.old!.id}`]));
    expect(record.items).not.toContain("email");
    expect(record.items).not.toContain(`answer:${q.care!.id}`);
    expect(record.persons).toEqual([{ provisionRecordId: record.id, participantId: people.consenting, consentId: consent.id }]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { actorUserId: city.id, action: "registrations.export" } });
    expect(audit.subjectCount).toBe(1);
  });

  it("writes an XLSX that exceljs reads back with the same cells as text, hostile values inert and without the CSV's apostrophe", async () => {
    const csv = parseCsv(await readBody(await exportAs(wdl, "csv")));
    const response = await exportAs(wdl, "xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/filename="registrations-.*\.xlsx"; filename\*=UTF-8''.*\.xlsx$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = await readBody(response);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("参加者一覧");
    const cells: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values: string[] = [];
      for (let c = 1; c <= csv[0]!.length; c++) {
        const cell = row.getCell(c);
        expect(cell.type === ExcelJS.ValueType.String || cell.type === ExcelJS.ValueType.Null, `${cell.address} ${cell.type}`).toBe(true);
        expect(cell.formula).toBeFalsy();
        values.push(cell.value == null ? "" : String(cell.value));
      }
      cells.push(values);
    });
    const sortRows = (rows: string[][]) => [rows[0], ...rows.slice(1).sort((a, b) => a[4]!.localeCompare(b[4]!))];
    // The same cells as the CSV, except that a text cell needs no formula guard: the CSV's leading apostrophe
    // would be a visible stray character in Excel (issue: "a visible apostrophe in XLSX cells that need none").
    expect(sortRows(cells.map((row) => row.map(neutralizeCell)))).toEqual(sortRows(csv));
    const flat = cells.flat();
    expect(flat).toContain(HOSTILE_NAME);
    expect(flat).toContain(HOSTILE_ANSWER);
    expect(flat.filter((cell) => cell.startsWith("'"))).toEqual([]);
  });

  it("answers in English for a reader who chose English", async () => {
    const [header] = parseCsv(await readBody(await exportAs(wdl, "csv", { cookie: "other=1; NEXT_LOCALE=en" })));
    expect(header!.slice(0, 3)).toEqual(["Status", "Registered at (JST)", "Name"]);
    expect(header).toContain("旧設問 (removed question)");
  });

  it("exports rows whose list columns are NULL in the database (written outside Prisma) as empty", async () => {
    await t.db.$executeRaw`UPDATE "Registration" SET "relationshipsAtSignup" = NULL WHERE "participantId" = ${people.noconsent}::uuid`;
    await t.db.$executeRaw`UPDATE "Participant" SET relationships = NULL, interests = NULL WHERE id = ${people.noconsent}::uuid`;
    try {
      const response = await exportAs(wdl, "csv");
      expect(response.status).toBe(200);
      const [header, ...rows] = parseCsv(await readBody(response));
      const row = rows.find((r) => r.includes("personnoconsent@example.com"))!;
      expect(row[header!.indexOf("大垣とのつながり")]).toBe("");
      expect(row[header!.indexOf("関心のあるテーマ")]).toBe("");
    } finally {
      await t.db.$executeRaw`UPDATE "Registration" SET "relationshipsAtSignup" = '{}' WHERE "participantId" = ${people.noconsent}::uuid`;
      await t.db.$executeRaw`UPDATE "Participant" SET relationships = '{}', interests = '{}' WHERE id = ${people.noconsent}::uuid`;
    }
  });

  it("answers 404 without data for another organisation's event or an unknown id, 400 for an unknown format", async () => {
    for (const response of [await exportAs(other, "csv"), await exportAs(wdl, "csv", { id: "not-a-uuid" }), await exportAs(wdl, "csv", { id: "0190d3c6-0000-7000-8000-000000000000" })]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: "not_found" });
    }
    expect(await t.db.auditLog.count({ where: { actorUserId: other.id } })).toBe(0);
    const bad = await exportAs(wdl, "pdf");
    expect(bad.status).toBe(400);
    expect((await exportAs(wdl)).headers.get("content-type")).toBe("text/csv; charset=utf-8");
  });

  it("passes the gate's own answer through when the caller is not allowed", async () => {
    vi.mocked(staffForRoute).mockResolvedValue(Response.json({ error: "unauthenticated" }, { status: 401 }));
    const response = await request("csv");
    expect(response.status).toBe(401);
    expect(vi.mocked(staffForRoute)).toHaveBeenCalledWith("registrations.export");
  });
});
