import { describe, expect, it } from "vitest";
import {
  campaignFieldErrors,
  campaignFormInput,
  campaignSchema,
  outboxHref,
  parseOutboxQuery,
  parseSchedule,
  parseSegment,
  unknownMergeFields,
} from "@/lib/campaigns/schema";

const EVENT = "0190a6f0-0000-7000-8000-000000000001";

function parse(input: Record<string, unknown>) {
  const result = campaignSchema.safeParse({ category: "FOLLOW_UP", subjectJa: "件名", bodyJa: "本文", eventIds: [EVENT], ...input });
  return result.success ? { ok: true as const, data: result.data } : { ok: false as const, errors: campaignFieldErrors(result.error) };
}

describe("campaignSchema", () => {
  it("gives the content and the segment, duplicates dropped and line endings normalised", () => {
    const result = parse({
      subjectJa: "  {{eventTitle}} のお礼 ",
      bodyJa: "{{ name }} 様\r\n\r\nありがとうございました。",
      eventIds: [EVENT, EVENT.toUpperCase()],
      statuses: ["ATTENDED", "ATTENDED"],
      interests: ["food"],
      relationships: ["VISITED"],
    });
    expect(result).toEqual({
      ok: true,
      data: {
        category: "FOLLOW_UP",
        subjectJa: "{{eventTitle}} のお礼",
        bodyJa: "{{ name }} 様\n\nありがとうございました。",
        subjectEn: null,
        bodyEn: null,
        segment: { eventIds: [EVENT], statuses: ["ATTENDED"], interests: ["food"], relationships: ["VISITED"] },
      },
    });
  });

  it("requires a category, a Japanese subject and body", () => {
    const result = parse({ category: "", subjectJa: " ", bodyJa: "" });
    expect(result.ok ? null : result.errors).toEqual({
      category: { code: "required" },
      subjectJa: { code: "required" },
      bodyJa: { code: "required" },
    });
    expect(parse({ category: "TRANSACTIONAL" })).toEqual({ ok: false, errors: { category: { code: "invalid_choice" } } });
  });

  it("limits lengths and keeps the subject to one line", () => {
    expect(parse({ subjectJa: "あ".repeat(151) })).toEqual({ ok: false, errors: { subjectJa: { code: "too_long", params: { max: 150 } } } });
    expect(parse({ bodyJa: "あ".repeat(20_001) })).toEqual({ ok: false, errors: { bodyJa: { code: "too_long", params: { max: 20_000 } } } });
    expect(parse({ subjectJa: "一行目\n二行目" })).toEqual({ ok: false, errors: { subjectJa: { code: "invalid_characters" } } });
    expect(parse({ bodyJa: "あ".repeat(20_000) }).ok).toBe(true);
  });

  it("refuses a merge field that does not exist, naming it, in any text", () => {
    expect(parse({ bodyJa: "{{name}} 様、{{firstName}} と {{eventDay}}" })).toEqual({
      ok: false,
      errors: { bodyJa: { code: "unknown_merge_field", params: { field: "{{firstName}}", others: 1 } } },
    });
    expect(parse({ subjectJa: "{{Name}}" })).toMatchObject({ ok: false, errors: { subjectJa: { code: "unknown_merge_field" } } });
    expect(parse({ subjectEn: "Thanks {{nam}}", bodyEn: "Hi" })).toMatchObject({ ok: false, errors: { subjectEn: { code: "unknown_merge_field" } } });
    expect(parse({ subjectJa: "{{name}}{{eventTitle}}{{eventDate}}", bodyJa: "{ name } {{ eventDate }}" }).ok).toBe(true);
  });

  it("takes English as both subject and body, or neither", () => {
    expect(parse({ subjectEn: "Thank you" })).toEqual({ ok: false, errors: { bodyEn: { code: "english_incomplete" } } });
    expect(parse({ bodyEn: "Thank you for coming." })).toEqual({ ok: false, errors: { subjectEn: { code: "english_incomplete" } } });
    expect(parse({ subjectEn: "Thank you", bodyEn: "For coming." })).toMatchObject({ ok: true, data: { subjectEn: "Thank you", bodyEn: "For coming." } });
  });

  it("needs at least one event for a follow-up; news may go to everyone in scope", () => {
    expect(parse({ eventIds: [] })).toEqual({ ok: false, errors: { eventIds: { code: "events_required" } } });
    expect(parse({ category: "WDL_NEWS", eventIds: [] })).toMatchObject({ ok: true, data: { segment: { eventIds: [] } } });
  });

  it("refuses values outside the lists", () => {
    expect(parse({ eventIds: ["not-a-uuid"] })).toEqual({ ok: false, errors: { eventIds: { code: "invalid" } } });
    expect(parse({ statuses: ["ARRIVED"] })).toEqual({ ok: false, errors: { statuses: { code: "invalid_choice" } } });
    expect(parse({ interests: ["golf"] })).toEqual({ ok: false, errors: { interests: { code: "invalid_choice" } } });
    expect(parse({ relationships: ["NEIGHBOUR"] })).toEqual({ ok: false, errors: { relationships: { code: "invalid_choice" } } });
    expect(parse({ extra: "x" })).toMatchObject({ ok: false, errors: { form: { code: "unknown_field" } } });
  });

  it("reads the composer's form data, one value per ticked box", () => {
    const form = new FormData();
    form.set("category", "FOLLOW_UP");
    form.set("subjectJa", "件名");
    form.set("bodyJa", "本文");
    form.append("eventIds", EVENT);
    form.append("statuses", "ATTENDED");
    form.append("statuses", "NO_SHOW");
    expect(campaignSchema.safeParse(campaignFormInput(form)).data?.segment).toEqual({
      eventIds: [EVENT],
      statuses: ["ATTENDED", "NO_SHOW"],
      interests: [],
      relationships: [],
    });
  });
});

describe("unknownMergeFields", () => {
  it("lists each unknown field once", () => {
    expect(unknownMergeFields("{{a}} {{name}} {{ a }} {{b}}")).toEqual(["a", "b"]);
    expect(unknownMergeFields("{{}}")).toEqual([""]);
  });
});

describe("parseSegment", () => {
  it("reads a stored segment, treating a malformed part as none chosen", () => {
    expect(parseSegment({ eventIds: [EVENT], statuses: ["ATTENDED"], interests: "food", relationships: ["X"] })).toEqual({
      eventIds: [EVENT],
      statuses: ["ATTENDED"],
      interests: [],
      relationships: [],
    });
    expect(parseSegment(null)).toEqual({ eventIds: [], statuses: [], interests: [], relationships: [] });
  });
});

describe("parseSchedule", () => {
  const form = (date: string, time: string) => {
    const f = new FormData();
    f.set("scheduledAt.date", date);
    f.set("scheduledAt.time", time);
    return f;
  };
  const now = new Date("2026-12-01T00:00:00Z");

  it("reads the date and time as Japan time, whatever the server's zone", () => {
    expect(parseSchedule(form("2026-12-12", "09:30"), now)).toEqual({ ok: true, at: new Date("2026-12-12T00:30:00Z") });
  });

  it("refuses a missing, impossible or past time", () => {
    expect(parseSchedule(form("", ""), now)).toEqual({ ok: false, errors: { scheduledAt: { code: "required" } } });
    expect(parseSchedule(form("2026-12-12", ""), now)).toEqual({ ok: false, errors: { scheduledAt: { code: "datetime_incomplete" } } });
    expect(parseSchedule(form("2026-02-30", "10:00"), now)).toEqual({ ok: false, errors: { scheduledAt: { code: "invalid_datetime" } } });
    expect(parseSchedule(form("2026-12-01", "08:59"), now)).toEqual({ ok: false, errors: { scheduledAt: { code: "schedule_in_past" } } });
  });
});

describe("outbox queries", () => {
  it("parses filters leniently and builds links that go back to page 1 on a new filter", () => {
    const query = parseOutboxQuery({ status: "FAILED", category: "NOPE", page: "3" });
    expect(query).toEqual({ status: "FAILED", category: null, page: 3 });
    expect(outboxHref("/admin/outbox", query, { category: "FOLLOW_UP" })).toBe("/admin/outbox?status=FAILED&category=FOLLOW_UP");
    expect(outboxHref("/admin/outbox", query, { page: 4 })).toBe("/admin/outbox?status=FAILED&page=4");
    expect(parseOutboxQuery({ page: "-1" })).toEqual({ status: null, category: null, page: 1 });
  });
});
