import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { normalizeEmail } from "@/lib/participants/email";
import { __testing } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../support/app-env";
import { appEnv, postSignupHttp, startApp, type AppProcess } from "../../support/crash/harness";
import { orphanViolations, withClient } from "../../support/crash/invariants";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";
import { nextIp, postSignup } from "../app/api/events/helpers";

// Issue 8, double submit: the same sign-up sent up to 10 times at once, replayed after a client timeout, from
// two tabs, with the address in other casing or full-width. Each time: one registration, one confirmation mail,
// and the same answer. "The same answer" is, for the JSON API, the same registration state in every answer
// ({ status, waitlistPosition }; 201 `registered` for the one that created it, 200 `already_registered` for the
// rest, never an error, also past the per-address limit of 5); for the form, the first gets its outcome with the
// manage link and every repeat "already registered, the link was mailed again" (a repeat never shows the link:
// whoever knows an address could otherwise read someone's manage link).
//
// The per-address limit keeps its default (5 per 10 minutes), so bursts of 10 go past it.

const session = vi.hoisted(() => ({ ip: "198.51.100.77" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": session.ip }) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "ja" }));

const { submitSignupForm } = await import("@/lib/registrations/actions");
const { issueFormToken } = await import("@/lib/registrations/form-token");
const { POST } = await import("@/app/api/events/[slug]/registrations/route");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterEach(() => {
  __testing.setEventLockDisabled(false);
});
afterAll(async () => {
  await t.drop();
});

const unique = () => randomBytes(3).toString("hex");
const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** What one person's sign-ups left in the database. */
async function footprint(eventId: string, email: string) {
  const emailNormalized = normalizeEmail(email);
  const registrations = await t.db.registration.findMany({ where: { eventId, emailNormalized } });
  const mails = await t.db.outboxMessage.findMany({ where: { eventId, registrationId: { in: registrations.map((r) => r.id) } }, select: { template: true } });
  const participants = await t.db.participant.count({ where: { emailNormalized } });
  const confirmations = mails.filter((m) => ["registration-confirmed", "registration-waitlisted"].includes(m.template)).length;
  const reminders = mails.filter((m) => m.template === "registration-exists").length;
  return { registrations: registrations.length, participants, confirmations, reminders, status: registrations[0]?.status };
}

async function jsonBurst(slug: string, emails: string[], ip?: string) {
  const responses = await Promise.all(emails.map((email) => postSignup(POST, slug, signup(`burst-${unique()}`, { email }), { ip: ip ?? nextIp() })));
  return Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })));
}

describe("JSON API: the same sign-up sent many times at once", () => {
  it("10 identical requests from one client: one registration, one confirmation, the same state in every answer", async () => {
    const event = await createEvent(t.db, { capacity: 5 });
    const email = `twin-${unique()}@example.com`;
    const answers = await jsonBurst(event.slug, Array.from({ length: 10 }, () => email), "203.0.113.50");
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    for (const a of answers) expect({ status: a.body.status, waitlistPosition: a.body.waitlistPosition }).toEqual({ status: "CONFIRMED", waitlistPosition: null });
    expect(await footprint(event.id, email)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });

  it("on a full event, every answer carries the same waitlist position", async () => {
    const event = await createEvent(t.db, { capacity: 1 });
    await jsonBurst(event.slug, [`first-${unique()}@example.com`, `second-${unique()}@example.com`]);
    const email = `late-${unique()}@example.com`;
    const answers = await jsonBurst(event.slug, Array.from({ length: 10 }, () => email));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => JSON.stringify([a.body.status, a.body.waitlistPosition])))).toEqual(new Set([JSON.stringify(["WAITLISTED", 2])]));
    expect(await footprint(event.id, email)).toMatchObject({ registrations: 1, confirmations: 1, status: "WAITLISTED" });
  });

  it("the address in other casing, with spaces or full-width (ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ) is the same person", async () => {
    const local = `abc${unique()}`;
    const plain = `${local}@example.jp`;
    const variants = [plain, plain.toUpperCase(), `${local.toUpperCase()}@Example.JP`, toFullWidth(plain), toFullWidth(plain.toUpperCase()), `　${plain}　`, ` ${toFullWidth(local)}@example.jp`];
    expect(new Set(variants.map(normalizeEmail))).toEqual(new Set([plain]));
    expect(normalizeEmail("ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ")).toBe("abc@example.jp");
    const event = await createEvent(t.db);
    const answers = await jsonBurst(event.slug, [...variants, ...variants.slice(0, 3)]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body.status))).toEqual(new Set(["CONFIRMED"]));
    expect(await footprint(event.id, plain)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });

  it("control: without the event lock, the same burst no longer gets one answer (the test can fail)", async () => {
    __testing.setEventLockDisabled(true);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    let differs = false;
    for (let attempt = 0; attempt < 5 && !differs; attempt++) {
      const event = await createEvent(t.db);
      const email = `nolock-${unique()}@example.com`;
      const answers = await jsonBurst(event.slug, Array.from({ length: 10 }, () => email));
      const created = answers.filter((a) => a.status === 201).length;
      differs = created !== 1 || answers.some((a) => a.status !== 200 && a.status !== 201);
    }
    log.mockRestore();
    expect(differs, "ten parallel sign-ups without the lock still all got one consistent answer").toBe(true);
  });
});

describe("the sign-up form (server action)", () => {
  function form(email: string, formToken: string) {
    const data = new FormData();
    const fields = signup(`form-${unique()}`, { email });
    for (const key of ["name", "furigana", "email", "prefectureCode"] as const) data.set(key, String(fields[key]));
    for (const r of fields.relationships) data.append("relationships", r);
    for (const i of fields.interests) data.append("interests", i);
    data.set("consents.CITY_PROVISION", "on");
    data.set("formToken", formToken);
    return data;
  }

  it("two tabs, each double-clicked, in other casings: one registration and one confirmation; every answer is a success about it", async () => {
    const event = await createEvent(t.db);
    const email = `tabs-${unique()}@example.com`;
    // Two page loads (two tokens), shown long enough ago to pass the minimum fill time.
    const tabs = [issueFormToken(Date.now() - 20_000), issueFormToken(Date.now() - 15_000)];
    const sends = [email, email.toUpperCase(), toFullWidth(email), email, email, email.toUpperCase()].map((address, i) =>
      submitSignupForm(event.slug, { submission: 0, formToken: tabs[i % 2]! }, form(address, tabs[i % 2]!)),
    );
    const states = await Promise.all(sends);
    expect(states.every((s) => s.errors === undefined)).toBe(true);
    const registered = states.filter((s) => s.outcome?.kind === "registered");
    expect(registered).toHaveLength(1);
    expect(registered[0]!.outcome).toMatchObject({ status: "CONFIRMED", manageUrl: expect.stringMatching(/^\/manage\//) });
    const repeats = states.filter((s) => s.outcome?.kind !== "registered");
    expect(repeats.map((s) => s.outcome?.kind)).toEqual(Array(5).fill("already_registered"));
    for (const s of repeats) expect(JSON.stringify(s.outcome)).not.toContain("/manage/");
    expect(await footprint(event.id, email)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });
});

describe("over real HTTP (the route handler in its own process)", () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp(4411, appEnv(t.url));
    // Warm it up (first connection, first query), so timings below are about the request, not the start.
    await postSignupHttp(app.url, "no-such-event", signup("warm-up") as unknown as Record<string, unknown>);
  }, 90_000);
  afterAll(async () => {
    await app?.kill("SIGTERM");
  });

  it("a request the client gave up on (timeout) still completes once; the replay gets the same state", async () => {
    const event = await createEvent(t.db, { capacity: 3 });
    const email = `replay-${unique()}@example.com`;
    const body = signup("replay", { email }) as unknown as Record<string, unknown>;
    // Hold the event lock so the first request is still in the server when its client times out.
    const blocker = new pg.Client({ connectionString: t.url });
    await blocker.connect();
    onTestFinished(() => blocker.end().catch(() => {}));
    await blocker.query("BEGIN");
    await blocker.query(`SELECT id FROM "Event" WHERE id = $1 FOR UPDATE`, [event.id]);
    const waitingForLock = async (n: number) => {
      for (let i = 0; i < 600; i++) {
        const { rows } = await blocker.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (rows[0]!.n >= n) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { rows } = await blocker.query(`SELECT pid, state, wait_event_type, wait_event, left(query, 80) AS q FROM pg_stat_activity WHERE datname = current_database()`);
      throw new Error(`${n} sign-up(s) never reached the event lock; first: ${JSON.stringify(await Promise.race([first, "pending"]))}\n${app.output()}\n${JSON.stringify(rows, null, 1)}`);
    };
    const controller = new AbortController();
    const first = postSignupHttp(app.url, event.slug, body, { signal: controller.signal });
    await waitingForLock(1);
    controller.abort(); // the client times out while the server is still working on it
    expect((await first).httpStatus).toBe(0); // the client was told nothing
    await blocker.query("COMMIT");
    // The server finishes the abandoned request on its own.
    for (let i = 0; i < 300 && (await t.db.registration.count({ where: { eventId: event.id } })) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const replay = await postSignupHttp(app.url, event.slug, body);
    const lateReplay = await postSignupHttp(app.url, event.slug, { ...body, email: email.toUpperCase() });
    for (const answer of [replay, lateReplay]) {
      expect(answer.httpStatus).toBe(200);
      expect(answer.body).toEqual({ outcome: "already_registered", status: "CONFIRMED", waitlistPosition: null });
    }
    expect(await footprint(event.id, email)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });

  it("10 parallel HTTP requests: one 201, nine 200, one registration", async () => {
    const event = await createEvent(t.db);
    const email = `http-${unique()}@example.com`;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postSignupHttp(app.url, event.slug, signup(`h${i}`, { email: i % 3 === 0 ? toFullWidth(email) : email }) as unknown as Record<string, unknown>)));
    expect(answers.map((a) => a.httpStatus).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body?.status))).toEqual(new Set(["CONFIRMED"]));
    expect(await footprint(event.id, email)).toMatchObject({ registrations: 1, confirmations: 1 });
    expect(await withClient(t.url, orphanViolations)).toEqual([]);
  });
});
