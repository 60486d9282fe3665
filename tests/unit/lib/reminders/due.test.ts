import { describe, expect, it } from "vitest";
import { dueReminderHours } from "@/lib/reminders/mutations";

const H = 3_600_000;
const start = new Date("2026-12-12T05:00:00Z"); // 14:00 JST

describe("dueReminderHours", () => {
  it("is null before the first reminder's time and after the start", () => {
    expect(dueReminderHours(start, [72, 24], new Date(start.getTime() - 72 * H - 1))).toBeNull();
    expect(dueReminderHours(start, [72, 24], start)).toBeNull();
    expect(dueReminderHours(start, [], new Date(start.getTime() - H))).toBeNull();
  });
  it("is the 3-day reminder from its exact time, then the 1-day one", () => {
    expect(dueReminderHours(start, [72, 24], new Date(start.getTime() - 72 * H))).toBe(72);
    expect(dueReminderHours(start, [72, 24], new Date(start.getTime() - 24 * H - 1))).toBe(72);
    expect(dueReminderHours(start, [72, 24], new Date(start.getTime() - 24 * H))).toBe(24);
  });
  it("after an outage, only the latest reminder (never the 3-day one a day before)", () => {
    expect(dueReminderHours(start, [24, 72, 3], new Date(start.getTime() - 2 * H))).toBe(3);
  });
});
