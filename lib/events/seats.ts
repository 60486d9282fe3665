// What the public sees about seats: one pure rule shared by the event list, the event page and the API.

export type SeatInput = {
  status: "DRAFT" | "PUBLISHED" | "CLOSED" | "CANCELLED";
  capacity: number | null;
  seatsTaken: number; // CONFIRMED + OFFERED + ATTENDED, counted from rows
  waitlistEnabled: boolean;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  startsAt: Date;
  endsAt: Date;
};

export type SeatState =
  | { kind: "open"; seatsLeft: number | null } // null: no limit
  | { kind: "waitlist" } // full, キャンセル待ち受付中
  | { kind: "full" } // 満席, no waitlist
  | { kind: "not_yet_open"; opensAt: Date }
  | { kind: "closed" } // 締切 (deadline passed or closed by the organiser)
  | { kind: "ended" }
  | { kind: "cancelled" };

export function seatState(event: SeatInput, now: Date): SeatState {
  if (event.status === "CANCELLED") return { kind: "cancelled" };
  if (event.endsAt <= now) return { kind: "ended" };
  if (event.status !== "PUBLISHED") return { kind: "closed" };
  if (event.registrationOpensAt && now < event.registrationOpensAt) {
    return { kind: "not_yet_open", opensAt: event.registrationOpensAt };
  }
  const deadline = event.registrationClosesAt ?? event.startsAt;
  if (now >= deadline) return { kind: "closed" };
  if (event.capacity === null) return { kind: "open", seatsLeft: null };
  const seatsLeft = Math.max(0, event.capacity - event.seatsTaken);
  if (seatsLeft > 0) return { kind: "open", seatsLeft };
  return event.waitlistEnabled ? { kind: "waitlist" } : { kind: "full" };
}
