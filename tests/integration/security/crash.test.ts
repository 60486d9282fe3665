import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { removeDataDir } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { normalizeEmail } from "@/lib/participants/email";
import {
  appEnv,
  ownPostgresDir,
  postSignupHttp,
  startApp,
  startOwnPostgres,
  stopPostgresImmediately,
  type AppProcess,
  type OwnPostgres,
  type SignupAnswer,
} from "../../support/crash/harness";
import { orphanViolations, recordViolations, seatViolations, withClient } from "../../support/crash/invariants";
import { createEvent, signup } from "../../support/fixtures";

// Issue 8, crash safety. A sign-up rush over HTTP against the sign-up API in its own process
// (tests/support/crash/app-server.ts), on a PostgreSQL server of this test's own (ports 4400–4499), while
//   • the app process is SIGKILLed at a random moment, then started again, and
//   • PostgreSQL is stopped with `pg_ctl stop -m immediate` (no checkpoint: crash recovery on the next start),
//     then started again while the same app process keeps running.
// Afterwards: every client told 201 CONFIRMED (or WAITLISTED) has that registration, with its history and its
// outbox mail; nothing is orphaned (answers, history, mails, consents or participants without their sign-up);
// seats ≤ capacity; waitlist places told match the waitlist order; and the app serves sign-ups again.
// One round of each in `npm test`; many rounds under TEST_LONG=1.

const LONG = process.env.TEST_LONG === "1";
const ROUNDS = LONG ? 12 : 1;
const APP_PORT = 4420;
const PG_PORT = 4460;
const password = randomBytes(12).toString("hex");

let pgDir: string;
let postgres: OwnPostgres;
let databaseUrl: string;
let db: PrismaClient;
let app: AppProcess | null = null;
let pgRunning = false; // a server stopped by pg_ctl must not be stopped again (its stop() would wait forever)

beforeAll(async () => {
  pgDir = ownPostgresDir("crash-test");
  postgres = await startOwnPostgres(pgDir, PG_PORT, password);
  pgRunning = true;
  await withClient(postgres.url("postgres"), (query) => query("CREATE DATABASE crash"));
  databaseUrl = postgres.url("crash");
  await migrate(databaseUrl);
  db = createPrismaClient(databaseUrl, { max: 2 });
  app = await startApp(APP_PORT, appEnv(databaseUrl));
}, 180_000);

afterAll(async () => {
  await app?.kill("SIGKILL");
  await db?.$disconnect().catch(() => {});
  if (pgRunning) await postgres.server.stop().catch(() => {});
  if (pgDir) {
    removeDataDir(pgDir);
    rmSync(path.dirname(pgDir), { recursive: true, force: true });
  }
}, 60_000);

const answers: SignupAnswer[] = [];
const waitlistTold = new Map<string, number>(); // normalised email → place told
let people = 0;

/** `count` sign-ups from `concurrency` clients; the promise ends when every client has had its answer or error. */
function rush(slug: string, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < count) {
      next++;
      const n = people++;
      const email = `crash-${n}@example.com`;
      const answer = await postSignupHttp(app!.url, slug, signup(`crash-${n}`, { email }) as unknown as Record<string, unknown>, { ip: `203.0.113.${n % 250}` });
      answers.push(answer);
      if (answer.httpStatus === 201 && answer.body?.status === "WAITLISTED") waitlistTold.set(normalizeEmail(email), Number(answer.body.waitlistPosition));
    }
  };
  return Promise.all(Array.from({ length: concurrency }, client)).then(() => {});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function checkEverything(eventId: string): Promise<string[]> {
  const problems = await withClient(databaseUrl, async (query) => [
    ...(await orphanViolations(query)),
    ...(await seatViolations(query, eventId)),
    ...(await recordViolations(query)),
  ]);
  // Every "confirmed" (and "waitlisted") a client was told is in the database, with its mail.
  const told = answers.filter((a) => a.httpStatus === 201);
  const rows = await db.registration.findMany({
    where: { emailNormalized: { in: told.map((a) => normalizeEmail(a.email)) } },
    select: { emailNormalized: true, status: true, outbox: { select: { template: true } } },
  });
  const byEmail = new Map(rows.map((r) => [r.emailNormalized, r]));
  for (const answer of told) {
    const row = byEmail.get(normalizeEmail(answer.email));
    const status = String(answer.body?.status);
    if (!row) problems.push(`${answer.email} was told ${status} but has no registration`);
    else if (row.status !== status) problems.push(`${answer.email} was told ${status} but is ${row.status}`);
    else if (!row.outbox.some((m) => m.template === (status === "CONFIRMED" ? "registration-confirmed" : "registration-waitlisted"))) {
      problems.push(`${answer.email} was told ${status} but has no mail in the outbox`);
    }
  }
  // Waitlist places told are the places in the waitlist order (no one left it in this test), 1..n contiguous.
  const waiting = await db.registration.findMany({
    where: { eventId, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: "asc" }, { id: "asc" }],
    select: { emailNormalized: true },
  });
  waiting.forEach((w, i) => {
    const place = waitlistTold.get(w.emailNormalized ?? "");
    if (place !== undefined && place !== i + 1) problems.push(`${w.emailNormalized} was told place ${place} but is ${i + 1} in the waitlist`);
  });
  return problems;
}

async function serves(slug: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const n = people++;
    const answer = await postSignupHttp(app!.url, slug, signup(`after-${n}`, { email: `crash-${n}@example.com` }) as unknown as Record<string, unknown>);
    answers.push(answer);
    if (answer.httpStatus === 201) return;
    await sleep(500);
  }
  throw new Error("the app never served a sign-up again after the crash");
}

describe("crash safety of sign-ups", () => {
  it(`survives ${ROUNDS} app kill(s) and ${ROUNDS} PostgreSQL immediate stop(s) mid-rush`, async () => {
    const event = await createEvent(db, { capacity: 40 + 20 * ROUNDS });
    for (let round = 0; round < ROUNDS; round++) {
      // 1. The app process dies (SIGKILL) at a random point of a rush, then comes back.
      const killed = rush(event.slug, 80, 12);
      await sleep(150 + Math.random() * 600);
      await app!.kill("SIGKILL");
      await killed;
      app = await startApp(APP_PORT, appEnv(databaseUrl));
      await serves(event.slug);
      expect(await checkEverything(event.id), `after app kill ${round + 1}`).toEqual([]);

      // 2. PostgreSQL stops at once (no checkpoint) in the middle of a rush; it restarts and the app reconnects.
      const cut = rush(event.slug, 80, 12);
      await sleep(150 + Math.random() * 600);
      stopPostgresImmediately(postgres);
      pgRunning = false;
      await cut;
      const previousPort = postgres.port;
      postgres = await startOwnPostgres(pgDir, previousPort, password);
      pgRunning = true;
      expect(postgres.port, "PostgreSQL came back on another port: the running app could not reach it").toBe(previousPort);
      await serves(event.slug);
      expect(await checkEverything(event.id), `after PostgreSQL immediate stop ${round + 1}`).toEqual([]);
    }
    const statuses = answers.map((a) => a.httpStatus);
    // The rounds really hit mid-rush: some requests were answered, some were cut off.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 201 && s !== 200).length).toBeGreaterThan(0);
  }, LONG ? 1_800_000 : 240_000);

  it("control: the checks see what a half-written sign-up would leave (the test can fail)", async () => {
    const event = await createEvent(db, { capacity: 1 });
    // What a sign-up written in several transactions could leave after a crash between them.
    await db.participant.create({ data: { email: "half@example.com", emailNormalized: "half@example.com", name: "途中", locale: "ja" } });
    const person = await db.participant.create({ data: { email: "nohistory@example.com", emailNormalized: "nohistory@example.com", name: "履歴なし", locale: "ja" } });
    await db.registration.create({
      data: { eventId: event.id, participantId: person.id, emailNormalized: "nohistory@example.com", status: "CONFIRMED", locale: "ja", manageTokenHash: randomBytes(16).toString("hex"), checkinCode: "CTRL0001" },
    });
    answers.push({ email: "lost@example.com", httpStatus: 201, body: { outcome: "registered", status: "CONFIRMED", waitlistPosition: null } });
    const problems = (await checkEverything(event.id)).join("\n");
    expect(problems).toMatch(/participants without a registration/);
    expect(problems).toMatch(/registrations without history/);
    expect(problems).toMatch(/lost@example.com was told CONFIRMED but has no registration/);
  });
});
