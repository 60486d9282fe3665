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
// and the same answer. "The same answer" is, for the JSON API and the form alike, the answer a new address
// gets (202 `received` with the event's intake; the person's status and manage link are in the mail only, so
// the answer tells nobody whether an address is registered: see signup-identity.test.ts). Past the per-address
// limit of 5, every address gets the same 429, registered or not (answering a registered address with its
// status there, as before, told anyone which addresses were registered).
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
    expect(answers.map((a) => a.status).sort()).toEqual([202, 202, 202, 202, 202, 429, 429, 429, 429, 429]);
    for (const a of answers.filter((a) => a.status === 202)) expect(a.body).toEqual({ outcome: "received", intake: "open" });
    for (const a of answers.filter((a) => a.status === 429)) expect(a.body).toMatchObject({ error: "rate_limited" });
    expect(await footprint(event.id, email)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });

  it("on a full event, every answer says the same (sign-ups go to the waitlist); the position is in the one mail", async () => {
    const event = await createEvent(t.db, { capacity: 1 });
    await jsonBurst(event.slug, [`first-${unique()}@example.com`, `second-${unique()}@example.com`]);
    const email = `late-${unique()}@example.com`;
    const answers = await jsonBurst(event.slug, Array.from({ length: 10 }, () => email));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    expect(new Set(answers.filter((a) => a.status === 202).map((a) => JSON.stringify(a.body)))).toEqual(new Set([JSON.stringify({ outcome: "received", intake: "waitlist" })]));
    expect(await footprint(event.id, email)).toMatchObject({ registrations: 1, confirmations: 1, status: "WAITLISTED" });
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { eventId: event.id, template: "registration-waitlisted", toEmail: email } });
    expect(mail.payload).toMatchObject({ waitlistPosition: 2 });
  });

  it("the address in other casing, with spaces or full-width (ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ) is the same person", async () => {
    const local = `abc${unique()}`;
    const plain = `${local}@example.jp`;
    const variants = [plain, plain.toUpperCase(), `${local.toUpperCase()}@Example.JP`, toFullWidth(plain), toFullWidth(plain.toUpperCase()), `　${plain}　`, ` ${toFullWidth(local)}@example.jp`];
    expect(new Set(variants.map(normalizeEmail))).toEqual(new Set([plain]));
    expect(normalizeEmail("ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ")).toBe("abc@example.jp");
    const event = await createEvent(t.db);
    const answers = await jsonBurst(event.slug, [...variants, ...variants.slice(0, 3)]);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    expect(answers.every((a) => a.status === 202 || a.status === 429)).toBe(true);
    expect(new Set(answers.filter((a) => a.status === 202).map((a) => JSON.stringify(a.body)))).toEqual(new Set([JSON.stringify({ outcome: "received", intake: "open" })]));
    expect(await footprint(event.id, plain)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });

  it("control: without the event lock, the same burst no longer leaves one registration (the test can fail)", async () => {
    __testing.setEventLockDisabled(true);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    let differs = false;
    for (let attempt = 0; attempt < 5 && !differs; attempt++) {
      const event = await createEvent(t.db);
      const email = `nolock-${unique()}@example.com`;
      const answers = await jsonBurst(event.slug, Array.from({ length: 10 }, () => email));
      const created = (await footprint(event.id, email)).registrations;
      differs = created !== 1 || answers.some((a) => a.status !== 202 && a.status !== 429);
    }
    log.mockRestore();
    expect(differs, "ten parallel sign-ups without the lock still left one registration and consistent answers").toBe(true);
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

  it("two tabs, each double-clicked, in other casings: one registration and one confirmation; every answer is the same, without the manage link", async () => {
    const event = await createEvent(t.db);
    const email = `tabs-${unique()}@example.com`;
    // Two page loads (two tokens), shown long enough ago to pass the minimum fill time.
    const tabs = [issueFormToken(Date.now() - 20_000), issueFormToken(Date.now() - 15_000)];
    // Five sends: the per-address limit (5 per 10 minutes) is not what this test is about.
    const sends = [email, email.toUpperCase(), toFullWidth(email), email, email.toUpperCase()].map((address, i) =>
      submitSignupForm(event.slug, { submission: 0, formToken: tabs[i % 2]! }, form(address, tabs[i % 2]!)),
    );
    const states = await Promise.all(sends);
    expect(states.every((s) => s.errors === undefined)).toBe(true);
    // The same outcome for all (the address as each one typed it aside): the first, which created the
    // registration, shows nothing the repeats do not.
    const outcomes = states.map((s) => JSON.stringify({ ...s.outcome, email: undefined }));
    expect(new Set(outcomes).size).toBe(1);
    expect(states[0]!.outcome).toMatchObject({ kind: "received", intake: "open" });
    for (const s of states) expect(JSON.stringify(s.outcome)).not.toMatch(/\/manage\/|CONFIRMED|status/);
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
      expect(answer.httpStatus).toBe(202);
      expect(answer.body).toEqual({ outcome: "received", intake: "open" });
    }
    expect(await footprint(event.id, email)).toEqual({ registrations: 1, participants: 1, confirmations: 1, reminders: 1, status: "CONFIRMED" });
  });

  it("10 parallel HTTP requests: ten identical 202 received, one registration", async () => {
    const event = await createEvent(t.db);
    const email = `http-${unique()}@example.com`;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postSignupHttp(app.url, event.slug, signup(`h${i}`, { email: i % 3 === 0 ? toFullWidth(email) : email }) as unknown as Record<string, unknown>)));
    // (This server runs without the per-address limit: appEnv.)
    expect(answers.map((a) => a.httpStatus)).toEqual(Array(10).fill(202));
    expect(new Set(answers.map((a) => JSON.stringify(a.body)))).toEqual(new Set([JSON.stringify({ outcome: "received", intake: "open" })]));
    expect(await footprint(event.id, email)).toMatchObject({ registrations: 1, confirmations: 1 });
    expect(await withClient(t.url, orphanViolations)).toEqual([]);
  });
});
