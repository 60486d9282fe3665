import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSurveyByToken } from "@/lib/surveys/data";
import { submitSurvey } from "@/lib/surveys/mutations";
import { surveyTokenFor } from "@/lib/surveys/token";
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

describe("getSurveyByToken", () => {
  it("gives the page the event, the person's name, the status and no answers yet", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 86_400_000), { titleJa: "大垣の夜" });
    const { registration } = await person(t.db, event.id, "ATTENDED", { label: "hanako" });
    expect(await getSurveyByToken(surveyTokenFor(registration.id))).toEqual({
      registrationId: registration.id,
      status: "ATTENDED",
      name: "回答 hanako",
      event: { titleJa: "大垣の夜", titleEn: "Survey test", startsAt: event.startsAt, endsAt: event.endsAt },
      response: null,
    });
  });

  it("includes the answers already given", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 86_400_000));
    const { registration } = await person(t.db, event.id, "ATTENDED");
    const now = new Date(Date.now() - 1000);
    await submitSurvey(registration.id, { satisfaction: 2, joinAgain: "NO", nextSteps: ["NEWSLETTER"], comment: "遠かった" }, { now });
    expect((await getSurveyByToken(surveyTokenFor(registration.id)))?.response).toEqual({
      satisfaction: 2,
      joinAgain: "NO",
      nextSteps: ["NEWSLETTER"],
      comment: "遠かった",
      submittedAt: now,
    });
  });

  it("shows the status of someone who did not attend (the page tells them the survey is for attendees)", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 86_400_000));
    const { registration } = await person(t.db, event.id, "NO_SHOW");
    expect(await getSurveyByToken(surveyTokenFor(registration.id))).toMatchObject({ status: "NO_SHOW", response: null });
  });

  it("is null alike for a forged link, a link to nobody and an anonymised person", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 86_400_000));
    const { registration } = await person(t.db, event.id, "ATTENDED");
    const anonymised = await person(t.db, event.id, "ATTENDED", { anonymized: true });
    const other = person(t.db, event.id, "ATTENDED");
    const signature = surveyTokenFor(registration.id).split(".")[1];
    expect(await getSurveyByToken(`${(await other).registration.id}.${signature}`)).toBeNull();
    expect(await getSurveyByToken(surveyTokenFor(randomUUID()))).toBeNull();
    expect(await getSurveyByToken(surveyTokenFor(anonymised.registration.id))).toBeNull();
    expect(await getSurveyByToken("../../etc/passwd")).toBeNull();
  });
});
