import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/admin/insights/export/route";
import { INSIGHTS_CSV_HEADER } from "@/components/staff/insights/csv";
import type { HowHeard, JoinAgain, NextStep, RegistrationStatus } from "@/lib/generated/prisma/enums";
import { getDashboard } from "@/lib/insights/data";
import { fiscalYearPeriod } from "@/lib/insights/period";
import type { Dashboard, DashboardFilter } from "@/lib/insights/types";
import { staffForRoute, type Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent } from "../../support/fixtures";
import { createStaff, readBody } from "../lib/export/helpers";

// The dashboard's CSV as Next calls the route, with the signed-in staff member stubbed: every figure in the
// file is the figure getDashboard() gives for the same parameters (WDL's full view, the city's suppressed one,
// and WDL asking for the city's view), the file is the Excel-friendly CSV the city can use, and each export
// leaves an audit row.

vi.mock("@/lib/server/auth", () => ({ staffForRoute: vi.fn() }));

let t: TestDatabase;
let wdl: Staff;
let city: Staff;
const FY = 2025;
const filter: DashboardFilter = { period: fiscalYearPeriod(FY), areas: [], kinds: [], eventIds: [] };
const HOSTILE_UTM = "=cmd|' /C calc'!A0";

// Twelve people, three events in FY2025 (all past) and one in FY2026 that must not count.
//   E1 2025-06-10 Tokyo talk:       p0–p7 attended, p8 no-show, p9 cancelled          (10 registrations)
//   E2 2025-10-05 Ogaki fieldwork:  p0–p3 attended, p10 attended off the waitlist, p11 no-show  (6)
//   E3 2026-02-01 online workshop:  p0, p1, p4 attended                                  (3)
//   E4 2026-05-01 (FY2026):         p0 attended
// Hand-counted for FY2025: 12 registrants, 19 registrations, 9 attendees (p0–p7, p10), 16 attendances,
// 2 no-shows, 1 waitlisted registration. p3 has deleted their data (anonymised) and still counts.
beforeAll(async () => {
  t = await useAppDatabase();
  wdl = await createStaff(t.db, "WDL_ORGANIZER");
  city = await createStaff(t.db, "CITY_STAFF");

  const event = async (startsAt: string, area: "TOKYO_AREA" | "OGAKI" | "ONLINE", kind: "TALK" | "FIELDWORK" | "WORKSHOP", titleJa: string) => {
    const created = await createEvent(t.db, { startsAt: new Date(startsAt), status: "CLOSED" });
    return t.db.event.update({ where: { id: created.id }, data: { area, kind, titleJa, titleEn: `${titleJa} (en)` } });
  };
  const e1 = await event("2025-06-10T10:00:00Z", "TOKYO_AREA", "TALK", "東京トーク");
  const e2 = await event("2025-10-05T01:00:00Z", "OGAKI", "FIELDWORK", "大垣フィールドワーク");
  const e3 = await event("2026-02-01T10:00:00Z", "ONLINE", "WORKSHOP", "オンラインワークショップ");
  const e4 = await event("2026-05-01T10:00:00Z", "TOKYO_AREA", "TALK", "翌年度のトーク");

  const howHeard: (HowHeard | null)[] = ["SNS", "SNS", "SNS", "SNS", "SNS", "FRIEND", "FRIEND", "FRIEND", "FRIEND", "FRIEND", "CITY", null];
  const people: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const email = `insights-${i}-${randomBytes(3).toString("hex")}@example.com`;
    const person = await t.db.participant.create({
      data: {
        email,
        emailNormalized: email,
        name: `参加者 ${i}`,
        prefectureCode: i < 8 ? "13" : i < 11 ? "11" : null,
        interests: i < 6 ? ["tourism"] : ["food", "tourism"],
        relationships: ["VISITED"],
      },
    });
    people.push(person.id);
  }
  let code = 0;
  const register = async (
    eventId: string,
    who: number,
    status: RegistrationStatus,
    extra: { utmSource?: string; utmMedium?: string; waitlisted?: boolean; survey?: { satisfaction: number; joinAgain: JoinAgain; nextSteps: NextStep[] } } = {},
  ) => {
    const registration = await t.db.registration.create({
      data: {
        eventId,
        participantId: people[who]!,
        status,
        relationshipsAtSignup: who === 11 ? ["HOMETOWN"] : ["VISITED"],
        howHeard: howHeard[who],
        utmSource: extra.utmSource ?? null,
        utmMedium: extra.utmMedium ?? null,
        manageTokenHash: randomBytes(16).toString("hex"),
        checkinCode: `C${String((code += 1)).padStart(5, "0")}`,
        waitlistedAt: extra.waitlisted ? new Date("2025-09-01T00:00:00Z") : null,
        confirmedAt: status === "ATTENDED" || status === "NO_SHOW" ? new Date("2025-09-02T00:00:00Z") : null,
      },
    });
    if (extra.survey) {
      await t.db.surveyResponse.create({ data: { registrationId: registration.id, participantId: people[who]!, eventId, ...extra.survey } });
    }
  };
  const surveys: { satisfaction: number; joinAgain: JoinAgain; nextSteps: NextStep[] }[] = [
    { satisfaction: 5, joinAgain: "YES", nextSteps: ["VISIT_OGAKI", "NEWSLETTER"] },
    { satisfaction: 5, joinAgain: "YES", nextSteps: ["VISIT_OGAKI"] },
    { satisfaction: 4, joinAgain: "YES", nextSteps: ["VISIT_OGAKI"] },
    { satisfaction: 4, joinAgain: "YES", nextSteps: ["FIELDWORK_TOUR"] },
    { satisfaction: 3, joinAgain: "MAYBE", nextSteps: ["VISIT_OGAKI"] },
    { satisfaction: 5, joinAgain: "MAYBE", nextSteps: ["NONE"] },
  ];
  for (let i = 0; i < 8; i += 1) {
    await register(e1.id, i, "ATTENDED", {
      utmSource: i === 0 ? HOSTILE_UTM : i < 7 ? "newsletter" : undefined,
      utmMedium: i > 0 && i < 7 ? "email" : undefined,
      survey: surveys[i],
    });
  }
  await register(e1.id, 8, "NO_SHOW");
  await register(e1.id, 9, "CANCELLED");
  for (const i of [0, 1, 2, 3]) await register(e2.id, i, "ATTENDED");
  await register(e2.id, 10, "ATTENDED", { waitlisted: true });
  await register(e2.id, 11, "NO_SHOW");
  for (const i of [0, 1, 4]) await register(e3.id, i, "ATTENDED");
  await register(e4.id, 0, "ATTENDED");
  await t.db.activity.create({ data: { participantId: people[2]!, kind: "VOLUNTEER", source: "STAFF", occurredOn: new Date("2025-11-15") } });
  // p3 deleted their data: anonymised, not erased.
  await t.db.participant.update({ where: { id: people[3]! }, data: { email: null, emailNormalized: null, name: null, furigana: null, anonymizedAt: new Date() } });
});

afterAll(async () => {
  await t.drop();
});

beforeEach(() => {
  vi.mocked(staffForRoute).mockReset();
});

async function exportAs(staff: Staff, query: string) {
  vi.mocked(staffForRoute).mockResolvedValue(staff);
  return GET(new Request(`http://localhost/api/admin/insights/export?${query}`, { headers: { "x-forwarded-for": "203.0.113.7" } }));
}

type CsvRow = { section: string; item: string; key: string; labelJa: string; labelEn: string; unit: string; value: string; suppressed: string; share: string };

async function readCsv(response: Response): Promise<{ header: string[]; rows: CsvRow[]; text: string }> {
  expect(response.status).toBe(200);
  const bytes = await readBody(response);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  const [header, ...records] = parse(text, { bom: true }) as string[][];
  const rows = records.map(([section, item, key, labelJa, labelEn, unit, value, suppressed, share]) => ({
    section: section!,
    item: item!,
    key: key!,
    labelJa: labelJa!,
    labelEn: labelEn!,
    unit: unit!,
    value: value!,
    suppressed: suppressed!,
    share: share!,
  }));
  return { header: header!, rows, text };
}

/** The CSV's rows as `section|item|key` → row (every figure appears once). */
function index(rows: CsvRow[]): Map<string, CsvRow> {
  const map = new Map<string, CsvRow>();
  for (const row of rows) {
    const id = `${row.section}|${row.item}|${row.key}`;
    expect(map.has(id), `duplicate row ${id}`).toBe(false);
    map.set(id, row);
  }
  return map;
}

const ratio = (value: number) => String(Math.round(value * 10_000) / 10_000);
const countText = (cell: number | null) => (cell === null ? "" : String(cell));
const rateText = (rate: number | null) => (rate === null ? "" : ratio(rate));

/** Every figure of the dashboard must be in the CSV with the same value (and × exactly where it is withheld). */
function expectCsvMatches(rows: CsvRow[], d: Dashboard) {
  const byId = index(rows);
  const row = (section: string, item: string, key = "") => {
    const found = byId.get(`${section}|${item}|${key}`);
    expect(found, `${section}|${item}|${key}`).toBeDefined();
    return found!;
  };
  const count = (section: string, item: string, cell: number | null, key = "") => {
    const r = row(section, item, key);
    expect([r.value, r.suppressed], `${section}|${item}|${key}`).toEqual([countText(cell), cell === null ? "×" : ""]);
  };
  const rate = (section: string, item: string, value: number | null, key = "") => {
    expect(row(section, item, key).value, `${section}|${item}|${key}`).toBe(rateText(value));
  };

  count("events", "count", d.events.count);
  count("events", "held", d.events.held);
  for (const item of ["registrants", "registrations", "attendees", "attendances", "newAttendees", "returningAttendees", "repeaters", "noShows"] as const) {
    count("people", item, d.people[item]);
  }
  for (const item of ["repeatRate", "attendanceRate", "noShowRate"] as const) rate("people", item, d.people[item]);
  for (const item of ["registrations", "people", "gotSeat"] as const) count("waitlist", item, d.waitlist[item]);
  rate("waitlist", "gotSeatRate", d.waitlist.gotSeatRate);
  for (const step of d.funnel) count("funnel", "reached", step.reached, step.stage);
  for (const step of d.funnel.slice(1)) rate("funnel", "conversion", step.conversion, step.stage);
  count("funnel", "premium", d.premium);
  const breakdowns = [
    ["residence", "people", d.residence],
    ["interests", "people", d.interests],
    ["relationships", "people", d.relationships],
    ["howHeard", "people", d.howHeard],
    ["satisfaction", "responses", d.survey.satisfaction],
    ["joinAgain", "responses", d.survey.joinAgain],
    ["nextSteps", "responses", d.survey.nextSteps],
  ] as const;
  for (const [section, item, list] of breakdowns) {
    expect(rows.filter((r) => r.section === section).map((r) => r.key), section).toEqual(list.map((b) => b.key));
    for (const b of list) {
      count(section, item, b.count, b.key);
      expect(row(section, item, b.key).share, `${section} ${b.key} share`).toBe(rateText(b.share));
    }
  }
  expect(rows.filter((r) => r.section === "campaigns").map((r) => r.value)).toEqual(d.campaigns.map((c) => countText(c.count)));
  count("survey", "responses", d.survey.responses);
  rate("survey", "satisfactionMean", d.survey.satisfactionMean);
  for (const e of d.events.rows) {
    count("perEvent", "registrations", e.registrations, e.id);
    count("perEvent", "attended", e.attended, e.id);
    count("perEvent", "noShow", e.noShow, e.id);
  }
}

describe("GET /api/admin/insights/export", () => {
  it("gives WDL every figure of getDashboard(), as Excel-friendly CSV named after the fiscal year", async () => {
    const response = await exportAs(wdl, `fy=${FY}`);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="kankei-jinkou-FY2025\.csv"; filename\*=UTF-8''/);
    const { header, rows, text } = await readCsv(response);
    expect(header).toEqual([...INSIGHTS_CSV_HEADER]);
    expect(text.split("\r\n").length).toBe(rows.length + 2); // CRLF after every record, the header included

    const dashboard = (await getDashboard(wdl, filter))!;
    expect(dashboard.suppressed).toBe(false);
    // The hand-counted figures (see the fixture), so the comparison below is not between two empty reports.
    expect(dashboard.people).toMatchObject({ registrants: 12, registrations: 19, attendees: 9, attendances: 16, noShows: 2 });
    expect(dashboard.events).toMatchObject({ count: 3, held: 3 });
    expectCsvMatches(rows, dashboard);

    const meta = index(rows);
    expect(meta.get("meta|period|2025-04-01/2026-03-31")!.labelJa).toBe("2025年度（2025年4月1日〜2026年3月31日）");
    expect(meta.get("meta|view|full")).toBeDefined();
    expect(meta.get("people|attendees|")).toMatchObject({ labelJa: "実人数", labelEn: "Attendees (distinct)", unit: "people", value: "9" });
    expect(meta.get("residence|people|13")).toMatchObject({ labelJa: "東京都", labelEn: "Tokyo", value: "8", share: "0.6667" });
    expect(meta.get("residence|people|unknown")).toMatchObject({ labelJa: "未回答", value: "1" });
    expect(meta.get("funnel|reached|ENGAGEMENT")).toMatchObject({ labelJa: "関与", value: "1" });
    expect(meta.get("nextSteps|responses|VISIT_OGAKI")).toMatchObject({ labelJa: "大垣を訪れる", value: "4" });
    // A value a participant's link carried (a utm parameter) cannot run as a formula in Excel.
    const hostile = rows.find((r) => r.section === "campaigns" && r.key.includes("calc"))!;
    expect(hostile).toMatchObject({ key: `utm_source=${HOSTILE_UTM}`, labelJa: `'${HOSTILE_UTM} / — / — / —`, value: "1" });
    expect(text).not.toMatch(/(^|,)=cmd/m);
  });

  it("gives city staff the suppressed figures: withheld cells blank and marked ×, equal to the city's dashboard", async () => {
    const response = await exportAs(city, `fy=${FY}`);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="kankei-jinkou-FY2025-city\.csv"/);
    const { header, rows } = await readCsv(response);
    const dashboard = (await getDashboard(city, filter))!;
    expect(dashboard.suppressed).toBe(true);
    expectCsvMatches(rows, dashboard);

    const byId = index(rows);
    expect(byId.get("meta|view|city")).toBeDefined();
    // 2 no-shows and 1 waitlisted registration: withheld; 9 attendees: shown.
    expect(byId.get("people|noShows|")).toMatchObject({ value: "", suppressed: "×" });
    expect(byId.get("people|noShowRate|")).toMatchObject({ value: "", suppressed: "×" });
    expect(byId.get("waitlist|registrations|")).toMatchObject({ value: "", suppressed: "×" });
    expect(byId.get("people|attendees|")).toMatchObject({ value: "9", suppressed: "" });
    // The mark claims no range: cells of 5 or more are withheld too (so that a small one cannot be worked out from
    // a total), and the legend in the header names both reasons instead of saying "<5 = fewer than 5".
    const full = index((await readCsv(await exportAs(wdl, `fy=${FY}`))).rows);
    const withheldLarge = rows.filter((r) => r.suppressed === "×" && r.unit !== "ratio" && r.unit !== "score" && Number(full.get(`${r.section}|${r.item}|${r.key}`)?.value) >= 5);
    expect(withheldLarge.length).toBeGreaterThan(0);
    expect(header[7]).not.toContain("<5");
    expect(header[7]).toContain("5人未満、または他の数から逆算されないよう秘匿");
    expect(header[7]).toContain("fewer than 5, or withheld so that another figure cannot be worked out");
    expect(rows.filter((r) => r.suppressed !== "" && r.suppressed !== "×")).toEqual([]);
    // No count of 1–4 is left anywhere in the city's file.
    const small = rows.filter((r) => r.unit !== "ratio" && r.unit !== "score" && r.section !== "meta" && r.section !== "events" && /^[1-4]$/.test(r.value));
    expect(small).toEqual([]);
  });

  it("gives WDL the city's exact file with view=city", async () => {
    const asCity = await readCsv(await exportAs(wdl, `fy=${FY}&view=city`));
    const cityOwn = await readCsv(await exportAs(city, `fy=${FY}`));
    const figures = (rows: CsvRow[]) => rows.filter((r) => r.section !== "meta").map((r) => [r.section, r.item, r.key, r.value, r.suppressed, r.share]);
    expect(figures(asCity.rows)).toEqual(figures(cityOwn.rows));
    expectCsvMatches(asCity.rows, (await getDashboard(wdl, filter, { asCity: true }))!);
  });

  it("narrows to the chosen events and a range of days, like the page", async () => {
    const e2 = await t.db.event.findFirstOrThrow({ where: { titleJa: "大垣フィールドワーク" } });
    const narrowed: DashboardFilter = { ...filter, areas: ["OGAKI"], eventIds: [e2.id] };
    const { rows } = await readCsv(await exportAs(wdl, `fy=${FY}&area=OGAKI&event=${e2.id}`));
    const dashboard = (await getDashboard(wdl, narrowed))!;
    expect(dashboard.people).toMatchObject({ registrants: 6, attendees: 5 });
    expectCsvMatches(rows, dashboard);
    expect(index(rows).get(`meta|eventSet|area=OGAKI;event=${e2.id}`)!.labelJa).toBe("開催地域: 大垣／選んだイベント1件: 大垣フィールドワーク");

    const response = await exportAs(wdl, "from=2025-06-01&to=2025-06-30");
    expect(response.headers.get("content-disposition")).toMatch(/filename="kankei-jinkou-20250601-20250630\.csv"/);
    const june = await readCsv(response);
    expect(index(june.rows).get("events|count|")!.value).toBe("1");
  });

  it("writes an audit row for each export: who, which report, which view", async () => {
    await t.db.auditLog.deleteMany({ where: { action: "insights.export" } });
    await readCsv(await exportAs(city, `fy=${FY}&kind=TALK`));
    const [entry] = await t.db.auditLog.findMany({ where: { action: "insights.export" } });
    expect(entry).toMatchObject({ actorUserId: city.id, organizationId: city.organizationId, targetType: "Dashboard", ip: "203.0.113.7" });
    expect(entry!.detail).toMatchObject({ format: "csv", view: "city", period: { from: "2025-04-01", to: "2026-03-31" }, kinds: ["TALK"], areas: [], eventIds: [] });
  });

  it("refuses wrong parameters instead of exporting a different report, and writes nothing", async () => {
    await t.db.auditLog.deleteMany({ where: { action: "insights.export" } });
    const response = await exportAs(wdl, "fy=2025&from=2025-06-01&area=MARS");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_query", fields: { to: "range_incomplete", area: "invalid_choice" } });
    expect(await t.db.auditLog.count({ where: { action: "insights.export" } })).toBe(0);
  });

  it("passes the gate's answer through for staff without the permission or signed out", async () => {
    vi.mocked(staffForRoute).mockResolvedValue(Response.json({ error: "unauthenticated" }, { status: 401 }));
    const response = await GET(new Request("http://localhost/api/admin/insights/export?fy=2025"));
    expect(response.status).toBe(401);
    expect(vi.mocked(staffForRoute)).toHaveBeenCalledWith("insights.view");
  });
});
