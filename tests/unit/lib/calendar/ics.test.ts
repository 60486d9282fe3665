import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, eventSequence, eventUid, foldLine, googleCalendarUrl, type IcsInput } from "@/lib/calendar/ics";

const input: IcsInput = {
  uid: eventUid("0190a0b0-0000-7000-8000-000000000001"),
  sequence: 42,
  method: "PUBLISH",
  // 05:00–08:00 UTC is 14:00–17:00 on Saturday in Tokyo, and still Friday night in Los Angeles.
  start: new Date("2026-12-12T05:00:00Z"),
  end: new Date("2026-12-12T08:00:00Z"),
  summary: "大垣とつながる夜",
  description: "https://example.org/events/ogaki-night",
  location: "SHIBUYA QWS, 東京都渋谷区渋谷2-24-12",
  url: "https://example.org/events/ogaki-night",
  organizerName: "Work Design Lab × 大垣市",
  organizerEmail: "info@wdl.example",
  now: new Date("2026-11-01T00:00:00Z"),
};

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const physicalLines = (ics: string) => ics.split("\r\n").slice(0, -1);

describe("buildIcs", () => {
  it("runs under a non-Japanese TZ, so a slip to server time would show", () => {
    expect(new Date().getTimezoneOffset()).not.toBe(-540);
  });

  it("parses with ical.js and gives the same instants in Asia/Tokyo", () => {
    const { calendar, vevent, event } = parse(buildIcs(input));
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Work Design Lab x Ogaki City//Events//JA");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(event.startDate.zone?.tzid).toBe("Asia/Tokyo");
    expect(vevent.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("Asia/Tokyo");
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-12-12T05:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-12-12T08:00:00.000Z");
    expect(event.uid).toBe("event-0190a0b0-0000-7000-8000-000000000001@ogaki-kankei");
    expect(event.sequence).toBe(42);
    expect(event.summary).toBe(input.summary);
    expect(event.location).toBe(input.location);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("url")).toBe(input.url);
    expect(vevent.getFirstPropertyValue("organizer")).toBe("mailto:info@wdl.example");
    expect(vevent.getFirstProperty("organizer")?.getParameter("cn")).toBe(input.organizerName);
  });

  it("writes local Tokyo wall time, a UTC DTSTAMP and the JST VTIMEZONE", () => {
    const ics = buildIcs(input);
    expect(ics).toContain("\r\nDTSTART;TZID=Asia/Tokyo:20261212T140000\r\n");
    expect(ics).toContain("\r\nDTEND;TZID=Asia/Tokyo:20261212T170000\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20261101T000000Z\r\n");
    expect(ics).toContain(
      "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n" +
        "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
    );
  });

  it("uses the Tokyo date when the UTC date is the day before", () => {
    const ics = buildIcs({ ...input, start: new Date("2026-12-11T22:30:00Z"), end: new Date("2026-12-12T01:00:00Z") });
    expect(ics).toContain("DTSTART;TZID=Asia/Tokyo:20261212T073000\r\n");
  });

  it("uses CRLF line endings only, and ends with one", () => {
    const ics = buildIcs(input);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("cancels with METHOD:CANCEL and STATUS:CANCELLED under the same UID", () => {
    const { calendar, vevent, event } = parse(buildIcs({ ...input, method: "CANCEL", sequence: 43 }));
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.uid).toBe(input.uid);
    expect(event.sequence).toBe(43);
  });

  it("escapes backslash, semicolon, comma and newlines in TEXT and round-trips them", () => {
    const tricky = "a\\b; c, d\nsecond line\r\nthird";
    const ics = buildIcs({ ...input, summary: tricky, description: tricky, location: tricky });
    expect(ics).toContain("SUMMARY:a\\\\b\\; c\\, d\\nsecond line\\nthird\r\n");
    const { event } = parse(ics);
    const expected = "a\\b; c, d\nsecond line\nthird";
    expect(event.summary).toBe(expected);
    expect(event.description).toBe(expected);
    expect(event.location).toBe(expected);
  });

  it("cannot be broken out of by a newline in a non-TEXT value", () => {
    const ics = buildIcs({ ...input, organizerName: 'WDL"\r\nX-EVIL:1', url: "https://example.org/\nX-EVIL:2" });
    expect(ics).not.toMatch(/\r\nX-EVIL/);
  });

  it("leaves out a URL that is not http(s)", () => {
    expect(buildIcs({ ...input, url: "javascript:alert(1)" })).not.toContain("URL:");
  });

  it("folds long lines at 75 octets and round-trips Japanese text", () => {
    const summary = "大垣とつながる夜：水都おおがきの暮らしと仕事を語る会🏯".repeat(6);
    const description = `${"Lorem ipsum, dolor sit amet; ".repeat(8)}\n${"関係人口".repeat(40)}`;
    const ics = buildIcs({ ...input, summary, description });
    const lines = physicalLines(ics);
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    for (const line of lines) {
      expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
      // A character split across lines would leave a lone surrogate, which does not survive UTF-8.
      expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
    }
    const { event } = parse(ics);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(description);
  });
});

describe("foldLine", () => {
  it("keeps a short line as it is", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
  });

  it("fills each line up to exactly 75 octets, counting the leading space", () => {
    const folded = foldLine(`X:${"a".repeat(200)}`).split("\r\n");
    expect(folded.map((line) => Buffer.byteLength(line))).toEqual([75, 75, 54]);
    expect(folded.slice(1).every((line) => line.startsWith(" "))).toBe(true);
  });

  it("breaks before a three-octet character that would not fit", () => {
    const folded = foldLine(`${"a".repeat(73)}あ`).split("\r\n");
    expect(folded).toEqual(["a".repeat(73), " あ"]);
  });
});

describe("escapeText", () => {
  it("escapes in the right order, so a backslash is not doubled twice", () => {
    expect(escapeText("\\,")).toBe("\\\\\\,");
  });
});

describe("eventSequence", () => {
  it("counts minutes since 2020-01-01 and grows with each edit", () => {
    expect(eventSequence(new Date("2020-01-01T00:00:00Z"))).toBe(0);
    expect(eventSequence(new Date("2020-01-01T01:00:59Z"))).toBe(60);
    expect(eventSequence(new Date("2026-10-01T00:02:00Z"))).toBeGreaterThan(eventSequence(new Date("2026-10-01T00:01:00Z")));
  });
});

describe("googleCalendarUrl", () => {
  it("gives UTC dates and encodes every field", () => {
    const link = googleCalendarUrl({
      title: "大垣とつながる夜 & more",
      start: input.start,
      end: input.end,
      details: "詳細\nhttps://example.org/events/ogaki-night?x=1&y=2",
      location: "SHIBUYA QWS, 東京都渋谷区",
    });
    expect(link.startsWith("https://calendar.google.com/calendar/render?action=TEMPLATE&text=")).toBe(true);
    const params = new URL(link).searchParams;
    expect(params.get("action")).toBe("TEMPLATE");
    expect(params.get("text")).toBe("大垣とつながる夜 & more");
    expect(params.get("dates")).toBe("20261212T050000Z/20261212T080000Z");
    expect(params.get("details")).toBe("詳細\nhttps://example.org/events/ogaki-night?x=1&y=2");
    expect(params.get("location")).toBe("SHIBUYA QWS, 東京都渋谷区");
    expect(params.get("ctz")).toBe("Asia/Tokyo");
    expect([...params.keys()]).toEqual(["action", "text", "dates", "details", "location", "ctz"]);
  });

  it("leaves out empty details and location", () => {
    const params = new URL(googleCalendarUrl({ title: "t", start: input.start, end: input.end })).searchParams;
    expect(params.has("details")).toBe(false);
    expect(params.has("location")).toBe(false);
  });
});
