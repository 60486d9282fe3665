import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";

// Single-choice answers from the live form were stored as the option id in Answer.text, which no screen or
// file reads for a choice question. The repair moves them to Answer.choices without losing any.

const SQL = readFileSync(path.join(MIGRATIONS_DIR, "20261207160400_single_choice_answers", "migration.sql"), "utf8");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

it("moves stored option ids of single-choice answers from text to choices, and leaves every other answer as it was", async () => {
  const event = await createEvent(t.db);
  const [single, multi, text] = await Promise.all([
    t.db.eventQuestion.create({ data: { eventId: event.id, position: 1, kind: "SINGLE_CHOICE", labelJa: "参加方法", options: [{ id: "venue", labelJa: "会場" }, { id: "online", labelJa: "オンライン" }] } }),
    t.db.eventQuestion.create({ data: { eventId: event.id, position: 2, kind: "MULTI_CHOICE", labelJa: "テーマ", options: [{ id: "w", labelJa: "水" }] } }),
    t.db.eventQuestion.create({ data: { eventId: event.id, position: 3, kind: "TEXT", labelJa: "ご職業" } }),
  ]);
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const outcome = await registerForEvent(event.id, signup(`mig-${n}`));
    if (outcome.kind !== "registered") throw new Error(outcome.kind);
    ids.push(outcome.registrationId);
  }
  const [broken, removedOption, healthy] = ids as [string, string, string];
  await t.db.answer.createMany({
    data: [
      // As the form stored them before the fix.
      { registrationId: broken, questionId: single.id, text: "online", choices: [] },
      { registrationId: broken, questionId: multi.id, text: null, choices: ["w"] },
      { registrationId: broken, questionId: text.id, text: "venue", choices: [] },
      // An option removed since: the id is kept as it was stored.
      { registrationId: removedOption, questionId: single.id, text: "gone", choices: [] },
      // Already right (the seed, staff tools): untouched.
      { registrationId: healthy, questionId: single.id, text: null, choices: ["venue"] },
    ],
  });

  await t.db.$executeRawUnsafe(SQL);
  await t.db.$executeRawUnsafe(SQL); // a second run changes nothing

  const answers = await t.db.answer.findMany({ select: { registrationId: true, questionId: true, text: true, choices: true } });
  const find = (registrationId: string, questionId: string) => answers.find((a) => a.registrationId === registrationId && a.questionId === questionId);
  expect(answers).toHaveLength(5);
  expect(find(broken, single.id)).toMatchObject({ text: null, choices: ["online"] });
  expect(find(broken, multi.id)).toMatchObject({ text: null, choices: ["w"] });
  expect(find(broken, text.id)).toMatchObject({ text: "venue", choices: [] });
  expect(find(removedOption, single.id)).toMatchObject({ text: null, choices: ["gone"] });
  expect(find(healthy, single.id)).toMatchObject({ text: null, choices: ["venue"] });
});
