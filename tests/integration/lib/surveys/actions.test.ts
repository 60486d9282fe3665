import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitSurveyByToken } from "@/lib/surveys/actions";
import { surveyTokenFor } from "@/lib/surveys/token";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { pastEvent, person } from "./helpers";

// The public form action end to end against the database: the token is the credential, errors come back as
// codes with the values kept, and a good answer is saved.

let t: TestDatabase;

beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

function form(fields: { satisfaction?: string; joinAgain?: string; nextSteps?: string[]; comment?: string }) {
  const data = new FormData();
  if (fields.satisfaction !== undefined) data.set("satisfaction", fields.satisfaction);
  if (fields.joinAgain !== undefined) data.set("joinAgain", fields.joinAgain);
  for (const step of fields.nextSteps ?? []) data.append("nextSteps", step);
  if (fields.comment !== undefined) data.set("comment", fields.comment);
  return data;
}

describe("submitSurveyByToken", () => {
  it("gives field codes and keeps the values on error, then saves a complete answer", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 86_400_000));
    const { registration } = await person(t.db, event.id, "ATTENDED");
    const token = surveyTokenFor(registration.id);

    const first = await submitSurveyByToken(token, { submission: 0 }, form({ joinAgain: "YES", nextSteps: ["NONE", "VISIT_OGAKI"], comment: "メモ" }));
    expect(first).toEqual({
      submission: 1,
      errors: { satisfaction: "required", nextSteps: "none_exclusive" },
      values: { satisfaction: "", joinAgain: "YES", nextSteps: ["NONE", "VISIT_OGAKI"], comment: "メモ" },
    });
    expect(await t.db.surveyResponse.count({ where: { registrationId: registration.id } })).toBe(0);

    const second = await submitSurveyByToken(token, first, form({ satisfaction: "４", joinAgain: "YES", nextSteps: ["VISIT_OGAKI"], comment: " メモ " }));
    expect(second).toMatchObject({ submission: 2, saved: true });
    expect(await t.db.surveyResponse.findUniqueOrThrow({ where: { registrationId: registration.id } })).toMatchObject({
      satisfaction: 4,
      joinAgain: "YES",
      nextSteps: ["VISIT_OGAKI"],
      comment: "メモ",
    });
  });

  it("refuses a forged token before reading the form, and a person who did not attend", async () => {
    const event = await pastEvent(t.db, new Date(Date.now() - 86_400_000));
    const attended = await person(t.db, event.id, "ATTENDED");
    const noShow = await person(t.db, event.id, "NO_SHOW");
    const complete = { satisfaction: "5", joinAgain: "YES", nextSteps: ["NEWSLETTER"] };
    const forged = `${noShow.registration.id}.${surveyTokenFor(attended.registration.id).split(".")[1]}`;

    expect(await submitSurveyByToken(forged, { submission: 0 }, form(complete))).toMatchObject({ refused: "not_found" });
    expect(await submitSurveyByToken(surveyTokenFor(noShow.registration.id), { submission: 0 }, form(complete))).toMatchObject({
      refused: "not_attended",
    });
    expect(await t.db.surveyResponse.count({ where: { eventId: event.id } })).toBe(0);
  });
});
