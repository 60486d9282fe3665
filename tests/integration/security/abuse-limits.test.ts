import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, createOrganizations } from "../../support/fixtures";
import { pinClockMidWindow } from "../../support/clock";

// Per-IP limits on the JSON API (reads and writes counted apart) and on staff sign-in link requests (per IP
// and per address), all in PostgreSQL: 429 with Retry-After and a Japanese/English message. A refused link
// request looks the same whether the address is staff or not.

process.env.RATE_LIMIT_API_READS_PER_MINUTE = "5";
process.env.RATE_LIMIT_API_WRITES_PER_MINUTE = "2";
process.env.RATE_LIMIT_MAGIC_LINK_PER_IP = "4";
process.env.RATE_LIMIT_MAGIC_LINK_PER_EMAIL = "2";

const { GET: listEvents } = await import("@/app/api/events/route");
const { GET: getEvent } = await import("@/app/api/events/[slug]/route");
const { GET: getCalendar } = await import("@/app/api/events/[slug]/calendar/route");
const { POST: postRegistration } = await import("@/app/api/events/[slug]/registrations/route");
const { handleMagicLinkRequest } = await import("@/lib/abuse/magic-link");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});
pinClockMidWindow();

const get = (path: string, ip: string) => new Request(`http://localhost${path}`, { headers: { "x-forwarded-for": ip } });

async function expect429(response: Response) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = (await response.json()) as { error: string; retryAfterSeconds: number; message: { ja: string; en: string } };
  expect(body).toMatchObject({ error: "rate_limited", retryAfterSeconds: retryAfter });
  expect(body.message.ja).toContain(`${retryAfter}秒`);
  expect(body.message.en).toContain(`${retryAfter} seconds`);
  return body;
}

describe("JSON API limits", () => {
  it("reads: the 6th GET in a minute from one IP is refused, across every read route; another IP is not", async () => {
    const event = await createEvent(t.db);
    const params = { params: Promise.resolve({ slug: event.slug }) };
    const ip = "192.0.2.10";
    const statuses = [
      (await listEvents(get("/api/events", ip))).status,
      (await getEvent(get(`/api/events/${event.slug}`, ip), params)).status,
      (await getCalendar(get(`/api/events/${event.slug}/calendar`, ip), params)).status,
      (await listEvents(get("/api/events", ip))).status,
      (await listEvents(get("/api/events", ip))).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await expect429(await getEvent(get(`/api/events/${event.slug}`, ip), params));
    await expect429(await getCalendar(get(`/api/events/${event.slug}/calendar`, ip), params));
    expect((await listEvents(get("/api/events", "192.0.2.11"))).status).toBe(200);
  });

  it("writes have their own budget: reads used up do not block a sign-up, and the 3rd POST is refused before its body is read", async () => {
    const event = await createEvent(t.db);
    const ip = "192.0.2.20";
    for (let i = 0; i < 6; i++) await listEvents(get("/api/events", ip));
    const post = (body: string) =>
      postRegistration(
        new Request(`http://localhost/api/events/${event.slug}/registrations`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip }, body }),
        { params: Promise.resolve({ slug: event.slug }) },
      );
    expect((await post("{}")).status).toBe(422);
    expect((await post("not json")).status).toBe(400);
    await expect429(await post("not json"));
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(0);
    const buckets = await t.db.rateLimitBucket.findMany({ where: { key: { startsWith: "api:" } } });
    // One counter row per key and window, however many requests.
    expect(buckets.filter((b) => b.key === "api:write:192.0.2.20").map((b) => b.count)).toEqual([3]);
    expect(buckets.filter((b) => b.key === "api:read:192.0.2.20").map((b) => b.count)).toEqual([6]);
  });

  it("IPv6 clients are limited by their /64: rotating addresses inside it does not help", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await listEvents(get("/api/events", `2001:db8:1:2::${i.toString(16)}`))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe("staff sign-in link limits", () => {
  async function staffAddress() {
    const { wdl } = await createOrganizations(t.db);
    const email = `staff-${Math.random().toString(36).slice(2)}@wdl.example`;
    await t.db.user.create({ data: { email, name: "スタッフ", organizationId: wdl.id, role: "WDL_ORGANIZER" } as never });
    return email;
  }

  const linkRequest = (email: string, ip: string) =>
    new Request("http://localhost/api/auth/signin/email", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
      body: new URLSearchParams({ email, csrfToken: "x", callbackUrl: "/admin", json: "true" }),
    });

  // Stands in for next-auth: stores a token for the address, as next-auth does for any address it is asked for.
  const nextAuth = (email: string) => async () => {
    await t.db.verificationToken.create({ data: { identifier: email, token: `t-${Math.random()}`, expires: new Date(Date.now() + 900_000) } });
    return Response.json({ url: "http://localhost:3000/api/auth/verify-request?provider=email&type=email" });
  };

  it("per address: the 3rd request for one address is refused, the same way for a staff address and any other", async () => {
    const staff = await staffAddress();
    const stranger = `nobody-${Math.random().toString(36).slice(2)}@example.com`;
    const answers: Record<string, unknown[]> = { staff: [], stranger: [] };
    for (const [who, email] of [["staff", staff], ["stranger", stranger]] as const) {
      for (let i = 0; i < 3; i++) {
        const response = await handleMagicLinkRequest(linkRequest(email, `192.0.${who === "staff" ? 3 : 4}.${60 + i}`), ["signin", "email"], nextAuth(email));
        answers[who]!.push(response.status === 429 ? { status: 429, body: await expect429(response), url: undefined } : { status: response.status, body: await response.json() });
      }
    }
    expect(answers.staff).toEqual(answers.stranger);
    expect(answers.staff!.map((a) => (a as { status: number }).status)).toEqual([200, 200, 429]);
    // next-auth's client reads `url` from the answer: the 429 carries one, so signIn() reports the error.
    expect((answers.staff![2] as { body: { url: string } }).body.url).toMatch(/\/admin\/signin\?error=RateLimited$/);
    // Tokens stored for a non-staff address are not kept; the staff member's are.
    expect(await t.db.verificationToken.count({ where: { identifier: stranger } })).toBe(0);
    expect(await t.db.verificationToken.count({ where: { identifier: staff } })).toBe(2);
  });

  it("per IP: the 5th request from one IP is refused whatever the addresses; full-width and upper case count as the same address", async () => {
    const ip = "192.0.2.70";
    const statuses: number[] = [];
    for (const email of ["a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"]) {
      statuses.push((await handleMagicLinkRequest(linkRequest(email, ip), ["signin", "email"], nextAuth(email))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const same = ["Ｓａｍｅ＠example.com", "SAME@example.com", "same@example.com"];
    const sameStatuses: number[] = [];
    for (const [i, email] of same.entries()) sameStatuses.push((await handleMagicLinkRequest(linkRequest(email, `192.0.2.${80 + i}`), ["signin", "email"], nextAuth(email))).status);
    expect(sameStatuses).toEqual([200, 200, 429]);
  });

  it("other next-auth requests (session, sign-out, the link's callback) are not counted", async () => {
    for (let i = 0; i < 10; i++) {
      const response = await handleMagicLinkRequest(new Request("http://localhost/api/auth/signout", { method: "POST", headers: { "x-forwarded-for": "192.0.2.90" } }), ["signout"], async () => new Response("ok"));
      expect(response.status).toBe(200);
    }
    expect(await t.db.rateLimitBucket.count({ where: { key: { startsWith: "magic-link:ip:192.0.2.90" } } })).toBe(0);
  });
});
