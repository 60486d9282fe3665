import { afterEach, beforeEach, vi } from "vitest";

/**
 * Rate-limit windows are fixed (10, 15 and 1 minutes all divide 30): each test runs with Date frozen 5½ minutes
 * into a half hour, so a burst never straddles two windows. Only Date is faked; timers run as usual.
 */
export function pinClockMidWindow(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: Math.floor(Date.now() / 1_800_000) * 1_800_000 + 330_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
