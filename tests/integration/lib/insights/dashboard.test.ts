import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDashboard, getPersonStage } from "@/lib/insights/data";
import { fiscalYearPeriod } from "@/lib/insights/period";
import type { Dashboard, DashboardFilter } from "@/lib/insights/types";
import { anonymizeParticipant } from "@/lib/participants/mutations";
import type { Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createOrganizations } from "../../../support/fixtures";
import { createStaff } from "../export/helpers";

// Every figure of the dashboard on a small fixture whose expected values are worked out by hand below.
// The process runs with TZ=America/Los_Angeles: period boundaries must still follow Japan time.
//
// Events (all co-organised by WDL and the city, except EW, which only WDL organises):
//   E0 2024-11-10 14:00 JST  Tokyo   talk       FY2024
//   E1 2025-04-01 00:30 JST  Tokyo   talk       FY2025 (15:30 UTC on 31 March: already the new fiscal year in Japan)
//   EW 2025-06-01 14:00 JST  Tokyo   talk       FY2025 (WDL only)
//   E2 2025-10-05 13:00 JST  Ogaki   fieldwork  FY2025
//   E3 2026-03-31 23:30 JST  Tokyo   workshop   FY2025 (the last half hour of the fiscal year)
//   E4 2026-04-01 10:00 JST  Tokyo   project    FY2026
//   ED 2025-08-01            draft              never counted
//
// People and what they did (ATT attended, NS no-show, CXL cancelled, WL waitlisted):
//   A  E0 ATT, E1 ATT, E3 ATT                 Tokyo(13)     SNS     interests food, career
//   B  E1 ATT, E2 ATT                         Tokyo         SNS     food, career; relationship VISITED
//   C  E1 ATT, E4 ATT                         Tokyo         SNS     food
//   D  E1 NS                                  Tokyo         SNS     food; ref wdl-news
//   E  E1 CXL                                 Tokyo         SNS     food
//   F  E1 ATT — then deletes their data       Tokyo         FRIEND  food
//   G  E2 ATT; SIDE_JOB 2025-12-01, VOLUNTEER 2026-01-15     Tokyo   FRIEND  food; VISITED
//   H  E3 ATT (waitlisted, then got a seat)   Kanagawa(14)  FRIEND  food
//   I  E3 WL (never got a seat)               Kanagawa      FRIEND  career
//   J  E0 ATT                                 Tokyo         (only FY2024)
//   K  EW ATT, E3 ATT                         Kanagawa      FRIEND  career; NONE at EW, VISITED at E3
//   L  E2 NS; VISIT_OGAKI 2026-02-01          Saitama(11)   FRIEND  career; HOMETOWN
//   M  E3 ATT; VISIT_OGAKI 2026-05-01 (after FY2025)  no prefecture  CITY  career
// A, B, C registered for E1 through utm instagram/social/fy2025.
// Surveys (FY2025 events): A/E1 5 YES [VISIT_OGAKI]; B/E1 4 YES [VISIT_OGAKI, SIDE_JOB_PROJECT]; C/E1 4 MAYBE
// [NEWSLETTER]; F/E1 3 NO []; G/E2 5 YES [SIDE_JOB_PROJECT]; H/E3 2 MAYBE [NONE]; and C/E4 (FY2026) 1 NO.

const NOW = new Date("2026-11-24T03:00:00Z");
const jst = (local: string) => new Date(`${local}+09:00`);

let t: TestDatabase;
let wdlStaff: Staff;
let cityStaff: Staff;
const person: Record<string, string> = {};

type Reg = { status: "ATTENDED" | "NO_SHOW" | "CANCELLED" | "WAITLISTED"; waitlisted?: boolean; gotSeat?: boolean };

beforeAll(async () => {
  t = await useAppDatabase();
  const { wdl, city } = await createOrganizations(t.db);
  wdlStaff = await createStaff(t.db, "WDL_ORGANIZER");
  cityStaff = await createStaff(t.db, "CITY_STAFF");

  const event = async (name: string, startsAt: Date, area: "TOKYO_AREA" | "OGAKI", kind: "TALK" | "FIELDWORK" | "WORKSHOP" | "PROJECT", options: { cityToo?: boolean; draft?: boolean } = {}) =>
    t.db.event.create({
      data: {
        slug: `insights-${name.toLowerCase()}-${randomBytes(3).toString("hex")}`,
        status: options.draft ? "DRAFT" : "CLOSED",
        ownerOrganizationId: wdl.id,
        titleJa: `イベント ${name}`,
        descriptionJa: "説明",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
        area,
        kind,
        capacity: 30,
        organizers: {
          create: [{ organizationId: wdl.id, role: "HOST" }, ...(options.cityToo === false ? [] : [{ organizationId: city.id, role: "CO_HOST" as const }])],
        },
      },
    });
  const E0 = await event("E0", jst("2024-11-10T14:00:00"), "TOKYO_AREA", "TALK");
  const E1 = await event("E1", jst("2025-04-01T00:30:00"), "TOKYO_AREA", "TALK");
  const EW = await event("EW", jst("2025-06-01T14:00:00"), "TOKYO_AREA", "TALK", { cityToo: false });
  const E2 = await event("E2", jst("2025-10-05T13:00:00"), "OGAKI", "FIELDWORK");
  const E3 = await event("E3", jst("2026-03-31T23:30:00"), "TOKYO_AREA", "WORKSHOP");
  const E4 = await event("E4", jst("2026-04-01T10:00:00"), "TOKYO_AREA", "PROJECT");
  await event("ED", jst("2025-08-01T14:00:00"), "TOKYO_AREA", "TALK", { draft: true });

  const profile: Record<string, { prefectureCode: string | null; interests: string[]; howHeard: "SNS" | "FRIEND" | "CITY" }> = {
    A: { prefectureCode: "13", interests: ["food", "career"], howHeard: "SNS" },
    B: { prefectureCode: "13", interests: ["food", "career"], howHeard: "SNS" },
    C: { prefectureCode: "13", interests: ["food"], howHeard: "SNS" },
    D: { prefectureCode: "13", interests: ["food"], howHeard: "SNS" },
    E: { prefectureCode: "13", interests: ["food"], howHeard: "SNS" },
    F: { prefectureCode: "13", interests: ["food"], howHeard: "FRIEND" },
    G: { prefectureCode: "13", interests: ["food"], howHeard: "FRIEND" },
    H: { prefectureCode: "14", interests: ["food"], howHeard: "FRIEND" },
    I: { prefectureCode: "14", interests: ["career"], howHeard: "FRIEND" },
    J: { prefectureCode: "13", interests: ["food"], howHeard: "SNS" },
    K: { prefectureCode: "14", interests: ["career"], howHeard: "FRIEND" },
    L: { prefectureCode: "11", interests: ["career"], howHeard: "FRIEND" },
    M: { prefectureCode: null, interests: ["career"], howHeard: "CITY" },
  };
  for (const [key, p] of Object.entries(profile)) {
    const email = `insights-${key.toLowerCase()}-${randomBytes(3).toString("hex")}@example.com`;
    const created = await t.db.participant.create({
      data: { email, emailNormalized: email, name: `参加者 ${key}`, prefectureCode: p.prefectureCode, interests: p.interests, relationships: ["NONE"] },
    });
    person[key] = created.id;
  }

  const registrationIds: Record<string, string> = {};
  const register = async (key: string, ev: { id: string; startsAt: Date }, reg: Reg, extra: { relationships?: ("NONE" | "VISITED" | "HOMETOWN")[]; utm?: boolean; ref?: string } = {}) => {
    const relationships = extra.relationships ?? (key === "B" || key === "G" ? ["VISITED"] : key === "L" ? ["HOMETOWN"] : ["NONE"]);
    const signedUpAt = new Date(ev.startsAt.getTime() - 7 * 86_400_000);
    const created = await t.db.registration.create({
      data: {
        eventId: ev.id,
        participantId: person[key]!,
        emailNormalized: null,
        status: reg.status,
        relationshipsAtSignup: relationships,
        howHeard: profile[key]!.howHeard,
        ...(extra.utm ? { utmSource: "instagram", utmMedium: "social", utmCampaign: "fy2025" } : {}),
        ref: extra.ref ?? null,
        manageTokenHash: randomBytes(16).toString("hex"),
        checkinCode: randomBytes(3).toString("hex"),
        waitlistedAt: reg.waitlisted ? signedUpAt : null,
        confirmedAt: reg.status === "WAITLISTED" || (reg.waitlisted && !reg.gotSeat) ? null : signedUpAt,
        createdAt: signedUpAt,
      },
    });
    registrationIds[`${key}/${ev.id}`] = created.id;
    return created.id;
  };
  const ATT: Reg = { status: "ATTENDED" };
  await register("A", E0, ATT);
  await register("J", E0, ATT);
  await register("A", E1, ATT, { utm: true });
  await register("B", E1, ATT, { utm: true });
  await register("C", E1, ATT, { utm: true });
  await register("D", E1, { status: "NO_SHOW" }, { ref: "wdl-news" });
  await register("E", E1, { status: "CANCELLED" });
  await register("F", E1, ATT);
  await register("K", EW, ATT, { relationships: ["NONE"] });
  await register("B", E2, ATT);
  await register("G", E2, ATT);
  await register("L", E2, { status: "NO_SHOW" });
  await register("A", E3, ATT);
  await register("H", E3, { status: "ATTENDED", waitlisted: true, gotSeat: true });
  await register("I", E3, { status: "WAITLISTED", waitlisted: true });
  await register("K", E3, ATT, { relationships: ["VISITED"] });
  await register("M", E3, ATT);
  await register("C", E4, ATT);

  const survey = async (key: string, ev: { id: string }, satisfaction: number, joinAgain: "YES" | "MAYBE" | "NO", nextSteps: ("VISIT_OGAKI" | "SIDE_JOB_PROJECT" | "NEWSLETTER" | "NONE")[]) =>
    t.db.surveyResponse.create({
      data: { registrationId: registrationIds[`${key}/${ev.id}`]!, participantId: person[key]!, eventId: ev.id, satisfaction, joinAgain, nextSteps, comment: `感想 ${key}` },
    });
  await survey("A", E1, 5, "YES", ["VISIT_OGAKI"]);
  await survey("B", E1, 4, "YES", ["VISIT_OGAKI", "SIDE_JOB_PROJECT"]);
  await survey("C", E1, 4, "MAYBE", ["NEWSLETTER"]);
  await survey("F", E1, 3, "NO", []);
  await survey("G", E2, 5, "YES", ["SIDE_JOB_PROJECT"]);
  await survey("H", E3, 2, "MAYBE", ["NONE"]);
  await survey("C", E4, 1, "NO", []);

  const activity = (key: string, kind: "SIDE_JOB" | "VOLUNTEER" | "VISIT_OGAKI", day: string) =>
    t.db.activity.create({ data: { participantId: person[key]!, kind, source: "STAFF", occurredOn: new Date(`${day}T00:00:00Z`), note: "メモ" } });
  await activity("G", "SIDE_JOB", "2025-12-01");
  await activity("G", "VOLUNTEER", "2026-01-15");
  await activity("L", "VISIT_OGAKI", "2026-02-01");
  await activity("M", "VISIT_OGAKI", "2026-05-01");
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

const fy = (year: number, extra: Partial<DashboardFilter> = {}): DashboardFilter => ({
  period: fiscalYearPeriod(year),
  areas: [],
  kinds: [],
  eventIds: [],
  ...extra,
});

const rows = (list: { key: string; count: number | null }[]) => Object.fromEntries(list.map((r) => [r.key, r.count]));

/** Everything but the timestamps, to compare two computations of the same figures. */
const figures = (d: Dashboard) => ({ ...d, computedAt: undefined });

describe("the WDL organiser's dashboard for FY2025 (full figures)", () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = (await getDashboard(wdlStaff, fy(2025), { now: NOW }))!;
  });

  it("takes the events of the fiscal year by their start in Japan time", () => {
    // E1 (00:30 JST on 1 April 2025), EW, E2 and E3 (23:30 JST on 31 March 2026); not E0, E4 or the draft.
    expect(d.events.rows.map((e) => e.titleJa)).toEqual(["イベント E1", "イベント EW", "イベント E2", "イベント E3"]);
    expect(d.events).toMatchObject({ count: 4, held: 4 });
    expect(d.events.rows.map((e) => [e.registrations, e.attended, e.noShow])).toEqual([
      [6, 4, 1], // E1: A B C F attended, D no-show, E cancelled
      [1, 1, 0], // EW: K
      [3, 2, 1], // E2: B G attended, L no-show
      [5, 4, 0], // E3: A H K M attended, I waitlisted
    ]);
  });

  it("counts 実人数 and 延べ人数, new and returning, repeat, attendance and no-show rates", () => {
    expect(d.people).toEqual({
      registrants: 12, // A B C D E F G H I K L M
      registrations: 15, // 6 + 1 + 3 + 5
      attendees: 8, // 実人数: A B C F G H K M
      attendances: 11, // 延べ人数: A×2 B×2 K×2 + C F G H M
      newAttendees: 7, // all but A, whose first attendance (E0) was in FY2024
      returningAttendees: 1,
      repeaters: 3, // A (E0 → E1 within 12 months), B (E1 → E2), K (EW → E3); C's E4 is after the period
      repeatRate: 3 / 8,
      attendanceRate: 11 / 15,
      noShows: 2, // D, L
      noShowRate: 2 / 13, // no-shows ÷ (attended + no-shows)
    });
  });

  it("shows waitlist demand", () => {
    // H and I were waitlisted for E3; H got a seat.
    expect(d.waitlist).toEqual({ registrations: 2, people: 2, gotSeat: 1, gotSeatRate: 0.5 });
  });

  it("places every registrant on the stage funnel as of the end of the period", () => {
    // A: 3 Tokyo events, two within 12 months → 継続. B: attended the Ogaki event E2 → 訪問. C: E1 (E4 is later) → 参加.
    // D (no-show), E (cancelled), I (waitlisted) → 関心. F, H → 参加; F deleted their data later, still counted.
    // G: E2 + 複業 + volunteering → 関与. K: EW + E3 → 継続. L: a reported visit → 訪問 (the deepest stage that holds).
    // M: the visit on 1 May 2026 is after the period → 参加.
    // Reached at least: 関心 12; 参加 12 − D E I = 9; 継続 A K + B L G = 5; 訪問 B L G = 3; 関与 G = 1.
    expect(d.funnel).toEqual([
      { stage: "INTEREST", reached: 12, conversion: null },
      { stage: "PARTICIPATION", reached: 9, conversion: 9 / 12 },
      { stage: "CONTINUATION", reached: 5, conversion: 5 / 9 },
      { stage: "VISIT", reached: 3, conversion: 3 / 5 },
      { stage: "ENGAGEMENT", reached: 1, conversion: 1 / 3 },
    ]);
    // Premium (3+ activities in the 12 months): G (E2, 複業, volunteering). A has E1 and E3 (E0 is older).
    expect(d.premium).toBe(1);
    expect(d.stagesAsOf).toEqual(jst("2026-04-01T00:00:00"));
  });

  it("breaks registrants down by residence, interests, relationship at sign-up and how they heard", () => {
    expect(d.residence).toEqual([
      { key: "13", count: 7, share: 7 / 12 },
      { key: "14", count: 3, share: 3 / 12 },
      { key: "11", count: 1, share: 1 / 12 },
      { key: "unknown", count: 1, share: 1 / 12 },
    ]);
    expect(rows(d.interests)).toEqual({ food: 8, career: 6 });
    // K's first registration in the set is EW (NONE); B and G VISITED; L HOMETOWN.
    expect(rows(d.relationships)).toEqual({ NONE: 9, VISITED: 2, HOMETOWN: 1 });
    expect(rows(d.howHeard)).toEqual({ FRIEND: 6, SNS: 5, CITY: 1 });
    expect(d.campaigns).toEqual([
      { source: "instagram", medium: "social", campaign: "fy2025", ref: null, count: 3 },
      { source: null, medium: null, campaign: null, ref: "wdl-news", count: 1 },
    ]);
  });

  it("summarises the survey of the period's events", () => {
    // Six responses: 5 4 4 3 5 2 → mean 23/6; C's response to E4 (FY2026) is not in the period.
    expect(d.survey.responses).toBe(6);
    expect(d.survey.satisfactionMean).toBeCloseTo(23 / 6, 10);
    expect(rows(d.survey.satisfaction)).toEqual({ "5": 2, "4": 2, "3": 1, "2": 1, "1": 0 });
    expect(rows(d.survey.joinAgain)).toEqual({ YES: 3, MAYBE: 2, NO: 1 });
    expect(rows(d.survey.nextSteps)).toEqual({ VISIT_OGAKI: 2, SIDE_JOB_PROJECT: 2, NEWSLETTER: 1, NONE: 1 });
  });

  it("narrows to an event set: Tokyo events, and how many of their people went on to Ogaki", async () => {
    const tokyo = (await getDashboard(wdlStaff, fy(2025, { areas: ["TOKYO_AREA"] }), { now: NOW }))!;
    // E1, EW, E3: registrants A B C D E F H I K M = 10; B reached 訪問 through the Ogaki event E2 (whole history).
    expect(tokyo.people.registrants).toBe(10);
    expect(tokyo.funnel.find((f) => f.stage === "VISIT")!.reached).toBe(1);
    const ogaki = (await getDashboard(wdlStaff, fy(2025, { areas: ["OGAKI"] }), { now: NOW }))!;
    expect(ogaki.people).toMatchObject({ registrants: 3, attendees: 2, attendances: 2 });
    const e2Only = (await getDashboard(wdlStaff, fy(2025, { eventIds: [ogakiEventId(ogaki)] }), { now: NOW }))!;
    expect(e2Only.people).toEqual(ogaki.people);
  });

  it("puts the fiscal-year edges in Japan time: FY2024 has E0 only, FY2026 has E4 only", async () => {
    const fy2024 = (await getDashboard(wdlStaff, fy(2024), { now: NOW }))!;
    expect(fy2024.events.rows.map((e) => e.titleJa)).toEqual(["イベント E0"]);
    expect(fy2024.people).toMatchObject({ registrants: 2, attendees: 2, attendances: 2, newAttendees: 2 });
    const fy2026 = (await getDashboard(wdlStaff, fy(2026), { now: NOW }))!;
    expect(fy2026.events.rows.map((e) => e.titleJa)).toEqual(["イベント E4"]);
    // C: returning (E1 before), but not a repeater: E1 was at 00:30 JST on 1 April 2025, E4 at 10:00 on 1 April
    // 2026, twelve calendar months and nine and a half hours later.
    expect(fy2026.people).toMatchObject({ attendees: 1, newAttendees: 0, returningAttendees: 1, repeaters: 0 });
  });
});

function ogakiEventId(d: Dashboard): string {
  return d.events.rows[0]!.id;
}

describe("the city's dashboard for FY2025 (its events, cells under 5 withheld)", () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = (await getDashboard(cityStaff, fy(2025), { now: NOW }))!;
  });

  it("sees only the events the city co-organises, with small cells withheld", () => {
    expect(d.suppressed).toBe(true);
    expect(d.events.rows.map((e) => e.titleJa)).toEqual(["イベント E1", "イベント E2", "イベント E3"]);
    // Registrations 6, 3, 5: 3 is small, and the next smallest (5) is withheld too, or the total would give it away.
    expect(d.events.rows.map((e) => [e.registrations, e.attended, e.noShow])).toEqual([
      [6, null, null],
      [null, null, null],
      [null, null, 0],
    ]);
  });

  it("keeps figures of 5 or more and withholds the rest", () => {
    expect(d.people).toEqual({
      registrants: 12,
      registrations: 14,
      attendees: 8,
      attendances: 10, // K's EW is not the city's event
      newAttendees: null, // 7 new and 1 returning: withholding 1 alone would leave it as 8 − 7
      returningAttendees: null,
      repeaters: null, // A, B (K has only E3 among the city's events)
      repeatRate: null,
      attendanceRate: 10 / 14,
      noShows: null,
      noShowRate: null,
    });
    expect(d.waitlist).toEqual({ registrations: null, people: null, gotSeat: null, gotSeatRate: null });
    expect(d.funnel.map((f) => [f.stage, f.reached, f.conversion])).toEqual([
      ["INTEREST", 12, null],
      ["PARTICIPATION", 9, 9 / 12],
      ["CONTINUATION", null, null], // A B G L = 4
      ["VISIT", null, null],
      ["ENGAGEMENT", null, null],
    ]);
    expect(d.premium).toBeNull();
  });

  it("withholds small breakdown rows, with secondary suppression in partitions", () => {
    expect(rows(d.residence)).toEqual({ "13": 7, "14": null, "11": null, unknown: null });
    expect(d.residence[0]).toEqual({ key: "13", count: 7, share: 7 / 12 });
    // CITY (1) is withheld, so SNS (5), the next smallest, is withheld too.
    expect(rows(d.howHeard)).toEqual({ FRIEND: 6, SNS: null, CITY: null });
    expect(rows(d.interests)).toEqual({ food: 8, career: 6 });
    // K's first registration among the city's events is E3, where they said VISITED.
    expect(rows(d.relationships)).toEqual({ NONE: 8, VISITED: null, HOMETOWN: null });
    // Both tags were used by fewer than 5 people: a `ref` can name someone, so the rows are left out.
    expect(d.campaigns).toEqual([]);
    expect(d.survey.responses).toBe(6);
    expect(rows(d.survey.satisfaction)).toEqual({ "5": null, "4": null, "3": null, "2": null, "1": 0 });
    // The mean (23/6) is one more equation over those withheld counts, so it is withheld with them.
    expect(d.survey.satisfactionMean).toBeNull();
    expect(rows(d.survey.nextSteps)).toEqual({ VISIT_OGAKI: null, SIDE_JOB_PROJECT: null, NEWSLETTER: null, NONE: null });
  });

  it("lets WDL see exactly the city's view", async () => {
    const asCity = (await getDashboard(wdlStaff, fy(2025), { now: NOW, asCity: true }))!;
    expect(asCity.suppressed).toBe(true);
    expect(asCity.people.newAttendees).toBeNull();
    expect(asCity.people.attendees).toBe(8);
  });
});

describe("people who deleted their data", () => {
  it("stay in the figures, anonymised: 実人数 and 延べ人数 do not change and nothing identifies them", async () => {
    const before = await getDashboard(wdlStaff, fy(2025), { now: NOW });
    const beforeCity = await getDashboard(cityStaff, fy(2025), { now: NOW });
    const outcome = await anonymizeParticipant(person.F!, { via: "participant_page", now: NOW });
    expect(outcome).toMatchObject({ ok: true, registrationsCancelled: 0 });

    const f = await t.db.participant.findUniqueOrThrow({ where: { id: person.F! } });
    expect(f).toMatchObject({ email: null, emailNormalized: null, name: null, furigana: null, affiliation: null, municipality: null });
    expect(f.anonymizedAt).toEqual(NOW);
    const survey = await t.db.surveyResponse.findFirstOrThrow({ where: { participantId: person.F! } });
    expect(survey).toMatchObject({ comment: null, satisfaction: 3 });
    const consents = await t.db.consent.count({ where: { participantId: person.F!, withdrawnAt: null } });
    expect(consents).toBe(0);

    const after = await getDashboard(wdlStaff, fy(2025), { now: NOW });
    const afterCity = await getDashboard(cityStaff, fy(2025), { now: NOW });
    expect(figures(after!)).toEqual(figures(before!));
    expect(figures(afterCity!)).toEqual(figures(beforeCity!));
    expect(after!.people).toMatchObject({ attendees: 8, attendances: 11 });
  });
});

describe("a person's stage on their ledger", () => {
  it("comes from the same facts as the dashboard", async () => {
    const asOf = jst("2026-04-01T00:00:00");
    const g = await getPersonStage(wdlStaff, person.G!, { now: asOf });
    expect(g).toMatchObject({ stage: "ENGAGEMENT", premium: true });
    const m = await getPersonStage(wdlStaff, person.M!, { now: asOf });
    expect(m?.stage).toBe("PARTICIPATION");
    // Today the visit of May 2026 counts; and C attended E4, a city project event → 関与.
    expect((await getPersonStage(wdlStaff, person.M!, { now: NOW }))?.stage).toBe("VISIT");
    expect((await getPersonStage(wdlStaff, person.C!, { now: asOf }))?.stage).toBe("PARTICIPATION");
    expect((await getPersonStage(wdlStaff, person.C!, { now: NOW }))?.stage).toBe("ENGAGEMENT");
    // The city counts only its own events: K has just E3 there.
    expect((await getPersonStage(cityStaff, person.K!, { now: asOf }))?.stage).toBe("PARTICIPATION");
    expect((await getPersonStage(wdlStaff, person.K!, { now: asOf }))?.stage).toBe("CONTINUATION");
  });
});
