import { describe, expect, it } from "vitest";
import { buildSignupSchema, fieldErrors, type SignupQuestion } from "@/lib/registrations/schema";

const questions: SignupQuestion[] = [
  { id: "q-text", kind: "TEXT", required: true, options: [] },
  { id: "q-single", kind: "SINGLE_CHOICE", required: true, options: [{ id: "a" }, { id: "b" }] },
  { id: "q-multi", kind: "MULTI_CHOICE", required: false, options: [{ id: "x" }, { id: "y" }] },
  { id: "q-note", kind: "TEXTAREA", required: false, options: [] },
];
const schema = buildSignupSchema(questions);

const valid = {
  name: "山田 花子",
  furigana: "やまだ はなこ",
  email: "Hanako.Yamada@Example.com",
  prefectureCode: "13",
  relationships: ["VISITED", "FURUSATO_NOZEI"],
  interests: ["tourism"],
  answers: { "q-text": "マーケティング", "q-single": "a", "q-multi": ["x", "y"] },
  consents: { CITY_PROVISION: true },
};

function errorsOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrors(result.error);
}

describe("sign-up schema", () => {
  it("accepts a complete sign-up and fills defaults", () => {
    const result = schema.parse(valid);
    expect(result).toMatchObject({
      email: "Hanako.Yamada@Example.com",
      consents: { CITY_PROVISION: true, WDL_NEWS: false, CITY_NEWS: false, SURVEY: false },
      locale: "ja",
    });
    expect(result.affiliation).toBeUndefined();
  });

  it("gives a single choice as a one-item list, stored like a multiple choice (never as text)", () => {
    expect(schema.parse(valid).answers).toEqual({ "q-text": "マーケティング", "q-single": ["a"], "q-multi": ["x", "y"] });
    const optional = buildSignupSchema([{ id: "q", kind: "SINGLE_CHOICE", required: false, options: [{ id: "a" }] }]);
    expect(optional.parse({ ...valid, answers: { q: "" } }).answers).toEqual({ q: undefined });
    expect(optional.parse({ ...valid, answers: { q: "a" } }).answers).toEqual({ q: ["a"] });
  });

  it("turns full-width characters of an address into ASCII (NFKC)", () => {
    expect(schema.parse({ ...valid, email: "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍ" }).email).toBe("hanako@example.com");
  });

  it("gives a field error for an address that is not ASCII after normalisation", () => {
    expect(errorsOf({ ...valid, email: "花子＠example.com" })).toEqual({ email: { code: "email_ascii" } });
    expect(errorsOf({ ...valid, email: "hanako@" })).toEqual({ email: { code: "invalid_email" } });
    expect(errorsOf({ ...valid, email: "a@b.com\r\nBcc: x@y.z" })).toEqual({ email: { code: "email_ascii" } });
  });

  it("names every empty required field", () => {
    expect(errorsOf({ ...valid, name: " ", furigana: "", email: "", prefectureCode: "", relationships: [] })).toEqual({
      name: { code: "required" },
      furigana: { code: "required" },
      email: { code: "required" },
      prefectureCode: { code: "required" },
      relationships: { code: "required" },
    });
  });

  it("refuses text that is too long, of the wrong type, or carries markup", () => {
    expect(errorsOf({ ...valid, name: "あ".repeat(101) })).toEqual({ name: { code: "too_long", params: { max: 100 } } });
    expect(errorsOf({ ...valid, name: 42 })).toEqual({ name: { code: "invalid" } });
    expect(errorsOf({ ...valid, affiliation: "<script>alert(1)</script>" })).toEqual({ affiliation: { code: "no_markup" } });
    expect(errorsOf({ ...valid, name: "花子\nBcc: x" })).toEqual({ name: { code: "invalid_characters" } });
    expect(errorsOf({ ...valid, furigana: "yamada123" })).toEqual({ furigana: { code: "invalid_furigana" } });
  });

  it("keeps まだ無し apart from other relationships and checks choices", () => {
    expect(errorsOf({ ...valid, relationships: ["NONE", "VISITED"] })).toEqual({ relationships: { code: "none_exclusive" } });
    expect(errorsOf({ ...valid, prefectureCode: "48" })).toEqual({ prefectureCode: { code: "required" } });
    expect(errorsOf({ ...valid, interests: ["golf"] })).toEqual({ "interests.0": { code: "invalid_choice" } });
  });

  it("validates the event's own questions", () => {
    expect(errorsOf({ ...valid, answers: { "q-single": "c" } })).toEqual({
      "answers.q-text": { code: "required" },
      "answers.q-single": { code: "invalid_choice" },
    });
    expect(errorsOf({ ...valid, answers: { ...valid.answers, "q-multi": ["z"] } })).toEqual({
      "answers.q-multi.0": { code: "invalid_choice" },
    });
  });

  it("rejects unknown fields and a question id of another event", () => {
    expect(errorsOf({ ...valid, isAdmin: true })).toEqual({ form: { code: "unknown_field", params: { keys: "isAdmin" } } });
    expect(errorsOf({ ...valid, answers: { ...valid.answers, "other-event-question": "x" } })).toEqual({
      "answers.other-event-question": { code: "unknown_question", params: { keys: "other-event-question" } },
    });
    expect(errorsOf({ ...valid, consents: { CITY_PROVISION: true, SELL_DATA: true } })).toEqual({
      consents: { code: "unknown_field", params: { keys: "SELL_DATA" } },
    });
  });
});
