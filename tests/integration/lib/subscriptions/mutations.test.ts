import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getParticipantPage } from "@/lib/subscriptions/data";
import { updateMailPreferences } from "@/lib/subscriptions/mutations";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const enabled = async (id: string) =>
  (await getParticipantPage(id))!.preferences.filter((p) => p.enabled).map((p) => p.category);

describe("mail preferences", () => {
  it("shows consent-backed kinds as on only with a current consent, and switches both ways keeping history", async () => {
    const person = await t.db.participant.create({ data: { email: "Pref@Example.com", emailNormalized: "pref@example.com", name: "設定 太郎" } });
    await t.db.consent.create({ data: { participantId: person.id, purpose: "SURVEY", version: "2026-10" } });
    expect(await enabled(person.id)).toEqual(["REMINDER", "SURVEY", "FOLLOW_UP"]);

    // Off: reminders and surveys; on: city news.
    await updateMailPreferences(person.id, new Set(["FOLLOW_UP", "CITY_NEWS"] as const));
    expect(await enabled(person.id)).toEqual(["FOLLOW_UP", "CITY_NEWS"]);
    expect((await t.db.suppression.findMany({ where: { emailNormalized: "pref@example.com" }, orderBy: { category: "asc" } })).map((s) => s.category).sort()).toEqual(
      ["REMINDER", "SURVEY", "WDL_NEWS"].sort(),
    );
    const consents = await t.db.consent.findMany({ where: { participantId: person.id }, orderBy: { grantedAt: "asc" } });
    expect(consents.map((c) => [c.purpose, c.withdrawnAt === null, c.withdrawnVia])).toEqual([
      ["SURVEY", false, "participant_page"],
      ["CITY_NEWS", true, null],
    ]);

    // Back on: the surveys consent is a new grant; the old withdrawn row stays.
    await updateMailPreferences(person.id, new Set(["REMINDER", "SURVEY", "FOLLOW_UP", "CITY_NEWS"] as const));
    expect(await enabled(person.id)).toEqual(["REMINDER", "SURVEY", "FOLLOW_UP", "CITY_NEWS"]);
    expect(await t.db.consent.count({ where: { participantId: person.id, purpose: "SURVEY" } })).toBe(2);
    expect(await t.db.suppression.count({ where: { emailNormalized: "pref@example.com" } })).toBe(1); // WDL_NEWS
  });

  it("refuses anonymised people", async () => {
    const gone = await t.db.participant.create({ data: { anonymizedAt: new Date() } });
    expect(await updateMailPreferences(gone.id, new Set())).toBe(false);
    expect(await getParticipantPage(gone.id)).toBeNull();
  });
});
