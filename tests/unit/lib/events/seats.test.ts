import { describe, expect, it } from "vitest";
import { seatState, type SeatInput } from "@/lib/events/seats";

const now = new Date("2026-12-01T00:00:00Z");
const base: SeatInput = {
  status: "PUBLISHED",
  capacity: 20,
  seatsTaken: 0,
  waitlistEnabled: true,
  registrationOpensAt: null,
  registrationClosesAt: new Date("2026-12-10T15:00:00Z"),
  startsAt: new Date("2026-12-12T05:00:00Z"),
  endsAt: new Date("2026-12-12T08:00:00Z"),
};

describe("seatState", () => {
  it("counts seats left", () => {
    expect(seatState({ ...base, seatsTaken: 17 }, now)).toEqual({ kind: "open", seatsLeft: 3 });
  });

  it("has no limit without a capacity", () => {
    expect(seatState({ ...base, capacity: null, seatsTaken: 500 }, now)).toEqual({ kind: "open", seatsLeft: null });
  });

  it("offers the waitlist when full and the waitlist is on, 満席 otherwise", () => {
    expect(seatState({ ...base, seatsTaken: 20 }, now)).toEqual({ kind: "waitlist" });
    expect(seatState({ ...base, seatsTaken: 20, waitlistEnabled: false }, now)).toEqual({ kind: "full" });
  });

  it("never reports negative seats when a capacity was lowered below the seats taken", () => {
    expect(seatState({ ...base, capacity: 10, seatsTaken: 12, waitlistEnabled: false }, now)).toEqual({ kind: "full" });
  });

  it("is closed at the deadline, or at the start when there is none", () => {
    expect(seatState(base, new Date("2026-12-10T15:00:00Z"))).toEqual({ kind: "closed" });
    expect(seatState({ ...base, registrationClosesAt: null }, new Date("2026-12-12T05:00:00Z"))).toEqual({ kind: "closed" });
  });

  it("is not open before the registration window", () => {
    const opensAt = new Date("2026-12-05T00:00:00Z");
    expect(seatState({ ...base, registrationOpensAt: opensAt }, now)).toEqual({ kind: "not_yet_open", opensAt });
  });

  it("reports cancelled, ended and organiser-closed events", () => {
    expect(seatState({ ...base, status: "CANCELLED" }, now)).toEqual({ kind: "cancelled" });
    expect(seatState(base, new Date("2026-12-12T08:00:00Z"))).toEqual({ kind: "ended" });
    expect(seatState({ ...base, status: "CLOSED" }, now)).toEqual({ kind: "closed" });
  });
});
