import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";
import { pinClockMidWindow } from "../../support/clock";

// Issue 8, abuse: a burst of 1,000 sign-ups from one address leaves no garbage rows, 100 people signing up at
// a human pace from their own addresses all get through, bots (honeypot, forged token) are refused without
// a write and without learning why, and a form sent too fast is stored only after a second, confirmed tap.
// The form's server action runs end to end against the database, with Next's request helpers stubbed; one
// check goes through a real HTTP server and socket.
// The control (limits off: the burst does create rows) is abuse-signup-control.test.ts: the configuration
// is read once per process.

process.env.RATE_LIMIT_SIGNUP_PER_IP = "30";
process.env.RATE_LIMIT_SIGNUP_PER_EMAIL = "5";
process.env.SIGNUP_MIN_FILL_SECONDS = "3";
process.env.TRUST_PROXY = "0";
const PER_IP = 30;
const PER_EMAIL = 5;

const request = vi.hoisted(() => ({ ip: null as unknown as import("node:async_hooks").AsyncLocalStorage<string> }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": request.ip.getStore() ?? "192.0.2.1" }) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "ja" }));
request.ip = new AsyncLocalStorage<string>();

const { submitSignupForm } = await import("@/lib/registrations/actions");
const { issueFormToken } = await import("@/lib/registrations/form-token");
const { installSocketAddressHeader } = await import("@/lib/abuse/socket-address");
const route = await import("@/app/api/events/[slug]/registrations/route");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

pinClockMidWindow();

type Form = { email: string; honeypot?: string; shownSecondsAgo?: number; token?: string };

function formData({ email, honeypot = "", shownSecondsAgo = 20, token }: Form): FormData {
  const data = new FormData();
  const input = signup(email, { email });
  data.set("name", input.name);
  data.set("furigana", input.furigana);
  data.set("email", email);
  data.set("prefectureCode", "13");
  data.append("relationships", "VISITED");
  data.append("interests", "tourism");
  data.set("consents.CITY_PROVISION", "on");
  data.set("formToken", token ?? issueFormToken(Date.now() - shownSecondsAgo * 1000));
  data.set("website", honeypot);
  return data;
}

function submit(slug: string, ip: string, form: Form) {
  return request.ip.run(ip, () => submitSignupForm(slug, { submission: 0, formToken: "" }, formData(form)));
}

function submitWith(slug: string, ip: string, form: Form, fastConfirmation: string) {
  const data = formData(form);
  data.set("fastConfirmation", fastConfirmation);
  return request.ip.run(ip, () => submitSignupForm(slug, { submission: 0, formToken: form.token ?? "" }, data));
}

async function inBatches<T>(count: number, size: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += size) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => run(start + k)))));
  }
  return results;
}

/** Rows the sign-up path writes, for one event, and the state of the whole database that must stay clean. */
async function rows(eventId: string, emailDomain: string) {
  const [registrations, participants, outbox, orphans, buckets] = await Promise.all([
    t.db.registration.count({ where: { eventId } }),
    t.db.participant.count({ where: { email: { endsWith: emailDomain } } }),
    t.db.outboxMessage.count({ where: { eventId } }),
    t.db.participant.count({ where: { registrations: { none: {} } } }),
    t.db.rateLimitBucket.findMany({ orderBy: { key: "asc" } }),
  ]);
  return { registrations, participants, outbox, orphans, buckets };
}

describe("a burst of 1,000 sign-ups from one address", () => {
  it("creates only the allowed registrations: no orphans, no mail for refused attempts, one counter per key", async () => {
    // Mails one accepted sign-up causes (confirmation…), measured rather than assumed.
    const probe = await createEvent(t.db, { capacity: null });
    expect((await submit(probe.slug, "192.0.2.200", { email: "probe@probe.example" })).outcome).toMatchObject({ kind: "received", intake: "open" });
    const mailsPerSignup = (await rows(probe.id, "@probe.example")).outbox;
    expect(mailsPerSignup).toBeGreaterThan(0);

    const event = await createEvent(t.db, { capacity: null });
    const ip = "198.51.100.66";
    const results = await inBatches(1000, 25, (i) => submit(event.slug, ip, { email: `burst-${i}@burst.example` }));

    const accepted = results.filter((r) => r.outcome?.kind === "received" && r.outcome.intake === "open");
    const limited = results.filter((r) => r.errors?.form?.code === "rate_limited");
    expect(accepted).toHaveLength(PER_IP);
    expect(limited).toHaveLength(1000 - PER_IP);
    // The refused keep what they typed, with the reason a person can act on.
    expect(limited[0]!.values).toMatchObject({ email: expect.stringContaining("@burst.example") });

    const after = await rows(event.id, "@burst.example");
    expect(after.registrations).toBe(PER_IP);
    expect(after.participants).toBe(PER_IP);
    expect(after.outbox).toBe(PER_IP * mailsPerSignup);
    expect(after.orphans).toBe(0);
    const ipBuckets = after.buckets.filter((b) => b.key.startsWith("signup:ip:198.51.100.66"));
    expect(ipBuckets).toHaveLength(1);
    expect(ipBuckets[0]!.count).toBe(1000);
    // Addresses are counted only for attempts the IP limit let through: the table does not grow with the flood.
    expect(after.buckets.filter((b) => b.key.includes("@burst.example"))).toHaveLength(PER_IP);
  });

  it("from one email address through many IPs: one registration, mail bounded by the per-address limit", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const results = await inBatches(200, 20, (i) => submit(event.slug, `203.0.113.${(i % 250) + 1}`, { email: "same@same.example" }));
    // The address's first sends get the same answer (one of them created the registration); then the limit.
    expect(results.filter((r) => r.outcome?.kind === "received" && r.outcome.intake === "open")).toHaveLength(PER_EMAIL);
    for (const r of results) expect(r.outcome?.kind === "received" || r.errors?.form?.code === "rate_limited").toBe(true);
    const after = await rows(event.id, "@same.example");
    expect(after.registrations).toBe(1);
    expect(after.participants).toBe(1);
    expect(after.outbox).toBeLessThanOrEqual(PER_EMAIL);
    expect(after.orphans).toBe(0);
    expect(after.buckets.filter((b) => b.key === "signup:email:same@same.example")).toHaveLength(1);
  });
});

describe("people and bots", () => {
  it("100 human-paced sign-ups from distinct addresses all pass", async () => {
    const event = await createEvent(t.db, { capacity: null });
    for (let i = 0; i < 100; i++) {
      // A person reads the form for a while (the token says when it was shown) and leaves the honeypot empty.
      const result = await submit(event.slug, `100.64.${Math.floor(i / 200)}.${(i % 200) + 1}`, { email: `human-${i}@human.example`, shownSecondsAgo: 30 + i });
      expect(result.outcome, `sign-up ${i}`).toMatchObject({ kind: "received", intake: "open" });
    }
    const after = await rows(event.id, "@human.example");
    expect(after.registrations).toBe(100);
    expect(after.participants).toBe(100);
    expect(after.orphans).toBe(0);
  });

  it("a filled honeypot and a forged token are refused without a write, with the same answer", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const before = await t.db.rateLimitBucket.count();
    const honeypot = await submit(event.slug, "192.0.2.50", { email: "bot1@bot.example", honeypot: "https://spam.example" });
    const forged = await submit(event.slug, "192.0.2.52", { email: "bot3@bot.example", token: `${Date.now() - 60_000}.forged` });
    // The same bland answer for both (and no field errors or codes naming the trap), nothing stored.
    expect(forged).toEqual(honeypot);
    expect(honeypot.outcome).toEqual({ kind: "received" });
    expect(honeypot.errors).toBeUndefined();
    expect(JSON.stringify(honeypot.outcome)).not.toMatch(/honeypot|website|fast|token|bot|spam/i);
    const after = await rows(event.id, "@bot.example");
    expect(after).toMatchObject({ registrations: 0, participants: 0, outbox: 0 });
    expect(await t.db.rateLimitBucket.count()).toBe(before);
  });

  it("a form sent too fast (autofill) is not stored nor called a success: a second tap with the signed confirmation sends it", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const token = issueFormToken(Date.now() - 1000);
    const first = await submit(event.slug, "192.0.2.51", { email: "fast@fast.example", token });
    // Not the bots' "received": nothing pretends to be done, and what was typed comes back.
    expect(first.outcome).toBeUndefined();
    expect(first.errors).toBeUndefined();
    expect(first.fastConfirmation).toEqual(expect.any(String));
    expect(first.formToken).toBe(token);
    expect(first.values).toMatchObject({ email: "fast@fast.example", name: expect.any(String), relationships: ["VISITED"] });
    expect(await rows(event.id, "@fast.example")).toMatchObject({ registrations: 0, participants: 0, outbox: 0 });

    // A confirmation made for another form, or none, is asked for again; nothing stored.
    const otherForm = issueFormToken(Date.now() - 500);
    const elsewhere = await submitWith(event.slug, "192.0.2.51", { email: "fast@fast.example", token: otherForm }, first.fastConfirmation!);
    expect(elsewhere.outcome).toBeUndefined();
    expect(elsewhere.fastConfirmation).toEqual(expect.any(String));
    expect(await rows(event.id, "@fast.example")).toMatchObject({ registrations: 0 });

    // The second tap, still within the minimum time, goes through.
    const second = await submitWith(event.slug, "192.0.2.51", { email: "fast@fast.example", token }, first.fastConfirmation!);
    expect(second.outcome).toMatchObject({ kind: "received", intake: "open" });
    expect(await rows(event.id, "@fast.example")).toMatchObject({ registrations: 1, participants: 1 });
  });

  it("the same bot form sent slowly is accepted (the test's forms are otherwise valid)", async () => {
    const event = await createEvent(t.db, { capacity: null });
    expect((await submit(event.slug, "192.0.2.53", { email: "bot2@bot.example" })).outcome).toMatchObject({ kind: "received", intake: "open" });
  });
});

describe("over HTTP: a client's own X-Forwarded-For does not escape the per-IP limit", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // The socket rewrite instrumentation.ts installs in the app (TRUST_PROXY=0), in front of the route handler.
    installSocketAddressHeader(0);
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const slug = decodeURIComponent(/^\/api\/events\/([^/]+)\/registrations$/.exec(req.url ?? "")?.[1] ?? "");
      const response = await route.POST(new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }), {
        params: Promise.resolve({ slug }),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(4531, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("40 requests, each claiming another address: the 31st is refused with 429, Retry-After and a ja/en message", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${base}/api/events/${event.slug}/registrations`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${i}.1`, "x-real-ip": `10.8.${i}.1` },
        body: JSON.stringify(signup(`http-${i}`, { email: `http-${i}@http.example` })),
      });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(PER_IP);
    expect(statuses.slice(PER_IP).every((s) => s === 429)).toBe(true);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused!.json()) as { error: string; message: { ja: string; en: string } };
    expect(body.error).toBe("rate_limited");
    expect(body.message.ja).toMatch(/秒/);
    expect(body.message.en).toMatch(/try again/i);
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(PER_IP);
    // Counted under the socket's address, not under any of the forty the client named.
    const keys = (await t.db.rateLimitBucket.findMany({ where: { key: { startsWith: "signup:ip:" } } })).map((b) => b.key);
    expect(keys).toContain("signup:ip:127.0.0.1");
    expect(keys.some((k) => k.includes("10.9.") || k.includes("10.8."))).toBe(false);
  });

  it("control: the same spoofing without the socket rewrite (handler called directly) does escape the limit", async () => {
    const event = await createEvent(t.db, { capacity: null });
    let created = 0;
    for (let i = 0; i < 40; i++) {
      const response = await route.POST(
        new Request(`http://localhost/api/events/${event.slug}/registrations`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.7.${i}.1` },
          body: JSON.stringify(signup(`direct-${i}`, { email: `direct-${i}@direct.example` })),
        }),
        { params: Promise.resolve({ slug: event.slug }) },
      );
      if (response.status === 202) created++;
    }
    expect(created).toBe(40);
  });
});
