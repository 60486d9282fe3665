import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents } from "@/app/api/events/route";
import { registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../../support/app-env";
import type { TestDatabase } from "../../../../support/db";
import { createEvent, signup } from "../../../../support/fixtures";

let t: TestDatabase;
let appUrl: string;
beforeAll(async () => {
  t = await useAppDatabase();
  appUrl = process.env.APP_URL!;
});
afterAll(async () => {
  await t.drop();
});

const ONLINE_URL = "https://zoom.example/j/secret-room-123";
const DAY = 24 * 3600_000;

type ApiSummary = { slug: string; seats: { state: string; left: number | null } } & Record<string, unknown>;

describe("GET /api/events", () => {
  it("lists public events with their seat state, never drafts or the online URL", async () => {
    const open = await createEvent(t.db, { capacity: 3 });
    await t.db.event.update({
      where: { id: open.id },
      data: { titleEn: "Test event", summaryJa: "一行紹介", feeJa: "無料", feeEn: "Free", format: "HYBRID", area: "OGAKI", kind: "WORKSHOP", onlineUrl: ONLINE_URL },
    });
    await registerForEvent(open.id, signup("list-1"));
    const unlimited = await createEvent(t.db, { capacity: null });
    const waitlist = await createEvent(t.db, { capacity: 1 });
    await registerForEvent(waitlist.id, signup("list-2"));
    const full = await createEvent(t.db, { capacity: 1, waitlistEnabled: false });
    await registerForEvent(full.id, signup("list-3"));
    const closed = await createEvent(t.db, { registrationClosesAt: new Date(Date.now() - 60_000) });
    const notYet = await createEvent(t.db);
    await t.db.event.update({ where: { id: notYet.id }, data: { registrationOpensAt: new Date(Date.now() + DAY) } });
    const cancelled = await createEvent(t.db, { status: "CANCELLED" });
    const past = await createEvent(t.db, { startsAt: new Date(Date.now() - 3 * DAY) });
    const draft = await createEvent(t.db, { status: "DRAFT" });

    const response = await listEvents(new Request("http://localhost/api/events"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    const text = await response.text();
    expect(text).not.toContain(ONLINE_URL);
    expect(text).not.toContain("onlineUrl");
    const body = JSON.parse(text) as { upcoming: ApiSummary[]; past: ApiSummary[] };

    const seats = Object.fromEntries([...body.upcoming, ...body.past].map((e) => [e.slug, e.seats]));
    expect(seats).toEqual({
      [open.slug]: { state: "open", left: 2 },
      [unlimited.slug]: { state: "open", left: null },
      [waitlist.slug]: { state: "waitlist", left: 0 },
      [full.slug]: { state: "full", left: 0 },
      [closed.slug]: { state: "closed", left: null },
      [notYet.slug]: { state: "not_yet_open", left: null },
      [cancelled.slug]: { state: "cancelled", left: null },
      [past.slug]: { state: "ended", left: null },
    });
    expect(body.past.map((e) => e.slug)).toEqual([past.slug]);
    expect(body.upcoming.map((e) => e.slug)).not.toContain(draft.slug);

    const first = body.upcoming.find((e) => e.slug === open.slug)!;
    expect(first).toEqual({
      slug: open.slug,
      title: { ja: "テストイベント", en: "Test event" },
      summary: { ja: "一行紹介", en: null },
      startsAt: open.startsAt.toISOString(),
      endsAt: open.endsAt.toISOString(),
      format: "HYBRID",
      area: "OGAKI",
      kind: "WORKSHOP",
      venueName: "テスト会場",
      approvalRequired: false,
      fee: { ja: "無料", en: "Free" },
      organizers: [
        { role: "HOST", name: { ja: "一般社団法人Work Design Lab", en: "Work Design Lab" } },
        { role: "CO_HOST", name: { ja: "大垣市", en: "Ogaki City" } },
      ],
      seats: { state: "open", left: 2 },
      url: `${appUrl}/events/${open.slug}`,
    });
  });
});
