import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import lighthouse, { type Result } from "lighthouse";
import { median } from "./measure";
import type { BenchContext, BenchResult } from "./types";

// Issue 7, front-end: Lighthouse 12 (its default mobile profile: a mid-range phone's screen, simulated slow 4G and
// a 4× slower CPU) on the public pages a participant goes through: the event list, an event page and the sign-up
// form, on `next start`. Performance and accessibility scores are the median of three runs after a warm-up run of
// each page; with them, the JavaScript each page loads, gzipped (every script request Lighthouse recorded, fetched
// again and gzipped here, so the figure does not depend on the server's compression or caching headers).
//
// No peer: a score is already relative to Lighthouse's own reference (the HTTP Archive's distribution of real
// sites), so there is nothing on this machine to run beside it (`peer` and `ratio` are null).
//
// Chromium is the Debian one (/usr/bin/chromium), started here with its DevTools port; nothing is downloaded.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const RUNS = 3;
const RUN_TIMEOUT_MS = 120_000;
const TARGET = { performance: 95, accessibility: 100, eventPageJsKiB: 100 };
const SLUG = "front-bench-event";

type PageResult = {
  name: string;
  path: string;
  performance: number;
  accessibility: number;
  jsGzipKiB: number;
  scripts: { url: string; gzipKiB: number }[];
  metrics: Record<string, number | null>;
  /** Performance audits that cost the score (opportunities and diagnostics), worst first. */
  costs: { id: string; title: string; score: number | null; display: string | null }[];
  /** Accessibility audits that failed. */
  a11yFailures: { id: string; title: string; items: number }[];
  runs: { performance: number; accessibility: number; status: number | null; error: string | null }[];
};

const DESCRIPTION = `## 大垣を歩き、まちの担い手に会う一日

水門川沿いの自噴井戸をめぐり、まちなかで店を営む人、空き家を活かす人、農と食をつなぐ人を訪ねるフィールドワークです。

### 当日の流れ
1. 大垣駅集合・オリエンテーション
2. 水門川沿いのまち歩き（自噴井戸・船町湊跡）
3. 地元事業者との昼食と対話
4. ふりかえりと、これからの関わり方のご紹介

### 持ち物
- 歩きやすい靴
- 飲み物（井戸の水を汲める容器があると楽しめます）

詳しくは[大垣市のサイト](https://www.city.ogaki.lg.jp/)もご覧ください。
`;

/** One published, open event with organisers and a few sign-ups, for the event page and the sign-up form. */
async function createEvent(ctx: BenchContext): Promise<{ slug: string; title: string }> {
  const title = "大垣まち歩きフィールドワーク ― 水とまちの担い手をたずねて";
  await ctx.client.query(
    `INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "titleEn", "summaryJa", "summaryEn", "descriptionJa", "startsAt", "endsAt",
                          format, area, kind, "venueName", "venueAddress", "venueMapUrl", capacity, "registrationClosesAt", "feeJa", "feeEn",
                          "reminderHoursBefore", "surveyEnabled", "publishedAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'PUBLISHED', $2, $3, 'Ogaki Field Walk: Meeting the People Who Keep the City of Water',
             '水門川沿いを歩き、まちの担い手を訪ねる一日。', 'A day walking the Suimon River and meeting the people who keep the city going.', $4,
             date_trunc('day', now()) + interval '40 days 1 hour', date_trunc('day', now()) + interval '40 days 8 hours',
             'IN_PERSON', 'OGAKI', 'FIELDWORK', 'JR大垣駅 南口', '岐阜県大垣市高屋町1丁目', 'https://www.google.com/maps/search/?api=1&query=Ogaki+Station',
             20, date_trunc('day', now()) + interval '37 days', '2,000円（昼食代）', '¥2,000 (lunch)', '{}', false, now(), now())
     ON CONFLICT (slug) DO NOTHING`,
    [SLUG, ctx.organizations.wdlId, title, DESCRIPTION],
  );
  await ctx.client.query(
    `INSERT INTO "EventOrganizer" ("eventId", "organizationId", role)
     SELECT e.id, o.id, CASE WHEN o.id = $2 THEN 'HOST' ELSE 'CO_HOST' END::"OrganizerRole"
     FROM "Event" e CROSS JOIN "Organization" o WHERE e.slug = $1 AND o.id IN ($2, $3) ON CONFLICT DO NOTHING`,
    [SLUG, ctx.organizations.wdlId, ctx.organizations.cityId],
  );
  return { slug: SLUG, title };
}

/** Debian's Chromium with a DevTools port, in a throw-away profile. */
function startChromium(): Promise<{ child: ChildProcess; port: number; profile: string }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "bench-chromium-"));
  const child = spawn(CHROMIUM, [...CHROME_FLAGS, "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("Chromium did not open its DevTools port within 30 s"));
    }, 30_000);
    let output = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, port: Number(port), profile });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

async function audit(url: string, port: number): Promise<Result> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Lighthouse did not finish ${url} within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([
      lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], maxWaitForLoad: 60_000 }),
      timeout,
    ]);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return result.lhr;
  } finally {
    clearTimeout(timer);
  }
}

type NetworkItem = { url: string; resourceType?: string; statusCode?: number };
const networkItems = (lhr: Result): NetworkItem[] => ((lhr.audits["network-requests"]?.details as { items?: NetworkItem[] } | undefined)?.items ?? []);

/** The page's scripts, fetched again and gzipped (default level, as a web server would). */
async function scriptSizes(lhr: Result): Promise<{ url: string; gzipKiB: number }[]> {
  const urls = [...new Set(networkItems(lhr).filter((item) => item.resourceType === "Script").map((item) => item.url))];
  return Promise.all(
    urls.map(async (url) => {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      return { url: new URL(url).pathname, gzipKiB: gzipSync(body).length / 1024 };
    }),
  );
}

/** Next's and React's runtime that every App Router page loads (the build's root main files). */
function frameworkScripts(): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next", "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
    return new Set((manifest.rootMainFiles ?? []).map((file) => `/_next/${file}`));
  } catch {
    return new Set();
  }
}

function performanceCosts(lhr: Result): PageResult["costs"] {
  const refs = lhr.categories.performance?.auditRefs ?? [];
  return refs
    .map((ref) => lhr.audits[ref.id]!)
    .filter((a) => a && a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
    .sort((a, b) => (a.score ?? 1) - (b.score ?? 1))
    .map((a) => ({ id: a.id, title: a.title, score: a.score, display: a.displayValue ?? null }));
}

function accessibilityFailures(lhr: Result): PageResult["a11yFailures"] {
  const refs = lhr.categories.accessibility?.auditRefs ?? [];
  return refs
    .map((ref) => lhr.audits[ref.id]!)
    .filter((a) => a && a.score === 0)
    .map((a) => ({ id: a.id, title: a.title, items: (a.details as { items?: unknown[] } | undefined)?.items?.length ?? 0 }));
}

const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"] as const;

export async function frontEndBench(ctx: BenchContext): Promise<BenchResult> {
  const event = await createEvent(ctx);
  const pages = [
    { name: "event list", path: "/events", expect: "<h1" },
    { name: "event page", path: `/events/${event.slug}`, expect: `<h1>${event.title}</h1>` },
    { name: "sign-up form", path: `/events/${event.slug}/register`, expect: `name="email"` },
  ];
  // What a visitor gets without a browser: every page answers 200 with its content.
  const served: Record<string, boolean> = {};
  for (const page of pages) {
    const response = await fetch(`${ctx.baseUrl}${page.path}`);
    served[page.path] = response.status === 200 && (await response.text()).includes(page.expect);
  }

  const chromium = await startChromium();
  const results: PageResult[] = [];
  try {
    for (const page of pages) {
      const url = `${ctx.baseUrl}${page.path}`;
      await audit(url, chromium.port); // warm-up: the server's first render and Chromium's caches
      const lhrs: Result[] = [];
      const runs: PageResult["runs"] = [];
      for (let run = 0; run < RUNS; run++) {
        const lhr = await audit(url, chromium.port);
        lhrs.push(lhr);
        const document = networkItems(lhr).find((item) => item.resourceType === "Document");
        runs.push({
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          status: document?.statusCode ?? null,
          error: lhr.runtimeError?.message ?? null,
        });
      }
      // The run whose performance score is the median stands for the page's details.
      const performance = median(runs.map((r) => r.performance));
      const representative = lhrs[runs.findIndex((r) => r.performance === performance)]!;
      const scripts = (await scriptSizes(representative)).sort((a, b) => b.gzipKiB - a.gzipKiB);
      results.push({
        name: page.name,
        path: page.path,
        performance,
        accessibility: median(runs.map((r) => r.accessibility)),
        jsGzipKiB: scripts.reduce((sum, s) => sum + s.gzipKiB, 0),
        scripts,
        metrics: Object.fromEntries(METRICS.map((id) => [id, representative.audits[id]?.numericValue ?? null])),
        costs: performanceCosts(representative),
        a11yFailures: accessibilityFailures(representative),
        runs,
      });
      ctx.log(`front-end: ${page.name}: performance ${performance}, accessibility ${results.at(-1)!.accessibility}, JS ${results.at(-1)!.jsGzipKiB.toFixed(1)} KiB gzipped`);
    }
  } finally {
    chromium.child.kill("SIGKILL");
    await new Promise((resolve) => (chromium.child.exitCode === null ? chromium.child.once("exit", resolve) : resolve(null)));
    rmSync(chromium.profile, { recursive: true, force: true });
  }

  const eventPage = results.find((r) => r.name === "event page")!;
  const worstPerformance = Math.min(...results.map((r) => r.performance));
  const perfMet = results.every((r) => r.performance >= TARGET.performance);
  const a11yMet = results.every((r) => r.accessibility >= TARGET.accessibility);
  const jsMet = eventPage.jsGzipKiB <= TARGET.eventPageJsKiB;
  const runsOk = results.every((r) => r.runs.every((run) => run.status === 200 && run.error === null));
  const ok = runsOk && Object.values(served).every(Boolean);

  const misses: string[] = [];
  for (const r of results) {
    if (r.performance < TARGET.performance) {
      const costs = r.costs.slice(0, 4).map((c) => `${c.id}${c.display ? ` ${c.display}` : ""}`).join(", ");
      const lcp = r.metrics["largest-contentful-paint"] ?? null;
      const tbt = r.metrics["total-blocking-time"] ?? null;
      misses.push(
        `${r.name} performance ${r.performance} (${TARGET.performance - r.performance} short; LCP ${lcp === null ? "?" : (lcp / 1000).toFixed(1)} s, TBT ${tbt === null ? "?" : tbt.toFixed(0)} ms; costs: ${costs || "none flagged"})`,
      );
    }
    if (r.accessibility < TARGET.accessibility) misses.push(`${r.name} accessibility ${r.accessibility} (fails: ${r.a11yFailures.map((f) => `${f.id} ×${f.items}`).join(", ")})`);
  }
  if (!jsMet) {
    const framework = frameworkScripts();
    const frameworkKiB = eventPage.scripts.filter((s) => framework.has(s.url)).reduce((sum, s) => sum + s.gzipKiB, 0);
    const largest = eventPage.scripts.slice(0, 3).map((s) => `${path.basename(s.url)} ${s.gzipKiB.toFixed(1)} KiB`).join(", ");
    const lighthouseSays = eventPage.costs
      .filter((c) => ["unused-javascript", "legacy-javascript"].includes(c.id) && c.display)
      .map((c) => `${c.id} ${c.display}`)
      .join(", ");
    misses.push(
      `event page JS ${eventPage.jsGzipKiB.toFixed(1)} KiB gzipped, ${(eventPage.jsGzipKiB - TARGET.eventPageJsKiB).toFixed(1)} KiB over (${eventPage.scripts.length} scripts, of which ` +
        `Next's and React's runtime, loaded by every App Router page: ${frameworkKiB.toFixed(1)} KiB; largest: ${largest}${lighthouseSays ? `; Lighthouse: ${lighthouseSays}` : ""})`,
    );
  }
  const summary = results.map((r) => `${r.name} ${r.performance}/${r.accessibility}/${r.jsGzipKiB.toFixed(0)} KiB`).join("; ");

  return {
    id: "front-end",
    workload: "Lighthouse 12 mobile (simulated slow 4G, 4× CPU slowdown) on /events, an event page and its sign-up form; median of 3 runs after a warm-up",
    figure: { name: `lowest performance score (performance/accessibility/JS gzipped: ${summary})`, value: worstPerformance, unit: "/100" },
    peer: null,
    ratio: null,
    target: {
      text: `performance ≥ ${TARGET.performance} and accessibility ${TARGET.accessibility} on each page; event page JS ≤ ${TARGET.eventPageJsKiB} KB gzipped`,
      met: perfMet && a11yMet && jsMet,
    },
    limit: misses.length > 0 ? misses.join("; ") : undefined,
    correctness: {
      "pages served with their content": `${Object.values(served).filter(Boolean).length}/${pages.length}`,
      "Lighthouse runs loaded with 200, no runtime error": `${results.reduce((n, r) => n + r.runs.filter((run) => run.status === 200 && run.error === null).length, 0)}/${pages.length * RUNS}`,
    },
    ok,
    detail: { pages: results, chromium: CHROMIUM, flags: CHROME_FLAGS },
  };
}
