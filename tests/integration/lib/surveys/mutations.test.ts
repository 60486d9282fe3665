import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDueSurveys, submitSurvey } from "@/lib/surveys/mutations";
import type { SurveyInput } from "@/lib/surveys/schema";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { pastEvent, person } from "./helpers";

let t: TestDatabase;

beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// enqueueDueSurveys looks at every event; each test lives at its own moment, 60 days from the others, so the
// events of one test are outside the 14-day window of every other.
let moments = 0;
const moment = () => new Date(Date.UTC(2031, 0, 1) + 60 * DAY * moments++);

const surveyRows = (registrationIds: string[]) =>
  t.db.outboxMessage.findMany({ where: { registrationId: { in: registrationIds }, template: "survey-invitation" } });

describe("enqueueDueSurveys", () => {
  it("queues an attendee's invitation once endsAt + surveyDelayHours is reached, not a millisecond earlier", async () => {
    const now = moment();
    const exactly = await pastEvent(t.db, new Date(now.getTime() - 24 * HOUR)); // due right now
    const almost = await pastEvent(t.db, new Date(now.getTime() - 24 * HOUR + 1)); // due in 1 ms
    const slow = await pastEvent(t.db, new Date(now.getTime() - 30 * HOUR), { surveyDelayHours: 48 }); // due in 18 h
    const [a, b, c] = await Promise.all([exactly, almost, slow].map((e) => person(t.db, e.id, "ATTENDED")));

    expect(await enqueueDueSurveys(now)).toBe(1);
    expect((await surveyRows([a!.registration.id, b!.registration.id, c!.registration.id])).map((r) => r.registrationId)).toEqual([a!.registration.id]);

    expect(await enqueueDueSurveys(new Date(now.getTime() + 1))).toBe(1);
    expect(await surveyRows([b!.registration.id])).toHaveLength(1);

    expect(await enqueueDueSurveys(new Date(now.getTime() + 18 * HOUR - 1))).toBe(0);
    expect(await enqueueDueSurveys(new Date(now.getTime() + 18 * HOUR))).toBe(1);
    expect(await surveyRows([c!.registration.id])).toHaveLength(1);
  });

  it("writes the row the worker sends: template, category, dedupe key, payload with the event snapshot, locale and address", async () => {
    const now = moment();
    const event = await pastEvent(t.db, new Date(now.getTime() - 25 * HOUR), { titleJa: "大垣とつながる夜" });
    const hanako = await person(t.db, event.id, "ATTENDED", { label: "hanako" });
    const emma = await person(t.db, event.id, "ATTENDED", { label: "emma", locale: "en" });

    expect(await enqueueDueSurveys(now)).toBe(2);
    const [row] = await surveyRows([hanako.registration.id]);
    expect(row).toMatchObject({
      dedupeKey: `survey:${hanako.registration.id}`,
      template: "survey-invitation",
      category: "SURVEY",
      status: "PENDING",
      locale: "ja",
      toEmail: hanako.email, // as the person typed it
      toName: "回答 hanako",
      participantId: hanako.participant.id,
      registrationId: hanako.registration.id,
      eventId: event.id,
      campaignId: null,
      nextAttemptAt: now,
    });
    expect(row!.payload).toEqual({
      name: "回答 hanako",
      event: expect.objectContaining({
        id: event.id,
        slug: event.slug,
        titleJa: "大垣とつながる夜",
        titleEn: "Survey test",
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
        organizersJa: "一般社団法人Work Design Lab × 大垣市",
      }),
    });
    // No survey token in the row: the link is derived when the mail is sent.
    expect(JSON.stringify(row!.payload)).not.toMatch(/survey\//);
    expect((await surveyRows([emma.registration.id]))[0]).toMatchObject({ locale: "en", toName: "回答 emma" });
  });

  it("keeps to events that ended at most 14 days ago (no ancient surveys after an outage)", async () => {
    const now = moment();
    const edge = await pastEvent(t.db, new Date(now.getTime() - 14 * DAY));
    const older = await pastEvent(t.db, new Date(now.getTime() - 14 * DAY - 1));
    const inWindow = await person(t.db, edge.id, "ATTENDED");
    const tooOld = await person(t.db, older.id, "ATTENDED");

    expect(await enqueueDueSurveys(now)).toBe(1);
    expect(await surveyRows([inWindow.registration.id])).toHaveLength(1);
    expect(await surveyRows([tooOld.registration.id])).toHaveLength(0);
  });

  it("skips events with the survey turned off and cancelled events", async () => {
    const now = moment();
    const ended = new Date(now.getTime() - 2 * DAY);
    const off = await pastEvent(t.db, ended, { surveyEnabled: false });
    const cancelled = await pastEvent(t.db, ended, { status: "CANCELLED" });
    const closed = await pastEvent(t.db, ended, { status: "CLOSED" });
    const people = await Promise.all([off, cancelled, closed].map((e) => person(t.db, e.id, "ATTENDED")));

    expect(await enqueueDueSurveys(now)).toBe(1);
    expect((await surveyRows(people.map((p) => p.registration.id))).map((r) => r.eventId)).toEqual([closed.id]);
  });

  it("asks only people who attended, and never an anonymised person", async () => {
    const now = moment();
    const event = await pastEvent(t.db, new Date(now.getTime() - 2 * DAY));
    const attended = await person(t.db, event.id, "ATTENDED");
    const others = await Promise.all(
      (["CONFIRMED", "NO_SHOW", "CANCELLED", "WAITLISTED", "DECLINED", "PENDING", "OFFERED"] as const).map((status) => person(t.db, event.id, status)),
    );
    const anonymised = await person(t.db, event.id, "ATTENDED", { anonymized: true });

    expect(await enqueueDueSurveys(now)).toBe(1);
    const rows = await t.db.outboxMessage.findMany({ where: { eventId: event.id } });
    expect(rows.map((r) => r.registrationId)).toEqual([attended.registration.id]);
    expect(others).toHaveLength(7);
    expect(anonymised.participant.email).toBeNull();
  });

  it("queues nothing twice: run again, or by several workers at the same moment", async () => {
    const now = moment();
    const event = await pastEvent(t.db, new Date(now.getTime() - 2 * DAY));
    const people = await Promise.all(Array.from({ length: 12 }, () => person(t.db, event.id, "ATTENDED")));
    const ids = people.map((p) => p.registration.id);

    const counts = await Promise.all(Array.from({ length: 5 }, () => enqueueDueSurveys(now)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(await enqueueDueSurveys(now)).toBe(0);
    expect(await enqueueDueSurveys(new Date(now.getTime() + DAY))).toBe(0);

    const rows = await surveyRows(ids);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.registrationId))).toEqual(new Set(ids));
  });

  it("queues a large event completely in one run (more attendees than one batch)", async () => {
    const now = moment();
    const event = await pastEvent(t.db, new Date(now.getTime() - 2 * DAY));
    const size = 1234;
    const run = randomBytes(3).toString("hex");
    const participants = Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      email: `big-${run}-${i}@example.com`,
      emailNormalized: `big-${run}-${i}@example.com`,
      name: `参加 ${i}`,
    }));
    await t.db.participant.createMany({ data: participants });
    await t.db.registration.createMany({
      data: participants.map((p, i) => ({
        eventId: event.id,
        participantId: p.id,
        emailNormalized: p.emailNormalized,
        status: "ATTENDED" as const,
        manageTokenHash: randomBytes(32).toString("hex"),
        checkinCode: `C${String(i).padStart(7, "0")}`,
      })),
    });

    expect(await enqueueDueSurveys(now)).toBe(size);
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "survey-invitation" } })).toBe(size);
  });
});

const answers: SurveyInput = { satisfaction: 5, joinAgain: "YES", nextSteps: ["VISIT_OGAKI", "FURUSATO_NOZEI"], comment: "また行きたい" };

describe("submitSurvey", () => {
  it("saves an attendee's answers with the event and person, and counts as activity", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 2 * DAY));
    const { registration, participant } = await person(t.db, event.id, "ATTENDED");
    const now = new Date(Date.now() - 60_000);

    expect(await submitSurvey(registration.id, answers, { now })).toEqual({ ok: true });
    const row = await t.db.surveyResponse.findUniqueOrThrow({ where: { registrationId: registration.id } });
    expect(row).toMatchObject({ ...answers, participantId: participant.id, eventId: event.id, submittedAt: now });
    expect((await t.db.participant.findUniqueOrThrow({ where: { id: participant.id } })).lastActiveAt).toEqual(now);
  });

  it("replaces the answers when the same person sends the form again (one row per registration)", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 2 * DAY));
    const { registration } = await person(t.db, event.id, "ATTENDED");
    const first = new Date(Date.now() - 120_000);
    const second = new Date(Date.now() - 60_000);

    await submitSurvey(registration.id, answers, { now: first });
    const before = await t.db.surveyResponse.findUniqueOrThrow({ where: { registrationId: registration.id } });
    const changed: SurveyInput = { satisfaction: 3, joinAgain: "MAYBE", nextSteps: ["NONE"], comment: null };
    expect(await submitSurvey(registration.id, changed, { now: second })).toEqual({ ok: true });

    const rows = await t.db.surveyResponse.findMany({ where: { registrationId: registration.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before.id, ...changed, submittedAt: second });
  });

  it("keeps one row when the form is sent several times at once (a double tap)", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 2 * DAY));
    const { registration } = await person(t.db, event.id, "ATTENDED");
    const outcomes = await Promise.all(
      ([1, 2, 3, 4, 5] as const).map((satisfaction) => submitSurvey(registration.id, { ...answers, satisfaction })),
    );
    expect(outcomes).toEqual(Array.from({ length: 5 }, () => ({ ok: true })));
    expect(await t.db.surveyResponse.count({ where: { registrationId: registration.id } })).toBe(1);
  });

  it("refuses people who did not attend, and stores nothing", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 2 * DAY));
    for (const status of ["CONFIRMED", "NO_SHOW", "CANCELLED", "WAITLISTED", "PENDING", "DECLINED", "OFFERED"] as const) {
      const { registration } = await person(t.db, event.id, status);
      expect(await submitSurvey(registration.id, answers), status).toEqual({ ok: false, reason: "not_attended" });
    }
    expect(await t.db.surveyResponse.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("answers not_found for an unknown or malformed registration and for an anonymised person", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 2 * DAY));
    const anonymised = await person(t.db, event.id, "ATTENDED", { anonymized: true });
    expect(await submitSurvey(randomUUID(), answers)).toEqual({ ok: false, reason: "not_found" });
    expect(await submitSurvey("not-a-uuid", answers)).toEqual({ ok: false, reason: "not_found" });
    expect(await submitSurvey(anonymised.registration.id, answers)).toEqual({ ok: false, reason: "not_found" });
    expect(await t.db.surveyResponse.count({ where: { eventId: event.id } })).toBe(0);
  });
});
