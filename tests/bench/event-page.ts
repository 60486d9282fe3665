import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { SEAT_HOLDING_STATUSES } from "@/lib/registrations/states";
import { median, summarise, type Timings } from "./measure";
import type { BenchContext, BenchResult } from "./types";

// Issue 7, event-page: `GET /events/[slug]` at 50 concurrent clients over 20 published events (seed-like Markdown
// descriptions, organisers, some confirmed sign-ups so 残りN席 is a real count), on `next start`.
//
// Peer: a bare `node:http` server (tests/bench/event-page-peer.tsx, a child process started here) that answers the
// same URLs with the same page rendered by `react-dom/server`'s renderToString, from the same query (the app's
// getPublicEvent: same Prisma client, same pool size), in production mode. The app's page components call
// next-intl's server functions, which exist only inside a Next request, so the peer renders the same element tree
// from tests/bench/event-page-document.tsx with the same messages passed in (createTranslator,
// NextIntlClientProvider), the app's own Markdown component and the same date, seat and locale helpers. That is
// the fair comparison: the same data work and the same markup, minus what Next adds (the RSC render and its
// payload in the HTML, routing, metadata, headers). A correctness check proves the peer's <article> is byte for
// byte the app's, for every event.
//
// Both are loaded from this process over keep-alive HTTP/1.1 with 50 requests in flight: a warm-up, then three
// runs each, alternating app and peer, every run bounded in requests and time; req/s and latency percentiles are
// the medians of the three runs. The load generator shares the machine's CPU with the server under test, equally
// for both. Every response must be 200 and carry its event's title and its seats left.
//
// What was found (profiles of `next start` under this load): the page's HTML carried every UI message (about
// 100 KB of 104 KB, serialised into the RSC payload on each request) and ran its query twice (metadata and
// page). The root layout now hands the browser only the public client components' messages and getPublicEvent
// runs once per request. The event's data is not cached across requests: the queries are about 5% of the
// server's CPU, the RSC and HTML render nearly all the rest, and the page cannot be cached whole while the
// locale comes from a cookie and seats left from the rows.

const EVENTS = 20;
const CONCURRENCY = 50;
const RUN = { requests: 6000, ms: 10_000 };
const WARMUP = { requests: 600, ms: 5_000 };
const TARGET_RATIO = 0.6;
const SLUG_PREFIX = "page-bench-";

type Page = { slug: string; title: string; seatsLeft: number };
type LoadRun = { rps: number; timings: Timings; requests: number; errors: number; wrong: number; cpuMsPerRequest: number | null; loaderCpuMsPerRequest: number; bytes: number };

const DESCRIPTION = (i: number) => `## 水とともに暮らすまち、大垣（第${i + 1}回）

岐阜県大垣市は、豊富な地下水が自噴する「水都（すいと）」として知られています。まちなかには今も湧き水を汲める自噴井戸があり、水まんじゅうや酒蔵、水門川の舟下りなど、水が暮らしと産業を支えてきました。

この夜は、大垣市の職員と地元で事業を営むゲストを迎え、水と暮らしの「いま」を東京で語り合います。**はじめての方も歓迎**です。詳しくは[大垣市のサイト](https://www.city.ogaki.lg.jp/)もご覧ください。

### こんな方におすすめ
- 地方との関わり方を探している方
- 大垣に縁がある方、行ってみたい方
- 複業や二拠点での関わりに関心がある方

### プログラム
| 時間 | 内容 |
| --- | --- |
| 19:00 | オープニング（Work Design Lab） |
| 19:10 | トーク「水都・大垣の暮らし」 |
| 19:50 | クロストーク・質疑応答 |
| 20:30 | 交流タイム（大垣の水まんじゅう試食つき） |
| 21:00 | 終了 |
`;

/** Twenty published events a few weeks ahead, each with a different number of confirmed sign-ups. */
async function createEvents(ctx: BenchContext): Promise<Page[]> {
  const { client } = ctx;
  await client.query(
    `WITH series AS (SELECT i, date_trunc('day', now()) + interval '30 days' + i * interval '2 days' + interval '10 hours' AS starts
                     FROM generate_series(0, $1::int - 1) i)
     INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "titleEn", "summaryJa", "summaryEn", "descriptionJa", "descriptionEn",
                          "startsAt", "endsAt", format, area, kind, "venueName", "venueAddress", "venueMapUrl", capacity, "registrationClosesAt",
                          "feeJa", "feeEn", "reminderHoursBefore", "surveyEnabled", "publishedAt", "updatedAt")
     SELECT gen_random_uuid(), $2 || i, 'PUBLISHED', $3, '「水都・大垣の暮らしと水」トークナイト 第' || (i + 1) || '回',
            'Talk Night: Life and Water in Ogaki, No. ' || (i + 1),
            '湧き水とともに暮らすまち・大垣。市職員と地元の事業者を迎え、水と暮らしの話を東京で聞く夜。',
            'An evening in Tokyo with Ogaki city staff and local business owners on living with the city''s spring water.',
            ($4::text[])[i + 1], NULL, starts, starts + interval '2 hours',
            (ARRAY['IN_PERSON','IN_PERSON','HYBRID'])[1 + i % 3]::"EventFormat", 'TOKYO_AREA', (ARRAY['TALK','WORKSHOP','NETWORKING'])[1 + i % 3]::"EventKind",
            '3×3 Lab Future（大手町）', '東京都千代田区大手町1-1-2 大手門タワー・ENEOSビル1階',
            'https://www.google.com/maps/search/?api=1&query=' || 'Otemachi', 40 + i * 5, starts - interval '1 day',
            CASE WHEN i % 2 = 0 THEN '無料' ELSE '1,000円（当日現金）' END, CASE WHEN i % 2 = 0 THEN 'Free' ELSE '¥1,000 (cash on the day)' END,
            -- No reminders or surveys: the mail worker stays idle while the page is measured.
            '{}', false, now(), now()
     FROM series
     ON CONFLICT (slug) DO NOTHING`,
    [EVENTS, SLUG_PREFIX, ctx.organizations.wdlId, Array.from({ length: EVENTS }, (_, i) => DESCRIPTION(i))],
  );
  await client.query(
    `INSERT INTO "EventOrganizer" ("eventId", "organizationId", role)
     SELECT e.id, o.id, CASE WHEN o.id = $2 THEN 'HOST' ELSE 'CO_HOST' END::"OrganizerRole"
     FROM "Event" e CROSS JOIN "Organization" o WHERE e.slug LIKE $1 AND o.id IN ($2, $3)
     ON CONFLICT DO NOTHING`,
    [`${SLUG_PREFIX}%`, ctx.organizations.wdlId, ctx.organizations.cityId],
  );
  // Event i gets 5 + 7·i mod 30 confirmed people (and a cancellation that holds no seat), from the filled ledger.
  await client.query(
    `WITH events AS (SELECT id, (substr(slug, length($1) + 1))::int AS i FROM "Event" WHERE slug LIKE $1 || '%'),
     people AS (SELECT id, "emailNormalized", row_number() OVER (ORDER BY "emailNormalized") AS n FROM "Participant" WHERE "emailNormalized" LIKE 'bench%' LIMIT 2000)
     INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, "relationshipsAtSignup", "manageTokenHash", "checkinCode",
                                 "confirmedAt", "cancelledAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), events.id, people.id,
            CASE WHEN people.n % 10 = 0 THEN NULL ELSE people."emailNormalized" END,
            CASE WHEN people.n % 10 = 0 THEN 'CANCELLED' ELSE 'CONFIRMED' END::"RegistrationStatus", ARRAY['NONE']::"Relationship"[],
            md5('page-bench' || events.id::text || people.id::text), substr(md5(people.id::text || events.id::text), 1, 10),
            now(), CASE WHEN people.n % 10 = 0 THEN now() END, now(), now()
     FROM events JOIN people ON people.n BETWEEN events.i * 60 + 1 AND events.i * 60 + 5 + (events.i * 7) % 30
     WHERE NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r."eventId" = events.id)`,
    [SLUG_PREFIX],
  );
  const { rows } = await client.query<Page>(
    `SELECT e.slug, e."titleJa" AS title,
            e.capacity - (SELECT count(*) FROM "Registration" r WHERE r."eventId" = e.id AND r.status = ANY($2::"RegistrationStatus"[]))::int AS "seatsLeft"
     FROM "Event" e WHERE e.slug LIKE $1 ORDER BY e."startsAt"`,
    [`${SLUG_PREFIX}%`, [...SEAT_HOLDING_STATUSES]],
  );
  return rows;
}

/** The peer server, in its own process (see event-page-peer.tsx for why). Resolves with its base URL. */
function startPeer(ctx: BenchContext): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/event-page-peer.tsx"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: ctx.databaseUrl, APP_URL: ctx.baseUrl, PEER_PORT: "0" },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error("the event-page peer did not start within 60 s"));
    }, 60_000);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /peer listening on (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, baseUrl: `http://127.0.0.1:${port}` });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the event-page peer exited with ${code}`));
    });
  });
}

function get(agent: http.Agent, url: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: response.headers }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out after 30 s")));
    request.on("error", reject);
  });
}

/** CPU time (ms) used so far by a process and its descendants, from /proc. */
function cpuMs(pid: number | null | undefined): number | null {
  if (!pid) return null;
  const ticks = (p: number): number => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const own = Number(fields[11]) + Number(fields[12]);
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      return own + children.reduce((sum, child) => sum + ticks(child), 0);
    } catch {
      return 0;
    }
  };
  return ticks(pid) * 10; // USER_HZ is 100 on Linux
}

const seatText = (page: Page) => `残り${page.seatsLeft}席`;

async function load(baseUrl: string, pid: number | null, pages: Page[], bound: { requests: number; ms: number }): Promise<LoadRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let wrong = 0;
  let bytes = 0;
  const cpuBefore = cpuMs(pid);
  const loaderBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + bound.ms;
  const client = async () => {
    while (next < bound.requests && performance.now() < deadline) {
      const page = pages[next++ % pages.length]!;
      const sent = performance.now();
      try {
        const response = await get(agent, `${baseUrl}/events/${page.slug}`);
        latencies.push(performance.now() - sent);
        bytes += Buffer.byteLength(response.body);
        if (response.status !== 200) errors++;
        else if (!response.body.includes(`<h1>${page.title}</h1>`) || !response.body.includes(seatText(page))) wrong++;
      } catch {
        latencies.push(performance.now() - sent);
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const elapsed = performance.now() - started;
  const cpuAfter = cpuMs(pid);
  const loader = process.cpuUsage(loaderBefore);
  agent.destroy();
  return {
    rps: latencies.length / (elapsed / 1000),
    timings: summarise(latencies),
    requests: latencies.length,
    errors,
    wrong,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / latencies.length,
    loaderCpuMsPerRequest: (loader.user + loader.system) / 1000 / latencies.length,
    bytes: bytes / Math.max(1, latencies.length),
  };
}

const articleOf = (html: string) => /<article class="event-page">[\s\S]*?<\/article>/.exec(html)?.[0] ?? null;

export async function eventPageBench(ctx: BenchContext): Promise<BenchResult> {
  const pages = await createEvents(ctx);
  const peer = await startPeer(ctx);
  try {
    const serverPid = ctx.processes().server;
    const agent = new http.Agent({ keepAlive: true });
    // The same markup from both, and what the app says about caching the page.
    let sameArticle = 0;
    let appHeaders: http.IncomingHttpHeaders = {};
    for (const page of pages) {
      const [app, bare] = await Promise.all([get(agent, `${ctx.baseUrl}/events/${page.slug}`), get(agent, `${peer.baseUrl}/events/${page.slug}`)]);
      appHeaders = app.headers;
      const article = articleOf(app.body);
      if (article !== null && article === articleOf(bare.body)) sameArticle++;
      else if (sameArticle === 0) ctx.log(`event-page: the peer's <article> differs from the app's for ${page.slug}\napp:  ${article}\npeer: ${articleOf(bare.body)}`);
    }
    agent.destroy();

    await load(ctx.baseUrl, serverPid, pages, WARMUP);
    await load(peer.baseUrl, peer.child.pid ?? null, pages, WARMUP);
    const peerStatsBefore = (await get(new http.Agent(), `${peer.baseUrl}/health`)).body;
    const appRuns: LoadRun[] = [];
    const peerRuns: LoadRun[] = [];
    for (let run = 0; run < 3; run++) {
      appRuns.push(await load(ctx.baseUrl, serverPid, pages, RUN));
      peerRuns.push(await load(peer.baseUrl, peer.child.pid ?? null, pages, RUN));
    }
    const peerStatsAfter = (await get(new http.Agent(), `${peer.baseUrl}/health`)).body;

    const med = (runs: LoadRun[]) => ({
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.timings.p50)),
      p95: median(runs.map((r) => r.timings.p95)),
      p99: median(runs.map((r) => r.timings.p99)),
      cpuMsPerRequest: runs.some((r) => r.cpuMsPerRequest === null) ? null : median(runs.map((r) => r.cpuMsPerRequest!)),
      loaderCpuMsPerRequest: median(runs.map((r) => r.loaderCpuMsPerRequest)),
      bytes: median(runs.map((r) => r.bytes)),
    });
    const app = med(appRuns);
    const bare = med(peerRuns);
    const ratio = app.rps / bare.rps;
    const count = (runs: LoadRun[], key: "requests" | "errors" | "wrong") => runs.reduce((n, r) => n + r[key], 0);
    const errors = count(appRuns, "errors") + count(peerRuns, "errors");
    const wrong = count(appRuns, "wrong") + count(peerRuns, "wrong");
    const ok = errors === 0 && wrong === 0 && sameArticle === pages.length && pages.length === EVENTS;

    const peerStats = (() => {
      const before = JSON.parse(peerStatsBefore) as { requests: number; dataMs: number; renderMs: number };
      const after = JSON.parse(peerStatsAfter) as typeof before;
      const n = Math.max(1, after.requests - before.requests);
      return { dataMsPerRequest: (after.dataMs - before.dataMs) / n, renderMsPerRequest: (after.renderMs - before.renderMs) / n };
    })();
    const cacheControl = String(appHeaders["cache-control"] ?? "none");
    const nextCache = String(appHeaders["x-nextjs-cache"] ?? "none");
    const fmt = (n: number | null, digits = 1) => (n === null ? "?" : n.toFixed(digits));
    const met = ratio >= TARGET_RATIO;
    const busy = (m: { rps: number; cpuMsPerRequest: number | null }) => (m.cpuMsPerRequest === null ? null : (m.cpuMsPerRequest * m.rps) / 10);
    const limit = met
      ? undefined
      : `${fmt(ratio, 2)} of the bare React server, ${fmt(TARGET_RATIO / ratio, 1)}× short of ${TARGET_RATIO}. Measured: the app's server process used ` +
        `${fmt(app.cpuMsPerRequest)} ms of CPU per page against the peer's ${fmt(bare.cpuMsPerRequest)} ms (of which ${fmt(peerStats.renderMsPerRequest)} ms ` +
        `rendering; its queries wait ${fmt(peerStats.dataMsPerRequest)} ms for one of the pool's 10 connections). Each server renders on one JavaScript ` +
        `thread, and each ran at ${fmt(busy(app), 0)}% and ${fmt(busy(bare), 0)}% of a core (GC and I/O threads included), so req/s ≈ 1000 ÷ CPU ms per page; ` +
        `the 2 cores are shared with PostgreSQL and the load generator ` +
        `(${fmt(app.loaderCpuMsPerRequest, 2)} ms CPU per request); the app sends ${fmt(app.bytes / 1024)} KB per page against ${fmt(bare.bytes / 1024)} KB ` +
        `(the RSC payload inlined in the HTML). The page is rendered on every request (Cache-Control "${cacheControl}", x-nextjs-cache ${nextCache}).`;
    const latency = (m: { p50: number; p95: number; p99: number }) => `p50/p95/p99 ${m.p50.toFixed(0)}/${m.p95.toFixed(0)}/${m.p99.toFixed(0)} ms`;
    return {
      id: "event-page",
      workload: `GET /events/[slug], ${CONCURRENCY} concurrent clients over ${EVENTS} published events (seed-like Markdown, seats left counted), next start`,
      figure: { name: `app (${latency(app)})`, value: app.rps, unit: "req/s" },
      peer: { name: `bare node:http + react-dom/server, same query and tree (${latency(bare)})`, value: bare.rps, unit: "req/s" },
      ratio,
      target: { text: `≥ ${TARGET_RATIO} × the bare React server`, met },
      limit,
      correctness: {
        requests: count(appRuns, "requests") + count(peerRuns, "requests"),
        "non-200 or failed": errors,
        "wrong title or seats": wrong,
        "peer renders the app's <article>": `${sameArticle}/${pages.length}`,
      },
      ok,
      detail: {
        app,
        peer: bare,
        peerTimeSplit: peerStats,
        appHeaders: { cacheControl, nextCache },
        appRuns,
        peerRuns,
        events: pages,
      },
    };
  } finally {
    peer.child.kill("SIGTERM");
  }
}
