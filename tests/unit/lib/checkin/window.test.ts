import { describe, expect, it } from "vitest";
import { checkinIsOpen, checkinOpensAt } from "@/lib/checkin/window";

// The door opens at 00:00 JST on the event day, or 3 hours before the start if that is earlier. Tests run
// with a non-Japanese TZ (vitest config), so a slip into local time would show here.

describe("checkinOpensAt", () => {
  it("opens at midnight JST of the event day", () => {
    // 2026-12-12 14:00 JST
    expect(checkinOpensAt(new Date("2026-12-12T05:00:00Z")).toISOString()).toBe("2026-12-11T15:00:00.000Z");
    // 2026-12-12 23:30 JST: still that day's midnight, not the UTC date's
    expect(checkinOpensAt(new Date("2026-12-12T14:30:00Z")).toISOString()).toBe("2026-12-11T15:00:00.000Z");
    // 2026-12-13 08:59 JST is 2026-12-12 23:59 UTC: the JST date counts
    expect(checkinOpensAt(new Date("2026-12-12T23:59:00Z")).toISOString()).toBe("2026-12-12T15:00:00.000Z");
  });

  it("opens 3 hours before a start just after midnight", () => {
    // 2026-12-13 00:30 JST opens 2026-12-12 21:30 JST
    expect(checkinOpensAt(new Date("2026-12-12T15:30:00Z")).toISOString()).toBe("2026-12-12T12:30:00.000Z");
  });

  it("is closed months before, open on the day and after the event", () => {
    const event = { startsAt: new Date("2026-12-12T05:00:00Z") };
    expect(checkinIsOpen(event, new Date("2026-09-01T00:00:00Z"))).toBe(false);
    expect(checkinIsOpen(event, new Date("2026-12-11T14:59:59Z"))).toBe(false);
    expect(checkinIsOpen(event, new Date("2026-12-11T15:00:00Z"))).toBe(true);
    expect(checkinIsOpen(event, new Date("2026-12-13T00:00:00Z"))).toBe(true);
  });
});
