import { describe, expect, it } from "vitest";
import { formatDateTime, formatEventDateRange } from "@/lib/time/format";

describe("formatEventDateRange (always Asia/Tokyo)", () => {
  it("runs under a non-Japanese TZ, so a slip to server time would show", () => {
    expect(new Date("2026-12-12T05:00:00Z").getTimezoneOffset()).not.toBe(-540);
  });

  it("formats a Saturday afternoon in Japanese with the weekday", () => {
    // 05:00 UTC = 14:00 JST; in Los Angeles it is still Friday night.
    expect(formatEventDateRange(new Date("2026-12-12T05:00:00Z"), new Date("2026-12-12T08:00:00Z"), "ja")).toBe(
      "2026年12月12日(土) 14:00–17:00",
    );
  });

  it("formats the same event in English", () => {
    expect(formatEventDateRange(new Date("2026-12-12T05:00:00Z"), new Date("2026-12-12T08:00:00Z"), "en")).toBe(
      "Sat, 12 Dec 2026, 14:00–17:00",
    );
  });

  it("uses the JST date when the UTC date is the previous day", () => {
    // 2026-12-11 22:30 UTC is 07:30 on Saturday 12 December in Tokyo.
    expect(formatDateTime(new Date("2026-12-11T22:30:00Z"), "ja")).toBe("2026年12月12日(土) 07:30");
  });

  it("shows both days for an event that runs past midnight JST", () => {
    expect(formatEventDateRange(new Date("2026-12-12T10:00:00Z"), new Date("2026-12-12T16:00:00Z"), "ja")).toBe(
      "2026年12月12日(土) 19:00 – 12月13日(日) 01:00",
    );
  });
});
