import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { manageTokenFor } from "@/lib/registrations/mutations";
import { createFollowUpAudience, sendFollowUp, type CampaignRun } from "./follow-up";
import { summarise, type Timings } from "./measure";
import { fmt, writeSoakResults } from "./results";
import { startBenchEnvironment } from "./setup";
import type { BenchContext, BenchResult } from "./types";

// `npm run bench:soak`: the app under mixed traffic at a moderate steady rate for BENCH_SOAK_MINUTES (30 by
// default): the event list and event pages, sign-ups (each queues a confirmation for the mail worker),
// manage-link views, staff list pages, and a follow-up campaign every five minutes. Every 10 s it reads the
// resident memory of the `next start` server and of the mail worker from /proc (VmRSS, and RssAnon: the
// process's own heap-like memory, without mapped code). After a warm-up (the first 5 minutes; a third of the
// run when it is shorter), a least-squares line through each series gives its trend in MB/min; the target is
// no growth trend: ≤ 1 MB/min for both processes. Writes tests/bench/results/<date>-<commit>-soak.json and the
// Soak section of tests/bench/RESULTS.md.

const log = (message: string) => console.log(`[soak] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 10);
const WARMUP_MINUTES = Math.min(5, MINUTES / 3);
const SAMPLE_MS = 10_000;
const CAMPAIGN_EVERY_MS = 5 * 60_000;
const CAMPAIGN_RECIPIENTS = 1_000;
const MAX_IN_FLIGHT = 50;
const REQUEST_TIMEOUT_MS = 30_000;
const TARGET_MB_PER_MIN = 1;
const SOAK_EVENTS = 5;

if (!(MINUTES > 0) || !(RATE > 0)) {
  console.error("BENCH_SOAK_MINUTES and BENCH_SOAK_RATE must be positive numbers");
  process.exit(2);
}

type Kind = "event-list" | "event-page" | "signup" | "manage" | "staff-home" | "staff-registrations" | "staff-campaigns" | "staff-outbox";

// One cycle of the mix: 20 requests, what a day of an open event looks like in miniature (mostly reading).
const CYCLE: Kind[] = [
  "event-list", "event-page", "signup", "manage", "event-page", "staff-registrations", "event-list", "event-page", "signup", "manage",
  "event-page", "staff-home", "event-list", "event-page", "signup", "manage", "staff-campaigns", "event-list", "staff-registrations", "staff-outbox",
];

type Sample = { minute: number; server: ProcMemory | null; worker: ProcMemory | null };
type ProcMemory = { rssMb: number; anonMb: number; hwmMb: number };

function readMemory(pid: number | null): ProcMemory | null {
  if (pid === null) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb("VmRSS") / 1024, anonMb: kb("RssAnon") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** Least-squares slope (y per x); NaN with fewer than three points. */
function slope(points: [number, number][]): number {
  if (points.length < 3) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

async function createSoakEvents(ctx: BenchContext, tag: string): Promise<{ slugs: string[]; ids: string[] }> {
  const { rows } = await ctx.client.query<{ id: string; slug: string }>(
    `INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "titleEn", "descriptionJa", "startsAt", "endsAt", area, kind,
                          capacity, "reminderHoursBefore", "surveyEnabled", "publishedAt", "updatedAt")
     SELECT gen_random_uuid(), $1::text || '-' || i, 'PUBLISHED', $2, '大垣ソーク交流会 ' || i, 'Ogaki soak meetup ' || i, '水都大垣で語り合う夜。',
            now() + interval '30 days', now() + interval '30 days 2 hours', 'TOKYO_AREA', 'NETWORKING', NULL, '{}', false, now(), now()
     FROM generate_series(1, $3::int) i
     RETURNING id, slug`,
    [tag, ctx.organizations.wdlId, SOAK_EVENTS],
  );
  for (const row of rows) {
    await ctx.client.query(`INSERT INTO "EventOrganizer" ("eventId", "organizationId", role) VALUES ($1, $2, 'HOST'), ($1, $3, 'CO_HOST')`, [
      row.id,
      ctx.organizations.wdlId,
      ctx.organizations.cityId,
    ]);
  }
  return { slugs: rows.map((r) => r.slug), ids: rows.map((r) => r.id) };
}

async function soak(ctx: BenchContext): Promise<{ result: BenchResult; section: string[] }> {
  const tag = `soak-bench-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`;
  const events = await createSoakEvents(ctx, tag);
  const audience = await createFollowUpAudience(ctx, "soak-bench-mail", CAMPAIGN_RECIPIENTS);
  const pages = (
    await ctx.client.query<{ slug: string }>(`SELECT slug FROM "Event" WHERE slug LIKE 'bench-%' AND status = 'PUBLISHED' ORDER BY "startsAt" LIMIT 20`)
  ).rows.map((r) => r.slug);
  const staffEvents = (
    await ctx.client.query<{ id: string }>(`SELECT id FROM "Event" WHERE slug LIKE 'bench-%' AND "startsAt" < now() ORDER BY "startsAt" DESC LIMIT 10`)
  ).rows.map((r) => r.id);
  if (pages.length === 0 || staffEvents.length === 0) throw new Error("the ledger has no published or past bench events");

  let signups = 0;
  let manageTokens: string[] = [];
  const refreshManageTokens = async () => {
    const { rows } = await ctx.client.query<{ id: string }>(
      `SELECT id FROM "Registration" WHERE "eventId" = ANY($1::uuid[]) ORDER BY "createdAt" DESC LIMIT 500`,
      [events.ids],
    );
    manageTokens = rows.map((r) => manageTokenFor(r.id));
  };

  const latencies = new Map<Kind, number[]>();
  const statuses = new Map<string, number>();
  let errors = 0;
  let skipped = 0;
  let registered = 0;
  let inFlight = 0;
  const errorSamples: string[] = [];
  let sequence = 0;

  const request = async (kind: Kind) => {
    const n = sequence++;
    let url: string;
    let init: RequestInit = {};
    let expected = [200];
    switch (kind) {
      case "event-list":
        url = `${ctx.baseUrl}/events`;
        break;
      case "event-page":
        url = `${ctx.baseUrl}/events/${pages[n % pages.length]}`;
        break;
      case "signup": {
        const i = signups++;
        url = `${ctx.baseUrl}/api/events/${events.slugs[i % events.slugs.length]}/registrations`;
        init = {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            name: `ソーク 参加者${i}`,
            furigana: "そーく さんかしゃ",
            email: `${tag}-${i}@example.com`,
            prefectureCode: "13",
            relationships: ["VISITED"],
            interests: ["food"],
            consents: { SURVEY: i % 2 === 0, WDL_NEWS: i % 3 === 0 },
            locale: i % 5 === 0 ? "en" : "ja",
          }),
        };
        expected = [202];
        break;
      }
      case "manage":
        if (manageTokens.length === 0) {
          url = `${ctx.baseUrl}/events`;
          break;
        }
        url = `${ctx.baseUrl}/manage/${manageTokens[n % manageTokens.length]}`;
        break;
      case "staff-home":
        url = `${ctx.baseUrl}/admin`;
        init = { headers: { cookie: ctx.cookie("wdl") } };
        break;
      case "staff-registrations":
        url = `${ctx.baseUrl}/admin/events/${staffEvents[n % staffEvents.length]}/registrations${n % 2 ? "?page=2" : ""}`;
        init = { headers: { cookie: ctx.cookie(n % 3 === 0 ? "city" : "wdl") } };
        break;
      case "staff-campaigns":
        url = `${ctx.baseUrl}/admin/campaigns`;
        init = { headers: { cookie: ctx.cookie("wdl") } };
        break;
      case "staff-outbox":
        url = `${ctx.baseUrl}/admin/outbox`;
        init = { headers: { cookie: ctx.cookie("wdl") } };
        break;
    }
    const started = performance.now();
    try {
      const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.arrayBuffer();
      const key = `${kind} ${response.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (!expected.includes(response.status)) {
        errors++;
        if (errorSamples.length < 10) errorSamples.push(`${key} ${url.replace(ctx.baseUrl, "")}`);
      } else if (kind === "signup") {
        registered++;
      }
    } catch (error) {
      errors++;
      if (errorSamples.length < 10) errorSamples.push(`${kind} ${error instanceof Error ? error.message : String(error)}`);
    }
    const list = latencies.get(kind) ?? [];
    list.push(performance.now() - started);
    latencies.set(kind, list);
  };

  // A few sign-ups first, so manage links exist from the start.
  for (let i = 0; i < 10; i++) await request("signup");
  await refreshManageTokens();

  const start = performance.now();
  const end = start + MINUTES * 60_000;
  const minuteAt = (t: number) => (t - start) / 60_000;
  const samples: Sample[] = [];
  const sample = () => {
    const pids = ctx.processes();
    samples.push({ minute: minuteAt(performance.now()), server: readMemory(pids.server), worker: readMemory(pids.worker) });
  };
  sample();
  log(`${MINUTES} min at ${RATE} req/s (warm-up ${WARMUP_MINUTES.toFixed(1)} min); a campaign to ${CAMPAIGN_RECIPIENTS} every ${CAMPAIGN_EVERY_MS / 60_000} min`);

  const campaigns: Promise<CampaignRun>[] = [];
  let nextCampaign = start + 60_000;
  let nextSample = start + SAMPLE_MS;
  let nextRefresh = start + 60_000;
  const pending = new Set<Promise<void>>();
  const interval = 1000 / RATE;
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const now = performance.now();
    if (now >= nextSample) {
      nextSample += SAMPLE_MS;
      sample();
      const last = samples.at(-1)!;
      if (samples.length % 6 === 1) {
        log(`minute ${last.minute.toFixed(1)}: server RSS ${fmt(last.server?.rssMb)} MB, worker RSS ${fmt(last.worker?.rssMb)} MB, ${sequence} requests, ${errors} errors`);
      }
    }
    if (now >= nextCampaign) {
      nextCampaign += CAMPAIGN_EVERY_MS;
      const label = `soak ${campaigns.length + 1}`;
      campaigns.push(sendFollowUp(ctx, audience, label, { deadlineMs: CAMPAIGN_EVERY_MS }));
    }
    if (now >= nextRefresh) {
      nextRefresh += 60_000;
      await refreshManageTokens();
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    inFlight++;
    const p: Promise<void> = request(CYCLE[i % CYCLE.length]!).finally(() => {
      inFlight--;
      pending.delete(p);
    });
    pending.add(p);
  }
  sample();
  await Promise.all(pending);
  const campaignRuns = await Promise.all(campaigns);

  // Every sign-up's confirmation leaves the outbox (bounded wait).
  let unsent = Number.NaN;
  const drainBy = performance.now() + 120_000;
  while (performance.now() < drainBy) {
    unsent = (
      await ctx.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE "eventId" = ANY($1::uuid[]) AND status NOT IN ('SENT', 'SUPPRESSED')`,
        [events.ids],
      )
    ).rows[0]!.n;
    if (unsent === 0) break;
    await sleep(1000);
  }
  const inDb = (await ctx.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Registration" WHERE "eventId" = ANY($1::uuid[])`, [events.ids]))
    .rows[0]!.n;

  const after = samples.filter((s) => s.minute >= WARMUP_MINUTES);
  const trend = (pick: (s: Sample) => number | undefined) =>
    slope(after.map((s) => [s.minute, pick(s)] as [number, number | undefined]).filter((p): p is [number, number] => p[1] !== undefined && !Number.isNaN(p[1])));
  const trends = {
    serverRss: trend((s) => s.server?.rssMb),
    serverAnon: trend((s) => s.server?.anonMb),
    workerRss: trend((s) => s.worker?.rssMb),
    workerAnon: trend((s) => s.worker?.anonMb),
  };
  const worst = Math.max(trends.serverRss, trends.workerRss);
  const met = trends.serverRss <= TARGET_MB_PER_MIN && trends.workerRss <= TARGET_MB_PER_MIN;
  const latency: Record<string, Timings> = Object.fromEntries([...latencies].map(([kind, list]) => [kind, summarise(list)]));
  const first = after[0];
  const last = samples.at(-1)!;
  const campaignsOk = campaignRuns.every((r) => r.ok);
  const ok = errors === 0 && inDb === registered && unsent === 0 && campaignsOk && after.length >= 3;

  const result: BenchResult = {
    id: "soak",
    workload: `${MINUTES} min of mixed traffic at ${RATE} req/s (event list and pages, sign-ups, manage links, staff lists) and a ${CAMPAIGN_RECIPIENTS}-recipient follow-up every 5 min`,
    figure: { name: "RSS trend after warm-up (larger of server, worker)", value: worst, unit: "MB/min" },
    peer: null,
    ratio: null,
    target: { text: `≤ ${TARGET_MB_PER_MIN} MB/min after warm-up`, met },
    ...(met
      ? {}
      : {
          limit: `server RSS ${fmt(trends.serverRss, 2)} MB/min (anon ${fmt(trends.serverAnon, 2)}), worker RSS ${fmt(trends.workerRss, 2)} MB/min (anon ${fmt(trends.workerAnon, 2)}) over ${fmt(MINUTES - WARMUP_MINUTES)} min after warm-up`,
        }),
    correctness: {
      requests: sequence,
      errors,
      "skipped (app behind)": skipped,
      "sign-ups answered 202": registered,
      "registrations in the database": inDb,
      "confirmations not sent": unsent,
      "campaigns delivered in full": `${campaignRuns.filter((r) => r.ok).length}/${campaignRuns.length}`,
    },
    ok,
    detail: { minutes: MINUTES, warmupMinutes: WARMUP_MINUTES, rate: RATE, trends, latency, statuses: Object.fromEntries(statuses), errorSamples, samples, campaigns: campaignRuns },
  };

  const row = (name: string, pick: (s: Sample) => ProcMemory | null, rss: number, anon: number) =>
    `| ${name} | ${fmt(first ? pick(first)?.rssMb : Number.NaN)} → ${fmt(pick(last)?.rssMb)} MB | ${fmt(rss, 2)} MB/min | ${fmt(anon, 2)} MB/min | ${fmt(pick(last)?.hwmMb)} MB |`;
  const section = [
    `${MINUTES} min at ${RATE} req/s: ${result.workload}. Memory read from /proc every ${SAMPLE_MS / 1000} s; trends fitted (least squares) after a ${fmt(WARMUP_MINUTES)}-min warm-up, over ${after.length} samples.`,
    "",
    "| process | RSS after warm-up → end | RSS trend | RssAnon trend | peak RSS |",
    "| --- | --- | --- | --- | --- |",
    row("`next start` server", (s) => s.server, trends.serverRss, trends.serverAnon),
    row("mail worker", (s) => s.worker, trends.workerRss, trends.workerAnon),
    "",
    `Target ≤ ${TARGET_MB_PER_MIN} MB/min: ${!ok ? "FAILED (correctness)" : met ? "met" : `not met — ${result.limit}`}.`,
    "",
    `Requests: ${Object.entries(latency)
      .map(([kind, t]) => `${kind} ${t.samples} (p95 ${fmt(t.p95, 0)} ms)`)
      .join(", ")}.`,
    `Correctness: ${Object.entries(result.correctness)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join("; ")}.`,
  ];
  return { result, section };
}

const bench = await startBenchEnvironment(log).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
try {
  const { result, section } = await soak(bench.context);
  log(`${result.figure.name}: ${fmt(result.figure.value, 2)} ${result.figure.unit}${result.ok ? "" : " — CORRECTNESS CHECK FAILED"}`);
  const postgres = await bench.postgres();
  await bench.stop();
  writeSoakResults(result, { ...bench.size, postgres }, section, log);
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  console.error(error);
  await bench.stop();
  process.exit(1);
}
