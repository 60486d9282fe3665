import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/events/[slug]/registrations/route";
import { useAppDatabase } from "../../../../../../support/app-env";
import type { TestDatabase } from "../../../../../../support/db";
import { createEvent, signup } from "../../../../../../support/fixtures";
import { postSignup } from "../../helpers";

// The env is parsed once per process (lib/server/env.ts), so the limit is set before the first request,
// in a file of its own.
process.env.RATE_LIMIT_SIGNUP_PER_IP = "3";
process.env.RATE_LIMIT_SIGNUP_PER_EMAIL = "5";

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

// Limits count in fixed 10-minute windows: the clock is pinned mid-window so a test never straddles two.
const WINDOW_MS = 600_000;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS + 300_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("POST /api/events/[slug]/registrations: rate limits", () => {
  it("429 with Retry-After once an address has used its sign-ups for the window", async () => {
    const event = await createEvent(t.db);
    const ip = "192.0.2.10";
    for (const n of [1, 2, 3]) expect((await postSignup(POST, event.slug, signup(`ip-${n}`), { ip })).status).toBe(202);
    const limited = await postSignup(POST, event.slug, signup("ip-4"), { ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("cache-control")).toBe("no-store");
    expect(limited.headers.get("retry-after")).toBe("300");
    expect(await limited.json()).toMatchObject({ error: "rate_limited", retryAfterSeconds: 300 });
    // Counted before anything else is looked at: an unknown event or a broken form is limited too.
    expect((await postSignup(POST, "no-such-event", signup("ip-5"), { ip })).status).toBe(429);
    expect((await postSignup(POST, event.slug, { name: "" }, { ip })).status).toBe(429);
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(3);
    // Another address is not affected.
    expect((await postSignup(POST, event.slug, signup("ip-6"), { ip: "192.0.2.11" })).status).toBe(202);
  });

  it("429 once one email address has been sent too often, from whatever address, whether or not it is registered", async () => {
    const event = await createEvent(t.db);
    const statuses = [];
    for (const n of [1, 2, 3, 4, 5, 6]) {
      statuses.push((await postSignup(POST, event.slug, signup("same-person"), { ip: `192.0.2.${100 + n}` })).status);
    }
    // Within the limit a repeat gets the same answer as the first (double submit, issue 8); over it, every
    // address gets the same refusal: answering a registered address with its status (as before) told anyone
    // which addresses were registered.
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    // The confirmation + one "already registered" (at most one an hour).
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id } })).toBe(2);
    const other = await createEvent(t.db);
    const refused = await postSignup(POST, other.slug, signup("same-person"), { ip: "192.0.2.120" });
    expect(refused.status).toBe(429);
    expect(await t.db.registration.count({ where: { eventId: other.id } })).toBe(0);
    // A new address over its limit gets exactly the same answer as the registered one.
    // (Sent five times to a closed event: counted, refused, nothing registered.)
    // (An hour ago: the clock here is pinned within minutes of the database's, which decides under the lock.)
    const closed = await createEvent(t.db, { registrationClosesAt: new Date(Date.now() - 3_600_000) });
    for (let n = 0; n < 5; n++) expect((await postSignup(POST, closed.slug, signup("never-seen"), { ip: `192.0.2.${130 + n}` })).status).toBe(409);
    const unknown = await postSignup(POST, other.slug, signup("never-seen"), { ip: "192.0.2.140" });
    const known = await postSignup(POST, event.slug, signup("same-person"), { ip: "192.0.2.141" });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    expect([...unknown.headers.entries()].filter(([k]) => k !== "date")).toEqual([...known.headers.entries()].filter(([k]) => k !== "date"));
  });
});
