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
// Afterwards: every client told 202 received (sign-ups open, or going to the waitlist) has that registration
// (confirmed, or waitlisted), with its history and its outbox mail; nothing is orphaned (answers, history,
// mails, consents or participants without their sign-up); seats ≤ capacity; the waitlist places in the mails
// match the waitlist order; and the app serves sign-ups again. (The answer carries no status of its own: it
// tells nobody whether an address was registered. These are all new addresses, so "open" means the sign-up
// was confirmed and "waitlist" that it was waitlisted.)
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
  const told = answers.filter((a) => a.httpStatus === 202);
  const rows = await db.registration.findMany({
    where: { emailNormalized: { in: told.map((a) => normalizeEmail(a.email)) } },
    select: { emailNormalized: true, status: true, outbox: { select: { template: true } } },
  });
  const byEmail = new Map(rows.map((r) => [r.emailNormalized, r]));
  for (const answer of told) {
    const row = byEmail.get(normalizeEmail(answer.email));
    const status = ({ open: "CONFIRMED", waitlist: "WAITLISTED", review: "PENDING" } as Record<string, string>)[String(answer.body?.intake)] ?? String(answer.body?.intake);
    if (!row) problems.push(`${answer.email} was told ${status} but has no registration`);
    else if (row.status !== status) problems.push(`${answer.email} was told ${status} but is ${row.status}`);
    else if (!row.outbox.some((m) => m.template === (status === "CONFIRMED" ? "registration-confirmed" : "registration-waitlisted"))) {
      problems.push(`${answer.email} was told ${status} but has no mail in the outbox`);
    }
  }
  // Waitlist places told (in the mail) are the places in the waitlist order (no one left it in this test), 1..n.
  const waiting = await db.registration.findMany({
    where: { eventId, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: "asc" }, { id: "asc" }],
    select: { emailNormalized: true, outbox: { where: { template: "registration-waitlisted" }, select: { payload: true } } },
  });
  waiting.forEach((w, i) => {
    const place = (w.outbox[0]?.payload as { waitlistPosition?: number } | undefined)?.waitlistPosition;
    if (place !== undefined && place !== i + 1) problems.push(`${w.emailNormalized} was told place ${place} but is ${i + 1} in the waitlist`);
  });
  return problems;
}

async function serves(slug: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const n = people++;
    const answer = await postSignupHttp(app!.url, slug, signup(`after-${n}`, { email: `crash-${n}@example.com` }) as unknown as Record<string, unknown>);
    answers.push(answer);
    if (answer.httpStatus === 202) return;
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
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 202).length).toBeGreaterThan(0);
  }, LONG ? 1_800_000 : 240_000);

  it("control: the checks see what a half-written sign-up would leave (the test can fail)", async () => {
    const event = await createEvent(db, { capacity: 1 });
    // What a sign-up written in several transactions could leave after a crash between them.
    await db.participant.create({ data: { email: "half@example.com", emailNormalized: "half@example.com", name: "途中", locale: "ja" } });
    const person = await db.participant.create({ data: { email: "nohistory@example.com", emailNormalized: "nohistory@example.com", name: "履歴なし", locale: "ja" } });
    await db.registration.create({
      data: { eventId: event.id, participantId: person.id, emailNormalized: "nohistory@example.com", status: "CONFIRMED", locale: "ja", manageTokenHash: randomBytes(16).toString("hex"), checkinCode: "CTRL0001" },
    });
    answers.push({ email: "lost@example.com", httpStatus: 202, body: { outcome: "received", intake: "open" } });
    const problems = (await checkEverything(event.id)).join("\n");
    expect(problems).toMatch(/participants without a registration/);
    expect(problems).toMatch(/registrations without history/);
    expect(problems).toMatch(/lost@example.com was told CONFIRMED but has no registration/);
  });
});
