import os from "node:os";
import { createFollowUpAudience, FOLLOW_UP_RECIPIENTS, sendFollowUp, type CampaignRun } from "./follow-up";
import { cpuBetween, readCpu, type CpuUse } from "./cpu";
import { median } from "./measure";
import { createSignupEvents, runSignupLoad, type SignupLoadResult } from "./signup";
import type { BenchContext, BenchResult } from "./types";

// Issue 7, isolation: a follow-up going out must not slow sign-ups down. The signup-rush workload (one event,
// 500 seats + waitlist, through POST /api/events/[slug]/registrations) at half its peak rate, as an open loop (a
// fixed arrival rate, latency counted from each arrival), once while the app's mail worker sends a follow-up to
// 10,000 people and once alone. "Its peak" is measured first, in the same run: a short closed loop at 100
// clients. Figure: sign-up p95 with mail ÷ p95 alone (medians of three runs each, after a warm-up of both);
// target ≤ 1.2. Each load gets a fresh event, and starts on a quiet outbox (the confirmations of the previous
// load sent), so the only difference between the two is the campaign.

const TARGET_RATIO = 1.2;
const CAPACITY = 500;
const CONCURRENCY = 100;
const PEAK_PEOPLE = 2_000;
const PEAK_DEADLINE_MS = 90_000;
/** A load lasts at most this long, and at most ~60 % of the time the campaign takes, so all of it meets mail. */
const MAX_LOAD_SECONDS = 20;
const MIN_LOAD_SECONDS = 5;
const LOAD_DEADLINE_SLACK_MS = 60_000;
const QUIET_DEADLINE_MS = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ─── One load ───

type Load = {
  withMail: boolean;
  people: number;
  result: Omit<SignupLoadResult, "responses">;
  confirmed: number;
  waitlisted: number;
  /** Of the load's duration, the share during which the campaign's mail was still going out (with mail only). */
  overlap: number | null;
  campaign: CampaignRun | null;
  cpu: CpuUse;
  ok: boolean;
};

/** Until no mail is waiting or being sent (the previous load's confirmations), bounded. */
async function waitForQuietOutbox(ctx: BenchContext): Promise<number> {
  const deadline = Date.now() + QUIET_DEADLINE_MS;
  for (;;) {
    const { rows } = await ctx.client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE status IN ('PENDING', 'SENDING') AND "nextAttemptAt" <= now()`,
    );
    if (rows[0]!.n === 0 || Date.now() > deadline) return rows[0]!.n;
    await sleep(250);
  }
}

async function signupLoad(
  ctx: BenchContext,
  spec: { label: string; rate: number; people: number; withMail: boolean; audience: Awaited<ReturnType<typeof createFollowUpAudience>> },
): Promise<Load> {
  const leftBefore = await waitForQuietOutbox(ctx);
  const prefix = `isolation-bench-${Date.now().toString(36)}-${spec.label}-${spec.withMail ? "mail" : "alone"}-`;
  const [event] = await createSignupEvents(ctx, prefix, 1, CAPACITY);
  let campaign: Promise<CampaignRun> | null = null;
  if (spec.withMail) {
    // The load starts once the campaign's rows are committed and the worker's next poll (every 500 ms) has them.
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    campaign = sendFollowUp(ctx, spec.audience, `isolation ${spec.label}`, { onStarted: () => started() });
    await Promise.race([startedPromise, campaign]);
    await sleep(600);
  }
  const before = readCpu(ctx);
  const loadStart = performance.now();
  const load = await runSignupLoad(ctx, {
    events: [event!.slug],
    people: spec.people,
    concurrency: CONCURRENCY,
    ratePerSecond: spec.rate,
    deadlineMs: (spec.people / spec.rate) * 1000 + LOAD_DEADLINE_SLACK_MS,
    emailPrefix: prefix,
  });
  const loadEnd = performance.now();
  const cpu = cpuBetween(before, readCpu(ctx));
  const run = campaign ? await campaign : null;
  const overlap = run ? Math.max(0, Math.min(1, (Math.min(run.at.last, loadEnd) - loadStart) / (loadEnd - loadStart))) : null;
  const { rows } = await ctx.client.query<{ confirmed: number; waitlisted: number }>(
    `SELECT count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed, count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waitlisted
     FROM "Registration" WHERE "eventId" = $1`,
    [event!.id],
  );
  const { confirmed, waitlisted } = rows[0]!;
  const ok =
    leftBefore === 0 &&
    load.ok === spec.people &&
    load.err === 0 &&
    confirmed === Math.min(CAPACITY, spec.people) &&
    waitlisted === spec.people - confirmed &&
    load.confirmed === confirmed &&
    load.waitlisted === waitlisted &&
    (run === null || run.ok);
  const { responses: _responses, ...result } = load;
  ctx.log(
    `isolation ${spec.label} ${spec.withMail ? "with mail" : "alone"}: ${spec.people} sign-ups at ${spec.rate.toFixed(1)}/s, p95 ${load.latency.p95.toFixed(0)} ms, ` +
      `${load.err} errors${run ? `, campaign ${run.messagesPerSecond.toFixed(0)} msg/s, overlap ${((overlap ?? 0) * 100).toFixed(0)} %` : ""}; ` +
      `CPU server ${cpu.serverPct}% worker ${cpu.workerPct}% load ${cpu.selfPct}% (machine ${cpu.machineBusyPct}%)${ok ? "" : " — CHECK FAILED"}`,
  );
  if (load.errorSamples.length > 0) ctx.log(`isolation errors: ${load.errorSamples.join(" | ")}`);
  return { withMail: spec.withMail, people: spec.people, result, confirmed, waitlisted, overlap, campaign: run, cpu, ok };
}

export async function isolationBench(ctx: BenchContext): Promise<BenchResult> {
  const audience = await createFollowUpAudience(ctx, "isolation-bench-mail", FOLLOW_UP_RECIPIENTS);

  // The peak: signup-rush's closed loop, shortened.
  await waitForQuietOutbox(ctx);
  const peakPrefix = `isolation-bench-${Date.now().toString(36)}-peak-`;
  const [peakEvent] = await createSignupEvents(ctx, peakPrefix, 1, CAPACITY);
  const peak = await runSignupLoad(ctx, { events: [peakEvent!.slug], people: PEAK_PEOPLE, concurrency: CONCURRENCY, deadlineMs: PEAK_DEADLINE_MS, emailPrefix: peakPrefix });
  const rate = peak.throughput / 2;
  ctx.log(`isolation: signup-rush peak ${peak.throughput.toFixed(1)} sign-ups/s (p95 ${peak.latency.p95.toFixed(0)} ms), so ${rate.toFixed(1)}/s`);

  // Warm-up of both (shorter); the campaign's duration there sets how long a load can be and still meet mail throughout.
  const warmPeople = Math.max(50, Math.round(rate * MIN_LOAD_SECONDS));
  const warmAlone = await signupLoad(ctx, { label: "warm-up", rate, people: warmPeople, withMail: false, audience });
  const warmMail = await signupLoad(ctx, { label: "warm-up", rate, people: warmPeople, withMail: true, audience });
  const mailSeconds = warmMail.campaign ? warmMail.campaign.seconds : MAX_LOAD_SECONDS;
  const loadSeconds = Math.max(MIN_LOAD_SECONDS, Math.min(MAX_LOAD_SECONDS, mailSeconds * 0.6));
  const people = Math.max(50, Math.round(rate * loadSeconds));
  ctx.log(`isolation: the campaign took ${mailSeconds.toFixed(1)} s, so each load is ${people} sign-ups over ${loadSeconds.toFixed(1)} s`);

  const alone: Load[] = [];
  const withMail: Load[] = [];
  for (let run = 1; run <= 3; run++) {
    // Alternate which goes first, so a drift in the machine's state does not favour one side.
    const order = run % 2 === 1 ? [false, true] : [true, false];
    for (const mail of order) {
      const load = await signupLoad(ctx, { label: `run-${run}`, rate, people, withMail: mail, audience });
      (mail ? withMail : alone).push(load);
    }
  }

  const p95Alone = median(alone.map((l) => l.result.latency.p95));
  const p95Mail = median(withMail.map((l) => l.result.latency.p95));
  const ratio = p95Mail / p95Alone;
  const met = ratio <= TARGET_RATIO;
  const loads = [warmAlone, warmMail, ...alone, ...withMail];
  const ok = peak.err === 0 && loads.every((l) => l.ok);
  const overlap = median(withMail.map((l) => l.overlap ?? 0));
  const cpuText = (list: Load[]) =>
    `server ${median(list.map((l) => l.cpu.serverPct))}%, worker ${median(list.map((l) => l.cpu.workerPct))}%, load generator ${median(
      list.map((l) => l.cpu.selfPct),
    )}%, machine ${median(list.map((l) => l.cpu.machineBusyPct))}% of ${os.cpus().length} cores`;
  const each = (list: Load[], pick: (l: Load) => number) => list.map(pick).join("/");

  return {
    id: "isolation",
    workload: `signup-rush (one event, ${CAPACITY} seats + waitlist) at half its peak as an open loop, while a follow-up to ${FOLLOW_UP_RECIPIENTS.toLocaleString("en")} is sending`,
    figure: { name: "sign-up p95 with mail sending", value: p95Mail, unit: "ms" },
    peer: { name: "sign-up p95 alone, same rate", value: p95Alone, unit: "ms" },
    ratio,
    target: { text: `p95 with mail ≤ ${TARGET_RATIO} × alone`, met },
    ...(met
      ? {}
      : {
          limit:
            `ratio ${ratio.toFixed(2)} > ${TARGET_RATIO} (${((ratio / TARGET_RATIO - 1) * 100).toFixed(0)} % over); CPU during the loads (% of one core, median): ` +
            `with mail ${cpuText(withMail)}; alone ${cpuText(alone)}; mail was going out during ${(overlap * 100).toFixed(0)} % of each load`,
        }),
    correctness: {
      "peak (closed loop, 100 clients)": `${peak.throughput.toFixed(1)} sign-ups/s`,
      "rate (open loop)": `${rate.toFixed(1)}/s × ${people} people`,
      "errors alone / with mail": `${alone.reduce((n, l) => n + l.result.err, 0)} / ${withMail.reduce((n, l) => n + l.result.err, 0)}`,
      "confirmed per load": each([...alone, ...withMail], (l) => l.confirmed),
      "waitlisted per load": each([...alone, ...withMail], (l) => l.waitlisted),
      "campaign mails per run at the sink": each(withMail, (l) => l.campaign?.sunk ?? 0),
      "campaigns delivered exactly once": withMail.every((l) => l.campaign?.ok === true),
      "mail overlap with the load (median)": `${(overlap * 100).toFixed(0)} %`,
    },
    ok,
    detail: {
      peak: { throughput: peak.throughput, latency: peak.latency, err: peak.err, statuses: peak.statuses },
      rate,
      people,
      loadSeconds,
      p50: { alone: median(alone.map((l) => l.result.latency.p50)), withMail: median(withMail.map((l) => l.result.latency.p50)) },
      p99: { alone: median(alone.map((l) => l.result.latency.p99)), withMail: median(withMail.map((l) => l.result.latency.p99)) },
      warmUp: { alone: warmAlone, withMail: warmMail },
      alone,
      withMail,
    },
  };
}
