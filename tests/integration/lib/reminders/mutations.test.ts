import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDueReminders } from "@/lib/reminders/mutations";
import { registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const H = 3_600_000;

async function eventWithPeople(startsInHours: number, n: number) {
  const event = await createEvent(t.db, { capacity: n - 1, startsAt: new Date(Date.now() + startsInHours * H) });
  for (let i = 0; i < n; i++) await registerForEvent(event.id, signup(`${event.slug}-${i}`));
  // They signed up a week ago.
  await t.db.registration.updateMany({ where: { eventId: event.id }, data: { confirmedAt: new Date(Date.now() - 7 * 24 * H) } });
  return event;
}

const reminders = (eventId: string) => t.db.outboxMessage.findMany({ where: { eventId, template: "event-reminder" }, orderBy: { dedupeKey: "asc" } });

describe("enqueueDueReminders", () => {
  it("queues the due reminder for confirmed people only, once however often and however concurrently it runs", async () => {
    const event = await eventWithPeople(70, 4); // 3 confirmed, 1 waitlisted; the 3-day reminder is due
    const [a, b] = await Promise.all([enqueueDueReminders(), enqueueDueReminders()]);
    expect(a + b).toBeGreaterThanOrEqual(3);
    expect(await enqueueDueReminders()).toBe(0);
    const rows = await reminders(event.id);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ category: "REMINDER", status: "PENDING" });
      expect(row.dedupeKey).toMatch(/^reminder:[0-9a-f-]{36}:72h$/);
      expect(row.payload).toMatchObject({ hoursBefore: 72, status: "CONFIRMED", event: { id: event.id } });
    }
  });

  it("skips people confirmed after the reminder's time, cancelled events and events without reminders", async () => {
    const late = await eventWithPeople(20, 2);
    const [someone] = await t.db.registration.findMany({ where: { eventId: late.id, status: "CONFIRMED" } });
    await t.db.registration.update({ where: { id: someone!.id }, data: { confirmedAt: new Date(Date.now() - H) } });
    const cancelled = await eventWithPeople(20, 2);
    await t.db.event.update({ where: { id: cancelled.id }, data: { status: "CANCELLED" } });
    const none = await eventWithPeople(20, 2);
    await t.db.event.update({ where: { id: none.id }, data: { reminderHoursBefore: [] } });
    await enqueueDueReminders();
    expect((await reminders(late.id)).map((r) => r.registrationId)).toEqual([]);
    expect(await reminders(cancelled.id)).toEqual([]);
    expect(await reminders(none.id)).toEqual([]);
  });

  it("sends the 1-day reminder as well as the 3-day one, each once", async () => {
    const event = await eventWithPeople(23, 2); // one confirmed, one waitlisted
    await t.db.event.update({ where: { id: event.id }, data: { reminderHoursBefore: [72, 24] } });
    // Pretend the 3-day reminder went two days ago.
    await enqueueDueReminders(new Date(Date.now() - 48 * H));
    await enqueueDueReminders();
    expect((await reminders(event.id)).map((r) => (r.payload as { hoursBefore: number }).hoursBefore).sort()).toEqual([24, 72]);
  });
});
