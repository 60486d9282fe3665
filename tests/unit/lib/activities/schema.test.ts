import { describe, expect, it } from "vitest";
import { formatDay, jstDay } from "@/lib/activities/dates";
import { NOTE_MAX, parseActivity } from "@/lib/activities/schema";

// The activity form's rules, for staff and for the person alike: a kind from the list, a real Japan-time day
// from 2000-01-01 to today, an optional note of at most 500 characters. Tests run with TZ=America/Los_Angeles.

// 00:30 on 6 June in Japan; still 5 June in Los Angeles (and in UTC).
const now = new Date("2026-06-05T15:30:00Z");
const valid = { kind: "VISIT_OGAKI", occurredOn: "2026-06-06", note: "" };

describe("parseActivity", () => {
  it("accepts today in Japan (not the server's day) and gives the day and an empty note as null", () => {
    expect(parseActivity(valid, now)).toEqual({ ok: true, data: { kind: "VISIT_OGAKI", occurredOn: "2026-06-06", note: null } });
  });

  it("refuses tomorrow in Japan, days before 2000, and days that do not exist", () => {
    expect(parseActivity({ ...valid, occurredOn: "2026-06-07" }, now)).toEqual({ ok: false, errors: { occurredOn: "future_date" } });
    expect(parseActivity({ ...valid, occurredOn: "1999-12-31" }, now)).toEqual({ ok: false, errors: { occurredOn: "too_early" } });
    expect(parseActivity({ ...valid, occurredOn: "2000-01-01" }, now).ok).toBe(true);
    expect(parseActivity({ ...valid, occurredOn: "2026-02-30" }, now)).toEqual({ ok: false, errors: { occurredOn: "invalid_date" } });
    expect(parseActivity({ ...valid, occurredOn: "yesterday" }, now)).toEqual({ ok: false, errors: { occurredOn: "invalid_date" } });
    expect(parseActivity({ ...valid, occurredOn: "" }, now)).toEqual({ ok: false, errors: { occurredOn: "required" } });
  });

  it("reads full-width digits and slashes as a phone keyboard sends them", () => {
    expect(parseActivity({ ...valid, occurredOn: "２０２６/６/１" }, now)).toMatchObject({ ok: true, data: { occurredOn: "2026-06-01" } });
  });

  it("needs a kind from the list", () => {
    expect(parseActivity({ ...valid, kind: "" }, now)).toEqual({ ok: false, errors: { kind: "required" } });
    expect(parseActivity({ ...valid, kind: "PARTY" }, now)).toEqual({ ok: false, errors: { kind: "invalid_choice" } });
    for (const kind of ["VISIT_OGAKI", "CITY_PROJECT", "SIDE_JOB", "VOLUNTEER", "FURUSATO_NOZEI", "RELOCATION", "OTHER"]) {
      expect(parseActivity({ ...valid, kind }, now).ok).toBe(true);
    }
  });

  it("keeps a note up to 500 characters (a CRLF counts as one), refuses longer ones and control characters", () => {
    const lines = `${"あ".repeat(NOTE_MAX - 2)}\r\nい`;
    expect(parseActivity({ ...valid, note: lines }, now)).toMatchObject({ ok: true, data: { note: `${"あ".repeat(NOTE_MAX - 2)}\nい` } });
    expect(parseActivity({ ...valid, note: "あ".repeat(NOTE_MAX + 1) }, now)).toEqual({ ok: false, errors: { note: "too_long" } });
    expect(parseActivity({ ...valid, note: "bell\u0007" }, now)).toEqual({ ok: false, errors: { note: "invalid_characters" } });
  });

  it("refuses fields it does not know", () => {
    expect(parseActivity({ ...valid, source: "STAFF" }, now)).toEqual({ ok: false, errors: { form: "unknown_field" } });
  });
});

describe("activity days", () => {
  it("are Japan-time days, and a stored day is shown as that same day", () => {
    expect(jstDay(now)).toBe("2026-06-06");
    expect(formatDay(new Date("2026-06-06T00:00:00Z"), "ja")).toBe("2026年6月6日(土)");
    expect(formatDay(new Date("2026-06-06T00:00:00Z"), "en")).toBe("Sat, 6 Jun 2026");
    expect(formatDay(now, "ja")).toBe("2026年6月6日(土)");
  });
});
