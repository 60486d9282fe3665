import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/registrations/signup";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent } from "../../../support/fixtures";

// Every field's bad input gets a field error, and nothing is stored: no person, registration, consent or mail.

let t: TestDatabase;
let slug: string;
let questionId: string;
beforeAll(async () => {
  t = await useAppDatabase();
  const event = await createEvent(t.db);
  slug = event.slug;
  questionId = (await t.db.eventQuestion.create({ data: { eventId: event.id, position: 1, kind: "TEXT", labelJa: "ご職業", required: true } })).id;
});
afterAll(async () => {
  await t.drop();
});

const valid = () => ({
  name: "山田 花子",
  furigana: "やまだ はなこ",
  email: "hanako@example.com",
  affiliation: "株式会社テスト",
  prefectureCode: "13",
  municipality: "世田谷区",
  relationships: ["VISITED"],
  interests: ["tourism"],
  howHeard: "SNS",
  howHeardOther: "",
  answers: { [questionId]: "デザイナー" },
  consents: { CITY_PROVISION: true },
});

const SCRIPT = "<script>alert(1)</script>";
const cases: [string, (input: ReturnType<typeof valid>) => unknown, string][] = [
  ["name", (i) => ({ ...i, name: "" }), "required"],
  ["name", (i) => ({ ...i, name: "あ".repeat(101) }), "too_long"],
  ["name", (i) => ({ ...i, name: 123 }), "invalid"],
  ["name", (i) => ({ ...i, name: SCRIPT }), "no_markup"],
  ["furigana", (i) => ({ ...i, furigana: "" }), "required"],
  ["furigana", (i) => ({ ...i, furigana: "山田123" }), "invalid_furigana"],
  ["email", (i) => ({ ...i, email: "" }), "required"],
  ["email", (i) => ({ ...i, email: "花子＠example.com" }), "email_ascii"],
  ["email", (i) => ({ ...i, email: "hanako@" }), "invalid_email"],
  ["email", (i) => ({ ...i, email: `${"a".repeat(250)}@example.com` }), "too_long"],
  ["email", (i) => ({ ...i, email: ["a@b.c"] }), "invalid"],
  ["affiliation", (i) => ({ ...i, affiliation: "x".repeat(201) }), "too_long"],
  ["affiliation", (i) => ({ ...i, affiliation: SCRIPT }), "no_markup"],
  ["prefectureCode", (i) => ({ ...i, prefectureCode: "" }), "required"],
  ["prefectureCode", (i) => ({ ...i, prefectureCode: 13 }), "required"],
  ["municipality", (i) => ({ ...i, municipality: "x".repeat(101) }), "too_long"],
  ["municipality", (i) => ({ ...i, municipality: '<img src=x onerror="alert(1)">' }), "no_markup"],
  ["relationships", (i) => ({ ...i, relationships: [] }), "required"],
  ["relationships", (i) => ({ ...i, relationships: "VISITED" }), "invalid"],
  ["relationships", (i) => ({ ...i, relationships: ["NONE", "VISITED"] }), "none_exclusive"],
  ["interests", (i) => ({ ...i, interests: ["golf"] }), "invalid_choice"],
  ["howHeard", (i) => ({ ...i, howHeard: "TV" }), "invalid_choice"],
  ["howHeardOther", (i) => ({ ...i, howHeardOther: "javascript:alert(1)" }), "no_markup"],
  [`answers.${"Q"}`, (i) => ({ ...i, answers: {} }), "required"],
  [`answers.${"Q"}`, (i) => ({ ...i, answers: { [questionId]: "x".repeat(501) } }), "too_long"],
  [`answers.${"Q"}`, (i) => ({ ...i, answers: { [questionId]: SCRIPT } }), "no_markup"],
  ["consents", (i) => ({ ...i, consents: { CITY_PROVISION: "yes" } }), "invalid"],
  ["form", (i) => ({ ...i, role: "admin" }), "unknown_field"],
];

describe("sign-up validation", () => {
  it.each(cases)("%s → %s", async (field, mutate, code) => {
    const before = await Promise.all([t.db.participant.count(), t.db.registration.count(), t.db.consent.count(), t.db.outboxMessage.count()]);
    const result = await signUp(slug, mutate(valid()), { ip: `10.0.0.${Math.floor(Math.random() * 250)}` });
    expect(result.kind).toBe("invalid");
    const errors = result.kind === "invalid" ? result.errors : {};
    const key = field.replace("answers.Q", `answers.${questionId}`);
    expect(Object.entries(errors).find(([path]) => path === key || path.startsWith(`${key}.`))?.[1]?.code).toBe(code);
    expect(await Promise.all([t.db.participant.count(), t.db.registration.count(), t.db.consent.count(), t.db.outboxMessage.count()])).toEqual(before);
  });

  it("accepts the valid input the cases start from (so each case fails for its own field)", async () => {
    expect(await signUp(slug, valid(), { ip: "10.0.1.1" })).toMatchObject({ kind: "received", intake: "open" });
  });
});
