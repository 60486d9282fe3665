import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { median, summarise, type Timings } from "./measure";
import type { BenchContext, BenchResult } from "./types";

// Issue 7: sign-ups under a rush, through the JSON API (`POST /api/events/[slug]/registrations`), against
// pgbench running the same SQL transaction (lib/registrations/mutations.ts registerForEvent) at the same
// concurrency: the database's own limit for that work on this machine.
//
// signup-rush: one event, 500 seats + waitlist, 5,000 distinct people, 100 concurrent clients. On a hot event
// every sign-up waits for the one event lock, so throughput = 1 / (time the lock is held), and that time is
// the round trips made while holding it. signup-spread: the same 5,000 people over 200 events (25 each, 20
// seats), where the lock is rarely contended and the ceiling is CPU.
//
// The app's mail worker runs as in production: it sends the confirmation mails while the rush goes on. Between
// runs the benchmark waits until those mails are out, so each run starts on a quiet machine.

// ───────────────────────────── Load generator (also used by tests/bench/isolation.ts) ─────────────────────────────

export type SignupLoadOptions = {
  /** Event slugs; person i signs up for events[i % events.length]. */
  events: string[];
  /** Distinct people (person i's address is `${emailPrefix}${i}@example.com`, i = 1..people). */
  people: number;
  /** Requests in flight at most (closed loop: exactly this many clients, each sending its next as soon as answered). */
  concurrency: number;
  /**
   * Open loop: person i arrives at start + (i − 1) / ratePerSecond, whether or not earlier ones were answered (still
   * at most `concurrency` in flight). Latency is then counted from the scheduled arrival, so time spent waiting
   * for a free slot is part of it (no coordinated omission). Without it: closed loop.
   */
  ratePerSecond?: number;
  /** Nothing is sent after this many ms from the start, and requests still open then are abandoned (status "timeout"). */
  deadlineMs: number;
  /** Makes addresses unique to this load: lower-case letters, digits and dashes (e.g. "rush-2-"). */
  emailPrefix: string;
};

const IMPLIED_STATUS: Record<string, string> = { open: "CONFIRMED", waitlist: "WAITLISTED", review: "PENDING" };

export type SignupResponse = {
  person: number;
  email: string;
  slug: string;
  /** HTTP status, or 0 when there was no answer (network error, deadline). */
  httpStatus: number;
  /**
   * The registration status a 202 answer implies for these new addresses (its `intake`: open → CONFIRMED,
   * waitlist → WAITLISTED, review → PENDING). The answer itself carries no status or position: it is the same
   * whether the address was new, known or registered; the position is in the mail (checked from the outbox).
   */
  status: string | null;
  latencyMs: number;
};

export type SignupLoadResult = {
  /** Requests sent (people reached before the deadline). */
  sent: number;
  /** 202 `received` answers. */
  ok: number;
  /** Everything else: other statuses, network errors, requests abandoned at the deadline. */
  err: number;
  /** Count per HTTP status ("202", "409" …), "network" and "timeout". */
  statuses: Record<string, number>;
  /** The first few error answers, for the log. */
  errorSamples: string[];
  /** Per-request latency of every answered request, ms (open loop: from the scheduled arrival). */
  latency: Timings;
  elapsedMs: number;
  /** `ok` per second over the whole load (first request sent to last answer). */
  throughput: number;
  confirmed: number;
  waitlisted: number;
  /** One per person sent, in person order. */
  responses: SignupResponse[];
  deadlineHit: boolean;
};

const PERSON_EMAIL_DOMAIN = "example.com";

/** What a person types into the form, as the JSON API takes it (lib/registrations/schema.ts). */
function signupBody(person: number, email: string): string {
  return JSON.stringify({
    name: `参加者 ${person}`,
    furigana: "さんかしゃ",
    email,
    prefectureCode: "21",
    relationships: ["VISITED"],
    interests: ["tourism"],
    consents: { CITY_PROVISION: true, WDL_NEWS: false, CITY_NEWS: false, SURVEY: true },
    locale: "ja",
  });
}

/**
 * Signs `people` distinct people up through the JSON API, closed or open loop, bounded by `deadlineMs`.
 * Each person comes from an address of their own (X-Forwarded-For, as behind the load balancer): in a real rush
 * people do, and one shared address would add a per-address rate-limit row that every request updates.
 */
export async function runSignupLoad(ctx: BenchContext, options: SignupLoadOptions): Promise<SignupLoadResult> {
  const { events, people, concurrency, ratePerSecond, deadlineMs, emailPrefix } = options;
  if (events.length === 0 || people < 1 || concurrency < 1) throw new Error("runSignupLoad: needs events, people ≥ 1 and concurrency ≥ 1");
  if (!/^[a-z0-9-]*$/.test(emailPrefix)) throw new Error(`runSignupLoad: emailPrefix ${JSON.stringify(emailPrefix)} must be lower-case letters, digits and dashes`);
  const base = new URL(ctx.baseUrl);
  if (base.hostname !== "127.0.0.1") throw new Error(`runSignupLoad: load goes to 127.0.0.1 only, not ${base.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  // Bodies are built before the clock starts: the load generator shares the CPU with the app.
  const requests = Array.from({ length: people }, (_, index) => {
    const person = index + 1;
    const email = `${emailPrefix}${person}@${PERSON_EMAIL_DOMAIN}`;
    const slug = events[index % events.length]!;
    return { person, email, slug, body: Buffer.from(signupBody(person, email)), ip: `10.${(person >> 16) & 255}.${(person >> 8) & 255}.${person & 255}` };
  });

  const responses: SignupResponse[] = [];
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  const open = new Set<http.ClientRequest>();
  const started = performance.now();
  const deadline = started + deadlineMs;
  let lastAnswer = started;
  let deadlineHit = false;

  const send = (request: (typeof requests)[number], from: number) =>
    new Promise<void>((resolve) => {
      let settled = false;
      const settle = (httpStatus: number, text: string, label: string) => {
        if (settled) return;
        settled = true;
        open.delete(req);
        const now = performance.now();
        let status: string | null = null;
        if (httpStatus === 202) {
          try {
            const json = JSON.parse(text) as { outcome?: string; intake?: string };
            status = json.outcome === "received" ? (IMPLIED_STATUS[json.intake ?? ""] ?? null) : null;
            if (status === null) label = "bad-json";
          } catch {
            label = "bad-json";
          }
        }
        statuses[label] = (statuses[label] ?? 0) + 1;
        if (label !== "202" && errorSamples.length < 5) errorSamples.push(`${request.email} → ${label} ${text.slice(0, 200)}`);
        if (httpStatus !== 0) lastAnswer = now;
        responses.push({ person: request.person, email: request.email, slug: request.slug, httpStatus, status, latencyMs: now - from });
        resolve();
      };
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          method: "POST",
          path: `/api/events/${encodeURIComponent(request.slug)}/registrations`,
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": request.body.length,
            "x-forwarded-for": request.ip,
            "accept-language": "ja",
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => settle(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"), String(res.statusCode)));
          res.on("error", (error) => settle(0, error.message, "network"));
        },
      );
      open.add(req);
      req.on("error", (error) => settle(0, error.message, deadlineHit ? "timeout" : "network"));
      req.end(request.body);
    });

  // At the deadline, whatever is still open is abandoned.
  const timer = setTimeout(() => {
    deadlineHit = true;
    for (const req of open) req.destroy(new Error("deadline"));
  }, deadlineMs);

  const inFlight = new Set<Promise<void>>();
  try {
    for (let index = 0; index < requests.length; index++) {
      const arrival = ratePerSecond ? started + (index * 1000) / ratePerSecond : performance.now();
      if (ratePerSecond) {
        const wait = arrival - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, deadline - performance.now()))));
      }
      while (inFlight.size >= concurrency && !deadlineHit) await Promise.race(inFlight);
      if (deadlineHit || performance.now() >= deadline) {
        deadlineHit = true;
        break;
      }
      const promise: Promise<void> = send(requests[index]!, arrival).then(() => {
        inFlight.delete(promise);
      });
      inFlight.add(promise);
    }
    await Promise.all(inFlight);
  } finally {
    clearTimeout(timer);
    agent.destroy();
  }

  responses.sort((a, b) => a.person - b.person);
  const answered = responses.filter((r) => r.httpStatus !== 0);
  const ok = responses.filter((r) => r.httpStatus === 202).length;
  const elapsedMs = lastAnswer - started;
  return {
    sent: responses.length,
    ok,
    err: responses.length - ok,
    statuses,
    errorSamples,
    latency: summarise(answered.map((r) => r.latencyMs)),
    elapsedMs,
    throughput: elapsedMs > 0 ? (ok * 1000) / elapsedMs : 0,
    confirmed: responses.filter((r) => r.httpStatus === 202 && r.status === "CONFIRMED").length,
    waitlisted: responses.filter((r) => r.httpStatus === 202 && r.status === "WAITLISTED").length,
    responses,
    deadlineHit,
  };
}

// ───────────────────────────── Events, checks, mail ─────────────────────────────

/** Published events `${prefix}1` … `${prefix}${count}`, a month ahead, with a waitlist and the two organisers. */
export async function createSignupEvents(ctx: BenchContext, prefix: string, count: number, capacity: number): Promise<{ id: string; slug: string }[]> {
  const { rows } = await ctx.client.query<{ id: string; slug: string }>(
    `INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "descriptionJa", "startsAt", "endsAt", "venueName",
                          capacity, "waitlistEnabled", "reminderHoursBefore", "surveyEnabled", "updatedAt")
     SELECT gen_random_uuid(), $1 || i, 'PUBLISHED', $2::uuid, '大垣ベンチ 申込殺到 ' || i, '説明',
            date_trunc('hour', now()) + interval '30 days', date_trunc('hour', now()) + interval '30 days 2 hours', '大垣市情報工房',
            $3::int, true, '{}', false, now()
     FROM generate_series(1, $4::int) i
     RETURNING id, slug`,
    [prefix, ctx.organizations.wdlId, capacity, count],
  );
  await ctx.client.query(
    `INSERT INTO "EventOrganizer" ("eventId", "organizationId", role)
     SELECT e.id, o.id, CASE WHEN o.kind = 'WDL' THEN 'HOST' ELSE 'CO_HOST' END::"OrganizerRole"
     FROM "Event" e CROSS JOIN "Organization" o WHERE e.id = ANY($1::uuid[]) AND o.id IN ($2::uuid, $3::uuid)`,
    [rows.map((r) => r.id), ctx.organizations.wdlId, ctx.organizations.cityId],
  );
  const order = (slug: string) => Number(slug.slice(prefix.length));
  return rows.sort((a, b) => order(a.slug) - order(b.slug));
}

type SeatCheck = {
  confirmed: number;
  waitlisted: number;
  /** Events whose confirmed count is not min(capacity, people) or whose waitlist is not the rest. */
  eventsWrong: number;
  /**
   * Answers whose implied status differs from the rows, plus waitlisted rows whose mail tells another position
   * than their rank by (waitlistedAt, id).
   */
  answersMismatched: number;
  /** Each event's waitlist positions in the mails are exactly 1..n, once each. */
  positionsUnique: boolean;
  confirmedWithoutMail: number;
  waitlistedWithoutMail: number;
};

/** Checks the rows of `eventIds` against what the answers said and the seat rules. */
async function checkSeats(ctx: BenchContext, eventIds: string[], capacity: number, responses: SignupResponse[] | null): Promise<SeatCheck> {
  const { rows } = await ctx.client.query<{ slug: string; email: string; status: string; position: number | null; told: number | null; mail: boolean }>(
    `SELECT e.slug, r."emailNormalized" AS email, r.status::text AS status,
            CASE WHEN r.status = 'WAITLISTED'
                 THEN row_number() OVER (PARTITION BY r."eventId", r.status = 'WAITLISTED' ORDER BY r."waitlistedAt", r.id)::int END AS position,
            (SELECT (m.payload->>'waitlistPosition')::int FROM "OutboxMessage" m
             WHERE m."registrationId" = r.id AND m.template = 'registration-waitlisted' LIMIT 1) AS told,
            EXISTS (SELECT 1 FROM "OutboxMessage" m
                    WHERE m."registrationId" = r.id AND m.template = 'registration-' || lower(r.status::text)) AS mail
     FROM "Registration" r JOIN "Event" e ON e.id = r."eventId"
     WHERE r."eventId" = ANY($1::uuid[])`,
    [eventIds],
  );
  const perEvent = new Map<string, { confirmed: number; waitlisted: number; total: number }>();
  for (const row of rows) {
    const counts = perEvent.get(row.slug) ?? { confirmed: 0, waitlisted: 0, total: 0 };
    counts.total += 1;
    if (row.status === "CONFIRMED") counts.confirmed += 1;
    if (row.status === "WAITLISTED") counts.waitlisted += 1;
    perEvent.set(row.slug, counts);
  }
  let eventsWrong = eventIds.length - perEvent.size;
  for (const counts of perEvent.values()) {
    if (counts.confirmed !== Math.min(capacity, counts.total) || counts.waitlisted !== counts.total - counts.confirmed) eventsWrong += 1;
  }
  let answersMismatched = 0;
  let positionsUnique = true;
  if (responses) {
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    for (const answer of responses) {
      const row = byEmail.get(answer.email.toLowerCase());
      if (!row || row.status !== answer.status) answersMismatched += 1;
    }
    const seen = new Map<string, Set<number>>();
    for (const row of rows) {
      if (row.status !== "WAITLISTED") continue;
      if (row.told !== row.position) answersMismatched += 1;
      if (row.told === null) continue;
      const positions = seen.get(row.slug) ?? new Set<number>();
      if (positions.has(row.told)) positionsUnique = false;
      positions.add(row.told);
      seen.set(row.slug, positions);
    }
    for (const [slug, positions] of seen) {
      const waiting = perEvent.get(slug)?.waitlisted ?? 0;
      if (positions.size !== waiting || Math.min(...positions) !== 1 || Math.max(...positions) !== waiting) positionsUnique = false;
    }
  }
  return {
    confirmed: rows.filter((r) => r.status === "CONFIRMED").length,
    waitlisted: rows.filter((r) => r.status === "WAITLISTED").length,
    eventsWrong,
    answersMismatched,
    positionsUnique,
    confirmedWithoutMail: rows.filter((r) => r.status === "CONFIRMED" && !r.mail).length,
    waitlistedWithoutMail: rows.filter((r) => r.status === "WAITLISTED" && !r.mail).length,
  };
}

/** Waits (bounded) until the app's worker has sent the mails of these events, so the next run starts quiet. */
async function waitForMail(ctx: BenchContext, eventIds: string[], maxMs: number): Promise<{ ms: number; left: number }> {
  const started = performance.now();
  for (;;) {
    const { rows } = await ctx.client.query<{ left: number }>(
      `SELECT count(*)::int AS left FROM "OutboxMessage" WHERE "eventId" = ANY($1::uuid[]) AND status IN ('PENDING', 'SENDING')`,
      [eventIds],
    );
    const left = rows[0]!.left;
    const ms = performance.now() - started;
    if (left === 0 || ms > maxMs) return { ms, left };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ───────────────────────────── CPU readings (/proc) ─────────────────────────────

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime, stime, cutime, cstime of a process in seconds (cutime/cstime: its reaped children). */
function processTimes(pid: number | null): { own: number; children: number } {
  if (pid === null) return { own: 0, children: 0 };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { own: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS, children: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS };
  } catch {
    return { own: 0, children: 0 };
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

type CpuSnapshot = {
  at: number;
  machine: { busy: number; total: number };
  server: number;
  worker: number;
  postgres: number;
  /** CPU seconds per backend pid, for the backends whose client is the app's server or its mail worker. */
  backends: { server: Map<number, number>; worker: Map<number, number> };
  self: number;
  selfChildren: number;
};

/** The PostgreSQL postmaster serving the bench database (the parent of our own backend). */
async function postmasterPid(ctx: BenchContext): Promise<number | null> {
  const { rows } = await ctx.client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  try {
    const stat = readFileSync(`/proc/${rows[0]!.pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** Local TCP ports of a process's sockets: its ends of its database connections. */
function tcpPortsOf(pid: number | null): Set<number> {
  const ports = new Set<number>();
  if (pid === null) return ports;
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return ports;
  }
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (fields.length > 9 && inodes.has(fields[9]!)) ports.add(parseInt(fields[1]!.split(":")[1]!, 16));
    }
  }
  return ports;
}

/**
 * CPU seconds of the PostgreSQL backends serving the app's server and those serving its mail worker, told apart
 * by the client port each backend reports (pg_stat_activity) and the ports each process's sockets have.
 */
async function backendTimes(ctx: BenchContext, server: number | null, worker: number | null): Promise<CpuSnapshot["backends"]> {
  const { rows } = await ctx.client.query<{ pid: number; port: number }>(
    `SELECT pid, client_port AS port FROM pg_stat_activity WHERE datname = current_database() AND client_port IS NOT NULL`,
  );
  const serverPorts = tcpPortsOf(server);
  const workerPorts = tcpPortsOf(worker);
  const backends = { server: new Map<number, number>(), worker: new Map<number, number>() };
  for (const row of rows) {
    if (serverPorts.has(row.port)) backends.server.set(row.pid, processTimes(row.pid).own);
    else if (workerPorts.has(row.port)) backends.worker.set(row.pid, processTimes(row.pid).own);
  }
  return backends;
}

async function cpuSnapshot(ctx: BenchContext, postmaster: number | null): Promise<CpuSnapshot> {
  const { server, worker } = ctx.processes();
  const backends = await backendTimes(ctx, server, worker);
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  // Every backend that exited was reaped by the postmaster, so its time is in the postmaster's children total.
  const pm = processTimes(postmaster);
  const postgres = postmaster === null ? 0 : pm.own + pm.children + childPids(postmaster).reduce((sum, pid) => sum + processTimes(pid).own, 0);
  const self = processTimes(process.pid);
  return {
    at: performance.now(),
    machine: { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS },
    server: processTimes(server).own,
    worker: processTimes(worker).own,
    postgres,
    backends,
    self: self.own,
    selfChildren: self.children,
  };
}

/** CPU a group of backends used between two snapshots (a backend that closed meanwhile is left out). */
function backendsBetween(a: Map<number, number>, b: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, later] of b) seconds += later - (a.get(pid) ?? 0);
  return seconds;
}

/** Percent of one core each process used between two snapshots (the machine: percent of all its cores). */
function cpuBetween(a: CpuSnapshot, b: CpuSnapshot) {
  const seconds = (b.at - a.at) / 1000;
  const pct = (x: number) => Math.round((x / seconds) * 100);
  return {
    machineBusyPct: Math.round(((b.machine.busy - a.machine.busy) / Math.max(1e-9, b.machine.total - a.machine.total)) * 100),
    serverPct: pct(b.server - a.server),
    workerPct: pct(b.worker - a.worker),
    postgresPct: pct(b.postgres - a.postgres),
    /** Part of postgresPct: the backends serving the app's server (its requests) and its mail worker. */
    postgresForServerPct: pct(backendsBetween(a.backends.server, b.backends.server)),
    postgresForWorkerPct: pct(backendsBetween(a.backends.worker, b.backends.worker)),
    loadGeneratorPct: pct(b.self - a.self),
    pgbenchPct: pct(b.selfChildren - a.selfChildren),
  };
}

// ───────────────────────────── pgbench: the same transaction, without the app ─────────────────────────────

const PGBENCH = "/usr/bin/pgbench";

/**
 * Round trips of registerForEvent's transaction (BEGIN, the lock, the state read, the one write, COMMIT), counted
 * from Prisma's query log; all but BEGIN hold the event lock. Kept in step with the script below.
 */
export const SEAT_TRANSACTION_ROUND_TRIPS = { total: 5, holdingTheLock: 4 } as const;

/**
 * A pgbench script that runs a sign-up's SQL as the app sends it for a new person: the event read before the
 * transaction (lib/registrations/data.ts getSignupTarget), then registerForEvent's transaction statement for
 * statement (lib/registrations/mutations.ts: lock the event row, read the seats and any registration of the
 * address, write everything in one statement, commit). Only the values differ: what the app computes in
 * JavaScript (ids, the token hash, the mail payload) is computed in SQL here. Person n (unique per client and
 * transaction) signs up for event ((n − 1) mod events) + 1 of `slug_prefix`. Outbox rows are written as the app
 * writes them but due in a century, so the app's worker never sends them. The rate-limit counters the app
 * updates before the transaction are left out: the peer is the sign-up's own work.
 */
function pgbenchScript(): string {
  const email = `concat(CAST(:email_prefix AS text), CAST(:n AS text), '@example.com')`;
  const write = (status: "CONFIRMED" | "WAITLISTED") => `WITH person AS (
  INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, affiliation, "prefectureCode",
    municipality, relationships, interests, skills, locale, "policyVersion", "policyAcceptedAt", "lastActiveAt",
    "createdAt", "updatedAt")
  VALUES (gen_random_uuid(), ${email}, ${email}, concat('参加者 ', CAST(:n AS text)), 'さんかしゃ',
    NULL, '21', NULL,
    '{VISITED}'::text[]::"Relationship"[], '{tourism}'::text[], '{}', 'ja',
    '2026-10', CAST(:locked_at AS timestamptz), CAST(:locked_at AS timestamptz), CAST(:locked_at AS timestamptz), CAST(:locked_at AS timestamptz))
  ON CONFLICT ("emailNormalized") DO UPDATE SET "emailNormalized" = "Participant"."emailNormalized"
  RETURNING id, name, email, (xmax = 0) AS created
), registration AS (
  INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, locale, "relationshipsAtSignup",
    "howHeard", "howHeardOther", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", ref, "policyVersion",
    "manageTokenHash", "checkinCode", "waitlistedAt", "confirmedAt", "createdAt", "updatedAt")
  SELECT gen_random_uuid(), CAST(:event_id AS uuid), person.id, ${email}, '${status}'::"RegistrationStatus", 'ja',
    '{VISITED}'::text[]::"Relationship"[], NULL::"HowHeard", NULL,
    NULL, NULL, NULL, NULL,
    NULL, NULL, '2026-10',
    encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'), concat(CAST(:email_prefix AS text), CAST(:n AS text)),
    ${status === "WAITLISTED" ? "CAST(:locked_at AS timestamptz)" : "NULL::timestamptz"}, ${status === "CONFIRMED" ? "CAST(:locked_at AS timestamptz)" : "NULL::timestamptz"}, CAST(:locked_at AS timestamptz), CAST(:locked_at AS timestamptz)
  FROM person
  RETURNING id, "participantId"
), answers AS (
  INSERT INTO "Answer" (id, "registrationId", "questionId", text, choices, "createdAt", "updatedAt")
  SELECT gen_random_uuid(), registration.id, a."questionId", a.text, a.choices, CAST(:locked_at AS timestamptz), CAST(:locked_at AS timestamptz)
  FROM registration, jsonb_to_recordset('[]'::jsonb) AS a("questionId" uuid, text text, choices text[])
), consents AS (
  INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt", "registrationId")
  SELECT gen_random_uuid(), registration."participantId", g::"ConsentPurpose", '2026-10', CAST(:locked_at AS timestamptz), registration.id
  FROM registration, person, unnest('{CITY_PROVISION,SURVEY}'::text[]) AS g
  WHERE person.created
  ON CONFLICT ("participantId", purpose) WHERE "withdrawnAt" IS NULL DO NOTHING
), pending AS (
  INSERT INTO "PendingSignupChange" (id, "registrationId", "participantId", "tokenHash", profile, consents,
    "policyVersion", "expiresAt", "createdAt")
  SELECT gen_random_uuid(), registration.id, person.id, encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'),
    '{}'::jsonb, '{CITY_PROVISION,SURVEY}'::text[]::"ConsentPurpose"[], '2026-10',
    CAST(:locked_at AS timestamptz) + interval '7 days', CAST(:locked_at AS timestamptz)
  FROM registration, person
  WHERE NOT person.created
  RETURNING id
), history AS (
  INSERT INTO "RegistrationTransition" ("registrationId", "fromStatus", "toStatus", "actorType", "actorUserId", reason, "createdAt")
  SELECT registration.id, NULL, '${status}'::"RegistrationStatus", 'PARTICIPANT', NULL, NULL, CAST(:locked_at AS timestamptz) FROM registration
), outbox AS (
  INSERT INTO "OutboxMessage" (id, "dedupeKey", template, category, payload, locale, "toEmail", "toName",
    "participantId", "registrationId", "eventId", "nextAttemptAt", "createdAt", "updatedAt")
  SELECT gen_random_uuid(), concat('registration-${status.toLowerCase()}', ':', registration.id::text, ':', 'signup'), 'registration-${status.toLowerCase()}', 'TRANSACTIONAL',
    jsonb_build_object('name', coalesce(person.name, concat('参加者 ', CAST(:n AS text))), 'pendingChangeId', pending.id) || jsonb_build_object('status', '${status}', 'event', jsonb_build_object('id', CAST(:event_id AS text), 'slug', CAST(:lk_slug AS text), 'titleJa', CAST(:lk_title AS text), 'titleEn', NULL, 'startsAt', CAST(:lk_starts AS text), 'endsAt', CAST(:lk_ends AS text), 'format', 'IN_PERSON', 'venueName', '大垣市情報工房', 'venueAddress', NULL, 'venueMapUrl', NULL, 'onlineUrl', NULL, 'feeJa', NULL, 'feeEn', NULL, 'organizersJa', CAST(:lk_orgs_ja AS text), 'organizersEn', CAST(:lk_orgs_en AS text), 'updatedAt', CAST(:lk_starts AS text)), 'waitlistPosition', ${status === "WAITLISTED" ? "CAST(:position AS int)" : "NULL"}, 'offerExpiresAt', NULL, 'reason', NULL),
    'ja', coalesce(person.email, ${email}), coalesce(person.name, concat('参加者 ', CAST(:n AS text))),
    registration."participantId", registration.id, CAST(:event_id AS uuid), CAST(:locked_at AS timestamptz) + interval '100 years', CAST(:locked_at AS timestamptz), CAST(:locked_at AS timestamptz)
  FROM registration CROSS JOIN person LEFT JOIN pending ON true
  ON CONFLICT ("dedupeKey") DO NOTHING
)
SELECT registration.id, person.created FROM registration, person;`;
  return `\\set i :i + 1
\\set n :client_id * :per_client + :i
\\set e ((:n - 1) % :events) + 1
SELECT e.id AS event_id,
       coalesce((SELECT json_agg(json_build_object('id', q.id, 'kind', q.kind, 'required', q.required, 'options', q.options) ORDER BY q.position)
                 FROM "EventQuestion" q WHERE q."eventId" = e.id AND q."archivedAt" IS NULL), '[]'::json) AS questions
FROM "Event" e
WHERE e.slug = concat(CAST(:slug_prefix AS text), CAST(:e AS text)) AND e.status IN ('PUBLISHED', 'CLOSED', 'CANCELLED') \\gset
BEGIN;
SELECT e.id, e.slug AS lk_slug, e.status::text AS status, e."titleJa" AS lk_title, e."titleEn", e."startsAt"::text AS lk_starts, e."endsAt"::text AS lk_ends,
       e.format::text AS format, e."venueName", e."venueAddress", e."venueMapUrl", e."onlineUrl",
       e."feeJa", e."feeEn", e.capacity AS lk_capacity, e."waitlistEnabled", e."approvalRequired",
       e."registrationOpensAt", e."registrationClosesAt", e."offerHoldHours", e."updatedAt",
       coalesce((SELECT string_agg(o."nameJa", ' × ' ORDER BY eo.role, o."nameJa")
                 FROM "EventOrganizer" eo JOIN "Organization" o ON o.id = eo."organizationId"
                 WHERE eo."eventId" = e.id), '') AS lk_orgs_ja,
       coalesce((SELECT string_agg(o."nameEn", ' × ' ORDER BY eo.role, o."nameJa")
                 FROM "EventOrganizer" eo JOIN "Organization" o ON o.id = eo."organizationId"
                 WHERE eo."eventId" = e.id), '') AS lk_orgs_en
FROM "Event" e
WHERE e.id = CAST(:event_id AS uuid)
   OR e.id = (SELECT "eventId" FROM "Registration" WHERE id = NULL::uuid)
FOR UPDATE OF e \\gset
SELECT c.seats, c.waiting, c.locked_at, x.id, x.status::text AS status, x."participantId", x.name, x.email,
       CASE WHEN x.status = 'WAITLISTED' THEN (
         SELECT count(*)::int FROM "Registration" w
         WHERE w."eventId" = CAST(:event_id AS uuid) AND w.status = 'WAITLISTED'
           AND (w."waitlistedAt", w.id) <= (x."waitlistedAt", x.id)) END AS position
FROM (SELECT count(*) FILTER (WHERE status IN ('CONFIRMED', 'OFFERED', 'ATTENDED'))::int AS seats,
             count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting,
             clock_timestamp() AS locked_at
      FROM "Registration" WHERE "eventId" = CAST(:event_id AS uuid)) c
LEFT JOIN LATERAL (
  SELECT r.id, r.status, r."participantId", r."waitlistedAt", p.name, p.email
  FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
  WHERE r."eventId" = CAST(:event_id AS uuid) AND r."emailNormalized" = ${email}
    AND r.status NOT IN ('CANCELLED', 'DECLINED')
  LIMIT 1
) x ON true \\gset
\\set position :waiting + 1
\\if :seats < :lk_capacity
${write("CONFIRMED")}
\\else
${write("WAITLISTED")}
\\endif
COMMIT;
`;
}

type PgbenchRun = { tps: number; transactions: number; latency: Timings; failed: boolean; message: string | null };
type PeerRun = PgbenchRun & { check: SeatCheck; cpu: ReturnType<typeof cpuBetween> };

function pgbenchAvailable(): boolean {
  if (!existsSync(PGBENCH)) return false;
  try {
    execFileSync(PGBENCH, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * pgbench, `clients` connections over 2 threads, each running `perClient` sign-ups: clients × perClient people,
 * the same number the app got, so the events end as full as the app's (with -T the events would grow as far as
 * pgbench's speed takes them, and the count under the lock with them: different work). Bounded in time by `maxMs`,
 * after which it is stopped.
 */
async function runPgbench(
  ctx: BenchContext,
  options: { slugPrefix: string; events: number; clients: number; perClient: number; emailPrefix: string; maxMs: number; protocol: "prepared" | "extended" },
): Promise<PgbenchRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-pgbench-"));
  try {
    const script = path.join(dir, "signup.sql");
    writeFileSync(script, pgbenchScript());
    const args = [
      "-n", // no pgbench tables to vacuum
      "-M", options.protocol,
      "-c", String(options.clients),
      "-j", "2",
      "-t", String(options.perClient),
      "-f", script,
      "-D", "i=0",
      "-D", `per_client=${options.perClient}`,
      "-D", `events=${options.events}`,
      "-D", `slug_prefix=${options.slugPrefix}`,
      "-D", `email_prefix=${options.emailPrefix}`,
      "-l", "--log-prefix", path.join(dir, "tx"),
      ctx.databaseUrl,
    ];
    // The same session settings as the app's connections (lib/db/client.ts).
    const env = { ...process.env, PGOPTIONS: "-c lock_timeout=5s -c TimeZone=UTC -c jit=off" };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(PGBENCH, args, { env, timeout: options.maxMs, killSignal: "SIGINT", maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: String(out), stderr: String(err) });
      });
      child.stdin?.end();
    });
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1] ?? 0);
    const latencies: number[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith("tx."))) {
      for (const line of readFileSync(path.join(dir, file), "utf8").split("\n")) {
        const fields = line.split(" ");
        // client transaction latency(µs) script epoch µs
        if (fields.length >= 6) latencies.push(Number(fields[2]) / 1000);
      }
    }
    const failed = code !== 0 || !Number.isFinite(tps);
    const message = failed ? `pgbench exited ${code}: ${(stderr || stdout).trim().split("\n").slice(-3).join(" / ")}` : null;
    return { tps, transactions, latency: summarise(latencies), failed, message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ───────────────────────────── The two benchmarks ─────────────────────────────

type Spec = {
  id: "signup-rush" | "signup-spread";
  workload: string;
  events: number;
  capacity: number;
  people: number;
  concurrency: number;
  warmup: { events: number; capacity: number; people: number };
  runs: number;
  runDeadlineMs: number;
};

const TARGET_RATIO = 0.2;
const TARGET_P95_MS = 250;
const AIM_PER_SECOND = 100;

async function signupBench(ctx: BenchContext, spec: Spec): Promise<BenchResult> {
  const tag = spec.id === "signup-rush" ? "rush" : "spread";
  const hasPgbench = pgbenchAvailable();
  if (!hasPgbench) ctx.log(`${spec.id}: ${PGBENCH} not found (install the PostgreSQL client: apt-get install postgresql-client); the peer is unavailable`);
  const postmaster = await postmasterPid(ctx);
  const perClient = Math.ceil(spec.people / spec.concurrency);

  // Warm-up: the same path on other events (pools connected, code paths compiled, caches filled).
  const warmEvents = await createSignupEvents(ctx, `${tag}-warm-`, spec.warmup.events, spec.warmup.capacity);
  const warm = await runSignupLoad(ctx, {
    events: warmEvents.map((e) => e.slug),
    people: spec.warmup.people,
    concurrency: spec.concurrency,
    deadlineMs: spec.runDeadlineMs,
    emailPrefix: `${tag}-warm-`,
  });
  ctx.log(`${spec.id} warm-up: ${warm.ok}/${warm.sent} in ${(warm.elapsedMs / 1000).toFixed(1)} s`);
  await waitForMail(ctx, warmEvents.map((e) => e.id), 120_000);
  if (hasPgbench) {
    await createSignupEvents(ctx, `pgb-${tag}-warm-`, spec.warmup.events, spec.warmup.capacity);
    await runPgbench(ctx, {
      slugPrefix: `pgb-${tag}-warm-`,
      events: spec.warmup.events,
      clients: spec.concurrency,
      perClient: Math.ceil(spec.warmup.people / spec.concurrency),
      emailPrefix: `pgb-${tag}-warm-`,
      maxMs: spec.runDeadlineMs,
      protocol: "prepared",
    });
  }

  const runs: {
    app: Omit<SignupLoadResult, "responses">;
    check: SeatCheck;
    cpu: ReturnType<typeof cpuBetween>;
    mailDrainMs: number;
    mailLeft: number;
    pgbench: PeerRun | null;
    pgbenchAppProtocol: PeerRun | null;
  }[] = [];
  for (let run = 1; run <= spec.runs; run++) {
    const events = await createSignupEvents(ctx, `${tag}-${run}-`, spec.events, spec.capacity);
    const ids = events.map((e) => e.id);
    const before = await cpuSnapshot(ctx, postmaster);
    const load = await runSignupLoad(ctx, {
      events: events.map((e) => e.slug),
      people: spec.people,
      concurrency: spec.concurrency,
      deadlineMs: spec.runDeadlineMs,
      emailPrefix: `${tag}-${run}-`,
    });
    const cpu = cpuBetween(before, await cpuSnapshot(ctx, postmaster));
    const check = await checkSeats(ctx, ids, spec.capacity, load.responses);
    const mail = await waitForMail(ctx, ids, 180_000);
    ctx.log(
      `${spec.id} run ${run}: ${load.throughput.toFixed(1)} sign-ups/s, p95 ${load.latency.p95.toFixed(0)} ms, ${load.err} errors; ` +
        `CPU server ${cpu.serverPct}% worker ${cpu.workerPct}% postgres ${cpu.postgresPct}% (for server ${cpu.postgresForServerPct}%, for worker ${cpu.postgresForWorkerPct}%) ` +
        `load ${cpu.loadGeneratorPct}% (machine ${cpu.machineBusyPct}%); ` +
        `mail out in ${(mail.ms / 1000).toFixed(0)} s`,
    );
    if (load.errorSamples.length > 0) ctx.log(`${spec.id} run ${run} errors: ${load.errorSamples.join(" | ")}`);
    const { responses: _responses, ...app } = load;

    // The peer with prepared statements (planned once per connection: the database's limit), and once more with
    // the protocol the app's driver uses (a fresh plan for every statement), which tells how much of the gap is
    // planning rather than the app.
    const peer = async (protocol: "prepared" | "extended") => {
      const prefix = `pgb-${protocol === "prepared" ? "" : "x-"}${tag}-${run}-`;
      const pgEvents = await createSignupEvents(ctx, prefix, spec.events, spec.capacity);
      const pgBefore = await cpuSnapshot(ctx, postmaster);
      const result = await runPgbench(ctx, {
        slugPrefix: prefix,
        events: spec.events,
        clients: spec.concurrency,
        perClient,
        emailPrefix: prefix,
        maxMs: spec.runDeadlineMs,
        protocol,
      });
      const pgCpu = cpuBetween(pgBefore, await cpuSnapshot(ctx, postmaster));
      const pgIds = pgEvents.map((e) => e.id);
      // Parked outbox rows of the peer are settled, so no later benchmark's worker ever picks them up.
      await ctx.client.query(`UPDATE "OutboxMessage" SET status = 'CANCELLED' WHERE "eventId" = ANY($1::uuid[]) AND status = 'PENDING'`, [pgIds]);
      const pgCheck = await checkSeats(ctx, pgIds, spec.capacity, null);
      ctx.log(
        `${spec.id} run ${run} pgbench -M ${protocol}: ${result.tps.toFixed(1)} tps, p95 ${result.latency.p95.toFixed(0)} ms; ` +
          `CPU postgres ${pgCpu.postgresPct}% pgbench ${pgCpu.pgbenchPct}% (machine ${pgCpu.machineBusyPct}%)${result.message ? `; ${result.message}` : ""}`,
      );
      return { ...result, check: pgCheck, cpu: pgCpu };
    };
    const pgbench = hasPgbench ? await peer("prepared") : null;
    const pgbenchAppProtocol = hasPgbench ? await peer("extended") : null;
    runs.push({ app, check, cpu, mailDrainMs: mail.ms, mailLeft: mail.left, pgbench, pgbenchAppProtocol });
  }

  const throughput = median(runs.map((r) => r.app.throughput));
  const p50 = median(runs.map((r) => r.app.latency.p50));
  const p95 = median(runs.map((r) => r.app.latency.p95));
  const p99 = median(runs.map((r) => r.app.latency.p99));
  const pgRuns = runs.map((r) => r.pgbench).filter((p): p is NonNullable<typeof p> => p !== null && !p.failed);
  const peerTps = pgRuns.length === runs.length ? median(pgRuns.map((p) => p.tps)) : Number.NaN;
  const ratio = Number.isFinite(peerTps) ? throughput / peerTps : null;

  const expectConfirmed = spec.events * Math.min(spec.capacity, Math.ceil(spec.people / spec.events));
  const expectWaitlisted = spec.people - expectConfirmed;
  const each = (values: (number | boolean)[]) => (values.every((v) => v === values[0]) ? values[0]! : values.join(" / "));
  const appCorrect = runs.every(
    (r) =>
      r.app.ok === spec.people &&
      r.app.err === 0 &&
      r.check.confirmed === expectConfirmed &&
      r.check.waitlisted === expectWaitlisted &&
      r.check.eventsWrong === 0 &&
      r.check.answersMismatched === 0 &&
      r.check.positionsUnique &&
      r.check.confirmedWithoutMail === 0 &&
      r.check.waitlistedWithoutMail === 0,
  );
  const peerRight = (p: PeerRun | null) => p !== null && !p.failed && p.check.eventsWrong === 0 && p.check.confirmed === expectConfirmed;
  const peerCorrect = !hasPgbench || runs.every((r) => peerRight(r.pgbench) && peerRight(r.pgbenchAppProtocol));
  const appProtocolRuns = runs.map((r) => r.pgbenchAppProtocol).filter((p): p is PeerRun => p !== null && !p.failed);
  const appProtocolTps = appProtocolRuns.length === runs.length ? median(appProtocolRuns.map((p) => p.tps)) : Number.NaN;

  const met = ratio !== null && ratio >= TARGET_RATIO && p95 <= TARGET_P95_MS;
  const target = {
    text: `≥ ${TARGET_RATIO} × pgbench with p95 ≤ ${TARGET_P95_MS} ms (aim ≥ ${AIM_PER_SECOND} sign-ups/s)`,
    met,
  };
  let limit: string | undefined;
  if (!met) {
    const parts: string[] = [];
    if (ratio === null) parts.push(hasPgbench ? "pgbench failed, so the ratio is unknown" : "pgbench unavailable (install postgresql-client), so the ratio is unknown");
    else if (ratio < TARGET_RATIO) parts.push(`ratio ${ratio.toFixed(2)} < ${TARGET_RATIO} (${((TARGET_RATIO / ratio - 1) * 100).toFixed(0)}% short)`);
    if (p95 > TARGET_P95_MS) parts.push(`p95 ${p95.toFixed(0)} ms > ${TARGET_P95_MS} ms (${(p95 / TARGET_P95_MS).toFixed(1)}×)`);
    const cpu = runs.map((r) => r.cpu);
    const pct = (key: keyof (typeof cpu)[number]) => median(cpu.map((c) => c[key]));
    // CPU time per sign-up: percent of a core ÷ sign-ups per second.
    const perSignup = (percent: number, rate: number) => ((percent / 100 / rate) * 1000).toFixed(1);
    const peerPostgres = pgRuns.length > 0 ? median(pgRuns.map((p) => p.cpu.postgresPct)) : Number.NaN;
    parts.push(
      `machine ${pct("machineBusyPct")}% of ${os.cpus().length} cores busy; CPU ms per sign-up: server ${perSignup(pct("serverPct"), throughput)}, ` +
        `mail worker ${perSignup(pct("workerPct"), throughput)} (it sends the confirmations meanwhile), postgres ${perSignup(pct("postgresPct"), throughput)} ` +
        `(of which serving the server's requests ${perSignup(pct("postgresForServerPct"), throughput)}, serving the mail worker ${perSignup(pct("postgresForWorkerPct"), throughput)})` +
        (Number.isFinite(peerTps) ? ` vs pgbench's postgres ${perSignup(peerPostgres, peerTps)}` : "") +
        `, load generator ${perSignup(pct("loadGeneratorPct"), throughput)}`,
    );
    if (Number.isFinite(appProtocolTps)) {
      parts.push(
        `PostgreSQL alone with the app's protocol (a fresh plan for every statement, pgbench -M extended) does ${appProtocolTps.toFixed(0)}/s, ` +
          `so planning costs ${((1 - appProtocolTps / peerTps) * 100).toFixed(0)}% of the peer's rate and the app reaches ${(throughput / appProtocolTps).toFixed(2)} of that`,
      );
    }
    if (spec.id === "signup-rush") {
      // On one hot event every sign-up waits for the lock: the run time per sign-up is the time the lock is held.
      const holdApp = 1000 / throughput;
      const holdPeer = Number.isFinite(peerTps) ? 1000 / peerTps : Number.NaN;
      parts.push(
        `the event lock is held ${holdApp.toFixed(2)} ms per sign-up in the app vs ${holdPeer.toFixed(2)} ms in pgbench for the same ` +
          `${SEAT_TRANSACTION_ROUND_TRIPS.holdingTheLock} round trips (${(holdApp / SEAT_TRANSACTION_ROUND_TRIPS.holdingTheLock).toFixed(2)} vs ` +
          `${(holdPeer / SEAT_TRANSACTION_ROUND_TRIPS.holdingTheLock).toFixed(2)} ms each; the difference is spent outside PostgreSQL's work: waiting for the app's event loop and a free core, which 100 requests in flight and the mail worker share)`,
      );
    }
    // Little's law: with N clients in a closed loop the mean latency is N ÷ throughput, so the p95 target needs a rate.
    const needed = spec.concurrency / (TARGET_P95_MS / 1000);
    parts.push(
      `p95 ≤ ${TARGET_P95_MS} ms with ${spec.concurrency} clients needs more than ${needed.toFixed(0)} sign-ups/s (Little's law)` +
        (pgRuns.length > 0 ? `; pgbench itself, at ${peerTps.toFixed(0)}/s, has p95 ${median(pgRuns.map((p) => p.latency.p95)).toFixed(0)} ms` : ""),
    );
    limit = parts.join("; ");
  }

  return {
    id: spec.id,
    workload: spec.workload,
    figure: { name: "sign-ups/s", value: throughput, unit: "/s" },
    peer: Number.isFinite(peerTps) ? { name: "pgbench -M prepared, same SQL (tps)", value: peerTps, unit: "/s" } : null,
    ratio,
    target,
    ...(limit ? { limit } : {}),
    correctness: {
      "p50 / p95 / p99 ms": `${p50.toFixed(0)} / ${p95.toFixed(0)} / ${p99.toFixed(0)}`,
      answered: each(runs.map((r) => r.app.ok)),
      errors: each(runs.map((r) => r.app.err)),
      confirmed: each(runs.map((r) => r.check.confirmed)),
      waitlisted: each(runs.map((r) => r.check.waitlisted)),
      "waitlist positions unique and in (waitlistedAt, id) order": runs.every((r) => r.check.positionsUnique && r.check.answersMismatched === 0),
      "confirmed without their mail": each(runs.map((r) => r.check.confirmedWithoutMail)),
      ...(hasPgbench
        ? { "pgbench confirmed (both protocols)": each(runs.flatMap((r) => [r.pgbench?.check.confirmed ?? 0, r.pgbenchAppProtocol?.check.confirmed ?? 0])) }
        : { pgbench: "unavailable" }),
    },
    ok: appCorrect && peerCorrect,
    detail: {
      people: spec.people,
      events: spec.events,
      capacity: spec.capacity,
      concurrency: spec.concurrency,
      latency: { p50, p95, p99 },
      peerAppProtocol: Number.isFinite(appProtocolTps)
        ? { protocol: "pgbench -M extended", tps: appProtocolTps, p95: median(appProtocolRuns.map((p) => p.latency.p95)), ratio: throughput / appProtocolTps }
        : null,
      peerLatency: pgRuns.length > 0 ? { p50: median(pgRuns.map((p) => p.latency.p50)), p95: median(pgRuns.map((p) => p.latency.p95)), p99: median(pgRuns.map((p) => p.latency.p99)) } : null,
      seatTransactionRoundTrips: SEAT_TRANSACTION_ROUND_TRIPS,
      aimPerSecondMet: throughput >= AIM_PER_SECOND,
      warmup: { ok: warm.ok, sent: warm.sent, elapsedMs: warm.elapsedMs },
      runs,
    },
  };
}

export async function signupRushBench(ctx: BenchContext): Promise<BenchResult> {
  return signupBench(ctx, {
    id: "signup-rush",
    workload: "one event, 500 seats + waitlist, 5,000 distinct people, 100 concurrent clients, POST /api/events/[slug]/registrations",
    events: 1,
    capacity: 500,
    people: 5000,
    concurrency: 100,
    warmup: { events: 1, capacity: 50, people: 500 },
    runs: 3,
    runDeadlineMs: 240_000,
  });
}

export async function signupSpreadBench(ctx: BenchContext): Promise<BenchResult> {
  return signupBench(ctx, {
    id: "signup-spread",
    workload: "5,000 distinct people over 200 events (25 each, 20 seats + waitlist), 100 concurrent clients, POST /api/events/[slug]/registrations",
    events: 200,
    capacity: 20,
    people: 5000,
    concurrency: 100,
    warmup: { events: 20, capacity: 20, people: 500 },
    runs: 3,
    runDeadlineMs: 240_000,
  });
}
