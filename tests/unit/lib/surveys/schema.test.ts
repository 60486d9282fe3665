import { describe, expect, it } from "vitest";
import { COMMENT_MAX, NEXT_STEPS, parseSurvey } from "@/lib/surveys/schema";

const valid = { satisfaction: "4", joinAgain: "MAYBE", nextSteps: ["VISIT_OGAKI", "NEWSLETTER"], comment: "楽しかったです。" };

describe("survey schema", () => {
  it("accepts a complete answer and gives typed values", () => {
    expect(parseSurvey(valid)).toEqual({
      ok: true,
      data: { satisfaction: 4, joinAgain: "MAYBE", nextSteps: ["VISIT_OGAKI", "NEWSLETTER"], comment: "楽しかったです。" },
    });
  });

  it("accepts every score 1–5, as a number or a string, and full-width digits from a Japanese keyboard", () => {
    for (const score of [1, 2, 3, 4, 5]) {
      expect(parseSurvey({ ...valid, satisfaction: score })).toMatchObject({ ok: true, data: { satisfaction: score } });
      expect(parseSurvey({ ...valid, satisfaction: String(score) })).toMatchObject({ ok: true, data: { satisfaction: score } });
    }
    expect(parseSurvey({ ...valid, satisfaction: "５" })).toMatchObject({ ok: true, data: { satisfaction: 5 } });
    expect(parseSurvey({ ...valid, satisfaction: " 3 " })).toMatchObject({ ok: true, data: { satisfaction: 3 } });
  });

  it("requires satisfaction, join-again and at least one next step, each with its own code", () => {
    expect(parseSurvey({})).toEqual({ ok: false, errors: { satisfaction: "required", joinAgain: "required", nextSteps: "required" } });
    expect(parseSurvey({ satisfaction: "", joinAgain: " ", nextSteps: [], comment: "" })).toEqual({
      ok: false,
      errors: { satisfaction: "required", joinAgain: "required", nextSteps: "required" },
    });
  });

  it("refuses values outside the choices", () => {
    for (const satisfaction of ["0", "6", "3.5", "0x3", "とても満足", 4.5, -1, true]) {
      expect(parseSurvey({ ...valid, satisfaction }), String(satisfaction)).toEqual({ ok: false, errors: { satisfaction: "invalid_choice" } });
    }
    expect(parseSurvey({ ...valid, joinAgain: "yes" })).toEqual({ ok: false, errors: { joinAgain: "invalid_choice" } });
    expect(parseSurvey({ ...valid, nextSteps: ["VISIT_OGAKI", "MOVE_TO_MARS"] })).toEqual({ ok: false, errors: { nextSteps: "invalid_choice" } });
    expect(parseSurvey({ ...valid, nextSteps: { 0: "NONE" } })).toEqual({ ok: false, errors: { nextSteps: "invalid" } });
  });

  it("keeps 特になし (NONE) on its own", () => {
    expect(parseSurvey({ ...valid, nextSteps: ["NONE"] })).toMatchObject({ ok: true, data: { nextSteps: ["NONE"] } });
    expect(parseSurvey({ ...valid, nextSteps: ["NONE", "FURUSATO_NOZEI"] })).toEqual({ ok: false, errors: { nextSteps: "none_exclusive" } });
  });

  it("takes a single step as a string, stores each step once, in the form's order", () => {
    expect(parseSurvey({ ...valid, nextSteps: "FIELDWORK_TOUR" })).toMatchObject({ ok: true, data: { nextSteps: ["FIELDWORK_TOUR"] } });
    expect(parseSurvey({ ...valid, nextSteps: ["NEWSLETTER", "VISIT_OGAKI", "NEWSLETTER"] })).toMatchObject({
      ok: true,
      data: { nextSteps: ["VISIT_OGAKI", "NEWSLETTER"] },
    });
    expect(parseSurvey({ ...valid, nextSteps: [...NEXT_STEPS].filter((s) => s !== "NONE") })).toMatchObject({ ok: true });
  });

  it("trims the comment, stores an empty one as null, and counts a line break as one character", () => {
    expect(parseSurvey({ ...valid, comment: "  また参加します  " })).toMatchObject({ ok: true, data: { comment: "また参加します" } });
    expect(parseSurvey({ ...valid, comment: "   " })).toMatchObject({ ok: true, data: { comment: null } });
    const { comment: _omitted, ...withoutComment } = valid;
    expect(parseSurvey(withoutComment)).toMatchObject({ ok: true, data: { comment: null } });
    expect(parseSurvey({ ...valid, comment: "一行目\r\n二行目" })).toMatchObject({ ok: true, data: { comment: "一行目\n二行目" } });
    // 1,000 lines of "x" as a browser sends them (CRLF): 2,998 characters sent, 1,999 as the person counts them.
    const lines = Array.from({ length: 1000 }, () => "x").join("\r\n");
    expect(parseSurvey({ ...valid, comment: lines })).toMatchObject({ ok: true });
  });

  it("limits the comment to 2000 characters after trimming", () => {
    expect(parseSurvey({ ...valid, comment: "あ".repeat(COMMENT_MAX) })).toMatchObject({ ok: true });
    expect(parseSurvey({ ...valid, comment: ` ${"あ".repeat(COMMENT_MAX)} ` })).toMatchObject({ ok: true });
    expect(parseSurvey({ ...valid, comment: "あ".repeat(COMMENT_MAX + 1) })).toEqual({ ok: false, errors: { comment: "too_long" } });
  });

  it("refuses control characters in the comment but keeps tabs and line breaks", () => {
    expect(parseSurvey({ ...valid, comment: "a\u0000b" })).toEqual({ ok: false, errors: { comment: "invalid_characters" } });
    expect(parseSurvey({ ...valid, comment: "a\u001bb" })).toEqual({ ok: false, errors: { comment: "invalid_characters" } });
    expect(parseSurvey({ ...valid, comment: "a\tb\nc" })).toMatchObject({ ok: true, data: { comment: "a\tb\nc" } });
    expect(parseSurvey({ ...valid, comment: 42 })).toEqual({ ok: false, errors: { comment: "invalid" } });
  });

  it("refuses unknown fields and a body that is not an object, on the form", () => {
    expect(parseSurvey({ ...valid, registrationId: "someone-else" })).toEqual({ ok: false, errors: { form: "unknown_field" } });
    expect(parseSurvey(null)).toEqual({ ok: false, errors: { form: "invalid" } });
    expect(parseSurvey(["4"])).toEqual({ ok: false, errors: { form: "invalid" } });
  });
});
