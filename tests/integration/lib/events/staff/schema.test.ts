import { describe, expect, it } from "vitest";
import {
  cancelSchema,
  eventFormInput,
  eventSchema,
  fieldErrors,
  fromJst,
  questionFormInput,
  questionSchema,
  toJstInput,
  type EventFormInput,
} from "@/lib/events/staff/schema";

// The event and question schemas are pure; they live next to the mutation tests they feed. The process runs
// in America/Los_Angeles (vitest.config.ts), so any slip from "enter Japan time, store UTC" shows.

function form(overrides: Partial<EventFormInput> = {}): EventFormInput {
  return {
    slug: "ogaki-water-night",
    titleJa: "大垣の水を語る夜",
    titleEn: "",
    summaryJa: "",
    summaryEn: "",
    descriptionJa: "## 内容\r\n\r\n- トーク",
    descriptionEn: "",
    startsAt: { date: "2026-12-12", time: "14:00" },
    endsAt: { date: "2026-12-12", time: "17:00" },
    format: "IN_PERSON",
    area: "TOKYO_AREA",
    kind: "TALK",
    venueName: "渋谷のイベントスペース",
    venueAddress: "",
    venueMapUrl: "",
    onlineUrl: "",
    capacity: "",
    waitlistEnabled: true,
    approvalRequired: false,
    reviewerKind: "",
    registrationOpensAt: { date: "", time: "" },
    registrationClosesAt: { date: "", time: "" },
    feeJa: "",
    feeEn: "",
    offerHoldHours: "48",
    reminderHoursBefore: "72, 24",
    surveyEnabled: true,
    surveyDelayHours: "24",
    ...overrides,
  };
}

const errorsOf = (input: EventFormInput) => {
  const result = eventSchema.safeParse(input);
  return result.success ? {} : fieldErrors(result.error);
};

describe("Japan time", () => {
  it("reads date and time inputs as Asia/Tokyo and gives them back, whatever the process TZ", () => {
    expect(fromJst({ date: "2026-12-12", time: "14:00" })?.toISOString()).toBe("2026-12-12T05:00:00.000Z");
    expect(fromJst({ date: "2027-01-01", time: "08:30" })?.toISOString()).toBe("2026-12-31T23:30:00.000Z");
    expect(fromJst({ date: "2026-07-01", time: "00:00:00" })?.toISOString()).toBe("2026-06-30T15:00:00.000Z");
    expect(toJstInput(new Date("2026-12-31T23:30:00Z"))).toEqual({ date: "2027-01-01", time: "08:30" });
    expect(toJstInput(null)).toEqual({ date: "", time: "" });
  });

  it("refuses dates and times that do not exist", () => {
    for (const [date, time] of [["2026-02-30", "10:00"], ["2026-13-01", "10:00"], ["2026-12-12", "24:00"], ["12/12/2026", "10:00"], ["2026-12-12", "7pm"]]) {
      expect(fromJst({ date: date!, time: time! }), `${date} ${time}`).toBeNull();
    }
  });
});

describe("eventSchema", () => {
  it("gives typed values: UTC times, null for empty optional fields, no limit for an empty capacity", () => {
    const event = eventSchema.parse(form({ slug: " Ogaki-Water-Night ", capacity: "", feeJa: " 無料 " }));
    expect(event).toMatchObject({
      slug: "ogaki-water-night",
      descriptionJa: "## 内容\n\n- トーク",
      titleEn: null,
      capacity: null,
      feeJa: "無料",
      offerHoldHours: 48,
      reviewerKind: null,
      registrationOpensAt: null,
    });
    expect(event.startsAt.toISOString()).toBe("2026-12-12T05:00:00.000Z");
    expect(eventSchema.parse(form({ capacity: "１２０" })).capacity).toBe(120);
  });

  it("reads reminder hours as a list, latest first, and refuses anything else", () => {
    expect(eventSchema.parse(form({ reminderHoursBefore: "24、７２" })).reminderHoursBefore).toEqual([72, 24]);
    expect(eventSchema.parse(form({ reminderHoursBefore: " " })).reminderHoursBefore).toEqual([]);
    for (const value of ["0", "721", "24, 24", "1,2,3,4,5", "一日前", "24.5"]) {
      expect(errorsOf(form({ reminderHoursBefore: value })), value).toEqual({ reminderHoursBefore: { code: "reminder_hours" } });
    }
    expect(errorsOf(form({ surveyDelayHours: "169" }))).toEqual({ surveyDelayHours: { code: "survey_delay_range", params: { min: 1, max: 168 } } });
  });

  it("checks the slug: ascii, lower-case words joined by hyphens", () => {
    expect(errorsOf(form({ slug: "" }))).toMatchObject({ slug: { code: "required" } });
    for (const slug of ["大垣ナイト", "a b", "-start", "end-", "double--hyphen", "ab", "under_score"]) {
      expect(errorsOf(form({ slug })), slug).toMatchObject({ slug: { code: "invalid_slug" } });
    }
    expect(errorsOf(form({ slug: "x".repeat(81) }))).toMatchObject({ slug: { code: "too_long", params: { max: 80 } } });
  });

  it("shows every error of the form at once, including the rules between fields", () => {
    const errors = errorsOf(
      form({
        titleJa: "",
        descriptionJa: " ",
        endsAt: { date: "2026-12-12", time: "13:00" },
        venueName: "",
        capacity: "0",
        offerHoldHours: "abc",
        approvalRequired: true,
        registrationClosesAt: { date: "2026-12-13", time: "09:00" },
      }),
    );
    expect(errors).toEqual({
      titleJa: { code: "required" },
      descriptionJa: { code: "required" },
      endsAt: { code: "end_before_start" },
      venueName: { code: "venue_required" },
      capacity: { code: "capacity_range", params: { min: 1, max: 100000 } },
      offerHoldHours: { code: "invalid_number" },
      reviewerKind: { code: "reviewer_required" },
      registrationClosesAt: { code: "closes_after_end" },
    });
  });

  it("checks the registration window against itself and the event", () => {
    expect(errorsOf(form({ registrationOpensAt: { date: "2026-12-10", time: "10:00" }, registrationClosesAt: { date: "2026-12-09", time: "10:00" } }))).toEqual({
      registrationClosesAt: { code: "closes_before_opens" },
    });
    expect(errorsOf(form({ registrationClosesAt: { date: "2026-12-12", time: "18:00" } }))).toEqual({ registrationClosesAt: { code: "closes_after_end" } });
    expect(errorsOf(form({ registrationOpensAt: { date: "2026-12-12", time: "" } }))).toEqual({ registrationOpensAt: { code: "datetime_incomplete" } });
    expect(errorsOf(form({ startsAt: { date: "", time: "" } }))).toMatchObject({ startsAt: { code: "required" } });
    expect(errorsOf(form({ startsAt: { date: "2026-02-30", time: "10:00" } }))).toMatchObject({ startsAt: { code: "invalid_datetime" } });
  });

  it("takes only http(s) links for the map and the online venue", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,hi", "ftp://example.com/x", "not a url", "https://localhost"]) {
      expect(errorsOf(form({ venueMapUrl: url, onlineUrl: url })), url).toEqual({ venueMapUrl: { code: "invalid_url" }, onlineUrl: { code: "invalid_url" } });
    }
    expect(errorsOf(form({ venueMapUrl: "https://maps.google.com/?q=%E5%A4%A7%E5%9E%A3", onlineUrl: "http://zoom.example.com/j/1" }))).toEqual({});
  });

  it("keeps markup and line breaks out of one-line fields, and a reviewer only on approval events", () => {
    expect(errorsOf(form({ titleJa: "<script>alert(1)</script>", venueName: "会場\n2階" }))).toEqual({
      titleJa: { code: "no_markup" },
      venueName: { code: "invalid_characters" },
    });
    expect(eventSchema.parse(form({ reviewerKind: "CITY" })).reviewerKind).toBeNull();
    expect(eventSchema.parse(form({ approvalRequired: true, reviewerKind: "CITY" })).reviewerKind).toBe("CITY");
    expect(errorsOf(form({ format: "ONLINE", venueName: "" }))).toEqual({});
    expect(errorsOf(form({ format: "PARTY" as never }))).toEqual({ format: { code: "invalid_choice" } });
  });

  it("reads the form's fields (`startsAt.date`, checkboxes)", () => {
    const data = new FormData();
    data.set("slug", "from-form");
    data.set("startsAt.date", "2026-12-12");
    data.set("startsAt.time", "14:00");
    data.set("waitlistEnabled", "on");
    const input = eventFormInput(data);
    expect(input).toMatchObject({ slug: "from-form", startsAt: { date: "2026-12-12", time: "14:00" }, waitlistEnabled: true, approvalRequired: false, titleJa: "" });
  });
});

describe("questionSchema", () => {
  const base = { kind: "TEXT" as const, labelJa: "ご職業" };

  it("drops blank option rows and the options of text questions, and needs two options for a choice", () => {
    expect(questionSchema.parse({ ...base, options: [{ labelJa: "x" }] }).options).toEqual([]);
    const choice = questionSchema.parse({
      ...base,
      kind: "SINGLE_CHOICE",
      options: [{ id: "keep1", labelJa: "会場" }, { labelJa: "", labelEn: "" }, { labelJa: "オンライン", labelEn: "Online" }, { id: "gone", labelJa: "x", remove: true }],
    });
    expect(choice.options).toEqual([
      { id: "keep1", labelJa: "会場", labelEn: null },
      { id: null, labelJa: "オンライン", labelEn: "Online" },
    ]);
    const one = questionSchema.safeParse({ ...base, kind: "MULTI_CHOICE", options: [{ labelJa: "a" }, { labelJa: "", labelEn: "only English" }] });
    expect(one.success ? {} : fieldErrors(one.error)).toMatchObject({ options: { code: "options_required" }, "options.1.labelJa": { code: "required" } });
  });

  it("allows a sensitive question only as free text, and never visible to the city", () => {
    const result = questionSchema.safeParse({ ...base, kind: "SINGLE_CHOICE", sensitive: true, cityVisible: true, options: [{ labelJa: "a" }, { labelJa: "b" }] });
    expect(result.success ? {} : fieldErrors(result.error)).toEqual({
      sensitive: { code: "sensitive_text_only" },
      cityVisible: { code: "sensitive_not_city" },
    });
    expect(questionSchema.parse({ ...base, kind: "TEXTAREA", labelJa: "配慮事項", sensitive: true })).toMatchObject({ sensitive: true, cityVisible: false });
  });

  it("reads the question form's option rows in order", () => {
    const data = new FormData();
    data.set("kind", "MULTI_CHOICE");
    data.set("labelJa", "テーマ");
    data.set("options.1.labelJa", "仕事");
    data.set("options.0.id", "water");
    data.set("options.0.labelJa", "水");
    data.set("options.0.remove", "on");
    data.set("required", "on");
    expect(questionFormInput(data)).toMatchObject({
      kind: "MULTI_CHOICE",
      required: true,
      sensitive: false,
      options: [
        { id: "water", labelJa: "水", remove: true },
        { id: "", labelJa: "仕事", remove: false },
      ],
    });
  });
});

describe("cancelSchema", () => {
  it("needs a reason", () => {
    expect(cancelSchema.safeParse({ reason: "  " }).success).toBe(false);
    expect(cancelSchema.parse({ reason: "台風のため\n延期します" }).reason).toBe("台風のため\n延期します");
  });
});
