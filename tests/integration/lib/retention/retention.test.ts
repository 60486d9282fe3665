import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEDULED_JOBS } from "@/lib/jobs/schedule";
import { getDashboard } from "@/lib/insights/data";
import { fiscalYearPeriod } from "@/lib/insights/period";
import { monthsBefore } from "@/lib/retention/data";
import { describeRetention, runRetention } from "@/lib/retention/mutations";
import type { Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent } from "../../../support/fixtures";
import { createStaff } from "../export/helpers";

// The retention job at its boundaries (N = 30 days for answers, 7 for care notes, M = 12 months of inactivity):
// an event that ended N−1 days ago keeps its answers, one that ended exactly N days ago loses them; a person
// whose last sign of life is exactly M months ago is anonymised, one a day younger is not, nor anyone with an
// upcoming seat, a recent activity or a recent survey answer. The dashboard's figures are the same after, and a
// second run changes nothing.

const NOW = new Date("2026-11-24T03:00:00Z");
const DAY = 24 * 3600_000;
const SETTINGS = { answersDays: 30, careNoteDays: 7, inactiveMonths: 12 };
const CUTOFF = monthsBefore(NOW, 12); // 2025-11-24T03:00Z

let t: TestDatabase;
let wdl: Staff;
let city: Staff;
const ev: Record<string, string> = {};
const reg: Record<string, string> = {};
const who: Record<string, string> = {};
const q: Record<string, { job: string; care: string }> = {};

async function eventEndedAt(label: string, endsAt: Date) {
  const event = await createEvent(t.db, { capacity: 50 });
  await t.db.event.update({ where: { id: event.id }, data: { startsAt: new Date(endsAt.getTime() - 2 * 3600_000), endsAt, status: endsAt < NOW ? "CLOSED" : "PUBLISHED" } });
  ev[label] = event.id;
  q[label] = {
    job: (await t.db.eventQuestion.create({ data: { eventId: event.id, position: 1, kind: "TEXT", labelJa: "ご職業" } })).id,
    care: (await t.db.eventQuestion.create({ data: { eventId: event.id, position: 2, kind: "TEXTAREA", labelJa: "配慮事項", sensitive: true } })).id,
  };
}

async function person(label: string, lastActiveAt: Date, createdAt = new Date("2024-01-01T00:00:00Z")) {
  const email = `${label.toLowerCase()}-${randomBytes(3).toString("hex")}@example.com`;
  const p = await t.db.participant.create({ data: { email, emailNormalized: email, name: `名前 ${label}`, prefectureCode: "13", lastActiveAt, createdAt } });
  who[label] = p.id;
  return p.id;
}

async function register(label: string, eventLabel: string, participantLabel: string, status: "ATTENDED" | "CONFIRMED" | "NO_SHOW", createdAt: Date, answers = true) {
  const r = await t.db.registration.create({
    data: {
      eventId: ev[eventLabel]!,
      participantId: who[participantLabel]!,
      status,
      manageTokenHash: randomBytes(32).toString("hex"),
      checkinCode: randomBytes(4).toString("hex"),
      confirmedAt: createdAt,
      createdAt,
      history: { create: [{ fromStatus: null, toStatus: "CONFIRMED", actorType: "PARTICIPANT", createdAt }] },
    },
  });
  reg[label] = r.id;
  if (answers) {
    await t.db.answer.createMany({
      data: [
        { registrationId: r.id, questionId: q[eventLabel]!.job, text: `${label}の職業` },
        { registrationId: r.id, questionId: q[eventLabel]!.care, text: `${label}の配慮事項` },
      ],
    });
  }
}

beforeAll(async () => {
  t = await useAppDatabase();
  wdl = await createStaff(t.db, "WDL_ADMIN");
  city = await createStaff(t.db, "CITY_ADMIN");
  await eventEndedAt("answersKept", new Date(NOW.getTime() - 29 * DAY)); // N−1 days
  await eventEndedAt("answersPurged", new Date(NOW.getTime() - 30 * DAY)); // exactly N days
  await eventEndedAt("careKept", new Date(NOW.getTime() - 6 * DAY));
  await eventEndedAt("carePurged", new Date(NOW.getTime() - 7 * DAY));
  await eventEndedAt("old", new Date("2024-10-10T09:00:00Z"));
  await eventEndedAt("upcoming", new Date(NOW.getTime() + 20 * DAY));

  // Active people attending the recent events (they keep their identity; only their answers age).
  const recent = new Date(NOW.getTime() - 40 * DAY);
  for (const [label, eventLabel] of [
    ["r1", "answersKept"],
    ["r2", "answersPurged"],
    ["r3", "careKept"],
    ["r4", "carePurged"],
  ] as const) {
    await person(label, recent);
    await register(label, eventLabel, label, "ATTENDED", recent);
  }
  await t.db.surveyResponse.create({
    data: { registrationId: reg.r2!, participantId: who.r2!, eventId: ev.answersPurged!, satisfaction: 5, joinAgain: "YES", nextSteps: ["VISIT_OGAKI"], comment: "r2の感想" },
  });
  await t.db.surveyResponse.create({
    data: { registrationId: reg.r1!, participantId: who.r1!, eventId: ev.answersKept!, satisfaction: 3, joinAgain: "MAYBE", nextSteps: [], comment: "r1の感想" },
  });

  // Inactivity: everyone here came to the old event in 2024.
  const early = new Date("2024-09-01T00:00:00Z");
  await person("inactive", CUTOFF); // last sign of life exactly M months ago
  await person("recentlyActive", new Date(CUTOFF.getTime() + DAY));
  await person("seat", early); // signed up long ago for the upcoming event
  await person("activity", early);
  await person("survey", early);
  await person("provided", early);
  for (const label of ["inactive", "recentlyActive", "seat", "activity", "survey", "provided"]) await register(`old-${label}`, "old", label, "ATTENDED", early, false);
  await register("seat-upcoming", "upcoming", "seat", "CONFIRMED", early, false);
  await t.db.activity.create({ data: { participantId: who.activity!, kind: "VISIT_OGAKI", source: "STAFF", occurredOn: new Date("2026-06-01"), createdAt: early } });
  await t.db.surveyResponse.create({
    data: { registrationId: reg["old-survey"]!, participantId: who.survey!, eventId: ev.old!, satisfaction: 4, joinAgain: "YES", nextSteps: [], submittedAt: new Date("2026-01-10T00:00:00Z") },
  });
  const consent = await t.db.consent.create({ data: { participantId: who.provided!, purpose: "CITY_PROVISION", version: "2024-01", grantedAt: early } });
  const record = await t.db.provisionRecord.create({ data: { recipientOrganizationId: city.organizationId, kind: "EXPORT", eventId: ev.old!, items: ["name"], personCount: 1, createdAt: early } });
  await t.db.provisionRecordItem.create({ data: { provisionRecordId: record.id, participantId: who.provided!, consentId: consent.id } });
});

afterAll(async () => {
  await t.drop();
});

const dashboards = async () =>
  Promise.all([2024, 2025, 2026].map((fy) => getDashboard(wdl, { period: fiscalYearPeriod(fy), areas: [], kinds: [], eventIds: [] }, { now: NOW })));

const answerTexts = async (label: string) =>
  (await t.db.answer.findMany({ where: { registrationId: reg[label] }, include: { question: true }, orderBy: { question: { position: "asc" } } })).map((a) => a.text);

async function snapshot() {
  const tables = await t.db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const rows = await t.db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(x)::text AS row FROM "${table_name}" x`);
    out[table_name] = rows.map((r) => r.row).sort();
  }
  return out;
}

describe("the retention job", () => {
  let before: Awaited<ReturnType<typeof dashboards>>;

  it("purges answers and care notes from day N, anonymises the inactive from month M, and logs the counts", async () => {
    before = await dashboards();
    expect((before[1]?.people.attendees ?? 0) + (before[2]?.people.attendees ?? 0)).toBeGreaterThan(0);
    const counts = await runRetention(NOW, SETTINGS);

    // Answers: N−1 days kept (care note too, past its own 7 days: it goes); N days purged, survey comment too.
    expect(await answerTexts("r1")).toEqual(["r1の職業"]);
    expect(await answerTexts("r2")).toEqual([]);
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: reg.r2 } })).answersPurgedAt).toEqual(NOW);
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: reg.r1 } })).answersPurgedAt).toBeNull();
    expect(await t.db.surveyResponse.findUniqueOrThrow({ where: { registrationId: reg.r2 } })).toMatchObject({ comment: null, satisfaction: 5, joinAgain: "YES" });
    expect((await t.db.surveyResponse.findUniqueOrThrow({ where: { registrationId: reg.r1 } })).comment).toBe("r1の感想");
    // Care notes: 6 days kept; 7 days purged, the ordinary answer stays.
    expect(await answerTexts("r3")).toEqual(["r3の職業", "r3の配慮事項"]);
    expect(await answerTexts("r4")).toEqual(["r4の職業"]);

    // Inactive exactly M months: anonymised, through the deletion path (a request, via retention).
    const anonymized = async (label: string) => (await t.db.participant.findUniqueOrThrow({ where: { id: who[label] } })).anonymizedAt !== null;
    expect(await anonymized("inactive")).toBe(true);
    expect(await anonymized("provided")).toBe(true);
    for (const kept of ["recentlyActive", "seat", "activity", "survey", "r1", "r2", "r3", "r4"]) expect(await anonymized(kept), kept).toBe(false);
    expect((await t.db.participant.findUniqueOrThrow({ where: { id: who.inactive } })).name).toBeNull();
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: reg["seat-upcoming"] } })).status).toBe("CONFIRMED");
    const request = await t.db.deletionRequest.findFirstOrThrow({ where: { participantId: who.provided } });
    expect(request).toMatchObject({ via: "retention", status: "COMPLETED", cityProvisionCount: 1, cityCopyDeletedAt: null });

    // r2 and the six old registrations; r2's ordinary answer (its care note went with r1's and r4's, first).
    expect(counts).toEqual({ answerRegistrations: 1 + 6, answersDeleted: 1, surveyComments: 1, careNotes: 3, anonymized: 2 });
    expect(describeRetention(counts)).toBe(
      "3 care-note answer(s) purged, answers of 7 registration(s) purged (1 answer(s)), 1 survey comment(s) purged, 2 inactive person(s) anonymised",
    );
    const audit = await t.db.auditLog.findMany({ where: { action: "retention.run" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: null, subjectCount: 2, detail: expect.objectContaining({ anonymized: 2, careNotes: 3, settings: SETTINGS }) });

    // The figures every report is built from are the same.
    expect(await dashboards()).toEqual(before);
  });

  it("changes nothing when it runs again", async () => {
    const first = await snapshot();
    const counts = await runRetention(NOW, SETTINGS);
    expect(counts).toEqual({ answerRegistrations: 0, answersDeleted: 0, surveyComments: 0, careNotes: 0, anonymized: 0 });
    expect(describeRetention(counts)).toBeNull();
    expect(await snapshot()).toEqual(first);
  });

  it("is one of the worker's daily jobs", () => {
    const job = SCHEDULED_JOBS.find((j) => j.name === "retention");
    expect(job?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it("counts months by the calendar, clamped at month ends", () => {
    expect(monthsBefore(new Date("2026-03-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(monthsBefore(new Date("2026-11-24T03:00:00Z"), 36).toISOString()).toBe("2023-11-24T03:00:00.000Z");
  });
});
