import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { listEventRegistrations } from "@/lib/registrations/staff/data";
import { PAGE_SIZE, parseRegistrationQuery } from "@/lib/registrations/staff/schema";
import { summarise, timeRuns, type Timings } from "./measure";
import { uuid7Sql } from "./uuid7";
import type { BenchContext, BenchResult } from "./types";

// Issue 7, attendee-list: the staff registrations table (app/admin/(staff)/events/[id]/registrations) of an
// event with 10,000 people, 50 per page, searched and sorted as organisers use it, signed in as WDL.
// Figure: p95 of the whole page (`next start`, server-rendered, auth, audit entry included) over a mix of
// sorts, pages and searches. Peer: the statements the data function (lib/registrations/staff/data.ts)
// issues for the same queries, captured from Prisma's query log and replayed through `pg` alone, with the
// three list statements in parallel as the data function runs them. The data function itself (Prisma, no
// React, no HTTP) is measured too, so the ratio can be split into what Prisma adds and what the page adds.
// Correctness: every query's page shows the first row and total that a plain SQL query over the event gives.

const PEOPLE = 10_000;
const TARGET_MS = 1000;
const SESSION_OPTIONS = "-c TimeZone=UTC -c jit=off";

const HIRAGANA = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join("");
const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join("");

const FAMILY = [
  ["佐藤", "サトウ"],
  ["鈴木", "スズキ"],
  ["高橋", "タカハシ"],
  ["田中", "タナカ"],
  ["伊藤", "イトウ"],
  ["渡辺", "ワタナベ"],
  ["山本", "ヤマモト"],
  ["中村", "ナカムラ"],
  ["小林", "コバヤシ"],
  ["加藤", "カトウ"],
] as const;
const GIVEN = [
  ["遥", "ハルカ"],
  ["翔", "ショウ"],
  ["陽菜", "ヒナ"],
  ["蓮", "レン"],
  ["結衣", "ユイ"],
  ["湊", "ミナト"],
  ["美咲", "ミサキ"],
  ["大翔", "ヒロト"],
  ["葵", "アオイ"],
  ["悠真", "ユウマ"],
] as const;

type ListCase = {
  name: string;
  /** The page's search params. */
  params: Record<string, string>;
  /** For the plain SQL that gives the expected first row and total. */
  truth: { where: string; values: unknown[]; order: string };
};

const ORDER = {
  created: (dir: "ASC" | "DESC") => `r."createdAt" ${dir}, r.id ${dir}`,
  name: (dir: "ASC" | "DESC") => `translate(coalesce(p.furigana, p.name, ''), '${HIRAGANA}', '${KATAKANA}') ${dir}, p.name ${dir}, r.id ${dir}`,
  status: (dir: "ASC" | "DESC") => `r.status ${dir}, r."createdAt" ASC, r.id ASC`,
};

// The name search ignores spaces and matches either kana; the email search is a plain fragment.
const nameOrEmail = (patterns: string[], email: string) => ({
  where: `(replace(replace(coalesce(p.name, ''), ' ', ''), '　', '') ILIKE ANY($2::text[])
           OR replace(replace(coalesce(p.furigana, ''), ' ', ''), '　', '') ILIKE ANY($2::text[])
           OR p."emailNormalized" ILIKE $3)`,
  values: [patterns, email],
});

const CASES: ListCase[] = [
  { name: "default (newest first)", params: {}, truth: { where: "true", values: [], order: ORDER.created("DESC") } },
  { name: "name ▲ page 1", params: { sort: "name", dir: "asc" }, truth: { where: "true", values: [], order: ORDER.name("ASC") } },
  { name: "name ▼ page 120", params: { sort: "name", dir: "desc", page: "120" }, truth: { where: "true", values: [], order: ORDER.name("DESC") } },
  { name: "status ▲ page 57", params: { sort: "status", dir: "asc", page: "57" }, truth: { where: "true", values: [], order: ORDER.status("ASC") } },
  { name: "oldest first, last page", params: { sort: "created", dir: "asc", page: "200" }, truth: { where: "true", values: [], order: ORDER.created("ASC") } },
  {
    name: "search 田中, name ▲ page 3",
    params: { q: "田中", sort: "name", dir: "asc", page: "3" },
    truth: { ...nameOrEmail(["%田中%"], "%田中%"), order: ORDER.name("ASC") },
  },
  {
    name: "search たなか はるか (kana)",
    params: { q: "たなか はるか" },
    truth: { ...nameOrEmail(["%タナカハルカ%", "%たなかはるか%"], "%たなか はるか%"), order: ORDER.created("DESC") },
  },
  {
    name: "search email fragment list-0123",
    params: { q: "list-0123", sort: "name", dir: "asc" },
    truth: { ...nameOrEmail(["%list-0123%"], "%list-0123%"), order: ORDER.name("ASC") },
  },
];

type Expected = { total: number; page: number; email: string | null };

/** One event of 10,000 registrations (mostly confirmed, some waitlisted or cancelled) with two questions. */
async function createListEvent(ctx: BenchContext, slug: string): Promise<string> {
  const c = ctx.client;
  const event = await c.query<{ id: string }>(
    `INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "descriptionJa", "startsAt", "endsAt", area, kind, capacity,
                          "reminderHoursBefore", "surveyEnabled", "publishedAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'PUBLISHED', $2, '関係人口ミートアップ（1万人ベンチマーク）', '説明', now() + interval '60 days',
             now() + interval '60 days 3 hours', 'OGAKI', 'NETWORKING', NULL, '{}', false, now(), now())
     RETURNING id`,
    [slug, ctx.organizations.wdlId],
  );
  const eventId = event.rows[0]!.id;
  await c.query(`INSERT INTO "EventOrganizer" ("eventId", "organizationId", role) VALUES ($1, $2, 'HOST'), ($1, $3, 'CO_HOST')`, [
    eventId,
    ctx.organizations.wdlId,
    ctx.organizations.cityId,
  ]);
  const questions = await c.query<{ id: string }>(
    `INSERT INTO "EventQuestion" (id, "eventId", position, kind, "labelJa", options, "cityVisible")
     VALUES (gen_random_uuid(), $1, 1, 'TEXT', 'ご職業', '[]', true),
            (gen_random_uuid(), $1, 2, 'SINGLE_CHOICE', '懇親会に参加しますか', $2::jsonb, true)
     RETURNING id`,
    [eventId, JSON.stringify([{ id: "yes", labelJa: "参加する" }, { id: "no", labelJa: "参加しない" }, { id: "maybe", labelJa: "未定" }])],
  );
  const [job, party] = questions.rows.map((q) => q.id);

  // Names repeat (100 of each, as real lists have namesakes); half the furigana is in hiragana, half in katakana.
  const family = FAMILY.map((f) => f[0]);
  const familyKana = FAMILY.map((f) => f[1]);
  const given = GIVEN.map((g) => g[0]);
  const givenKana = GIVEN.map((g) => g[1]);
  await c.query("BEGIN");
  try {
    // Registered over five weeks, one every five minutes (the newest is person 10,000); ids time-ordered as
    // the app's (tests/bench/uuid7.ts).
    await c.query(`CREATE TEMP TABLE bench_list_rows ON COMMIT DROP AS
      SELECT i, created, ${uuid7Sql("created", `'${slug}p' || i`)} AS participant, ${uuid7Sql("created", `'${slug}r' || i`)} AS registration,
             'list-' || lpad(i::text, 5, '0') || '.${slug.slice(-6)}@bench-list.example' AS email
      FROM generate_series(1, ${PEOPLE}) i, LATERAL (SELECT now() - interval '40 days' + i * interval '5 minutes' AS created) t`);
    await c.query(
      `INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, affiliation, "prefectureCode", municipality, relationships, interests, "updatedAt")
       SELECT participant, email, email, ($1::text[])[1 + i % 10] || ' ' || ($2::text[])[1 + (i / 10) % 10],
              CASE WHEN i % 2 = 0 THEN translate(($3::text[])[1 + i % 10] || ' ' || ($4::text[])[1 + (i / 10) % 10], $6, $5)
                   ELSE ($3::text[])[1 + i % 10] || ' ' || ($4::text[])[1 + (i / 10) % 10] END,
              (ARRAY['株式会社サンプル', '大垣市役所', 'フリーランス', '岐阜大学', NULL])[1 + i % 5],
              (ARRAY['13', '21', '14', '23', '27'])[1 + i % 5], (ARRAY['渋谷区', '大垣市', '横浜市', '名古屋市', '大阪市'])[1 + i % 5],
              ARRAY[(ARRAY['HOMETOWN', 'VISITED', 'NONE', 'WORK_OR_STUDY'])[1 + i % 4]]::"Relationship"[],
              ARRAY[(ARRAY['tourism', 'food', 'community', 'digital'])[1 + i % 4]], now()
       FROM bench_list_rows ORDER BY i`,
      [family, given, familyKana, givenKana, HIRAGANA, KATAKANA],
    );
    await c.query(`
      INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, "relationshipsAtSignup", "howHeard",
                                  "manageTokenHash", "checkinCode", "waitlistedAt", "confirmedAt", "cancelledAt", "createdAt", "updatedAt")
      SELECT registration, '${eventId}', participant, CASE WHEN s = 'CANCELLED' THEN NULL ELSE email END, s::"RegistrationStatus",
             ARRAY[(ARRAY['HOMETOWN', 'VISITED', 'NONE', 'WORK_OR_STUDY'])[1 + i % 4]]::"Relationship"[],
             (ARRAY['SNS', 'FRIEND', 'CITY', 'WDL_MEMBER'])[1 + i % 4]::"HowHeard",
             md5(registration::text), 'L' || i, CASE WHEN s = 'WAITLISTED' THEN created END, CASE WHEN s = 'CONFIRMED' THEN created END,
             CASE WHEN s = 'CANCELLED' THEN created + interval '1 day' END, created, now()
      FROM (SELECT *, CASE WHEN i % 20 < 17 THEN 'CONFIRMED' WHEN i % 20 < 19 THEN 'WAITLISTED' ELSE 'CANCELLED' END AS s
            FROM bench_list_rows) x
      ORDER BY i`);
    await c.query(
      `INSERT INTO "Answer" (id, "registrationId", "questionId", text, choices, "updatedAt")
       SELECT ${uuid7Sql("created", `'${slug}a' || i || '-' || q`)}, registration, question, text, choices, now()
       FROM (
         SELECT i, 1 AS q, created, registration, $1::uuid AS question, (ARRAY['会社員', 'エンジニア', '公務員', '学生', 'デザイナー'])[1 + i % 5] AS text,
                '{}'::text[] AS choices
         FROM bench_list_rows
         UNION ALL
         SELECT i, 2, created, registration, $2::uuid, NULL, ARRAY[(ARRAY['yes', 'no', 'maybe'])[1 + i % 3]] FROM bench_list_rows
       ) answers
       ORDER BY i, q`,
      [job, party],
    );
    await c.query(`INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt")
      SELECT gen_random_uuid(), participant, 'CITY_PROVISION', '2026-10', now() FROM bench_list_rows WHERE i % 10 < 7`);
    await c.query("COMMIT");
  } catch (error) {
    await c.query("ROLLBACK");
    throw error;
  }
  await c.query(`ANALYZE "Participant", "Registration", "Answer", "Consent"`);
  return eventId;
}

async function removeListEvent(ctx: BenchContext, eventId: string) {
  const c = ctx.client;
  const people = await c.query<{ id: string }>(`SELECT "participantId" AS id FROM "Registration" WHERE "eventId" = $1`, [eventId]);
  await c.query(`DELETE FROM "Registration" WHERE "eventId" = $1`, [eventId]);
  await c.query(`DELETE FROM "Participant" WHERE id = ANY($1::uuid[])`, [people.rows.map((p) => p.id)]);
  await c.query(`DELETE FROM "Event" WHERE id = $1`, [eventId]);
}

/** The expected page of a case from plain SQL over the event's rows: the total and the page's first person. */
async function expectedPage(ctx: BenchContext, eventId: string, c: ListCase): Promise<Expected> {
  const base = `FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId" WHERE r."eventId" = $1 AND ${c.truth.where}`;
  const total = (await ctx.client.query<{ n: number }>(`SELECT count(*)::int AS n ${base}`, [eventId, ...c.truth.values])).rows[0]!.n;
  const requested = Number(c.params.page ?? 1);
  const page = Math.min(requested, Math.max(1, Math.ceil(total / PAGE_SIZE)));
  const first = await ctx.client.query<{ email: string }>(`SELECT p.email ${base} ORDER BY ${c.truth.order} LIMIT 1 OFFSET ${(page - 1) * PAGE_SIZE}`, [
    eventId,
    ...c.truth.values,
  ]);
  return { total, page, email: first.rows[0]?.email ?? null };
}

const pageUrl = (ctx: BenchContext, eventId: string, c: ListCase) => {
  const search = new URLSearchParams(c.params).toString();
  return `${ctx.baseUrl}/admin/events/${eventId}/registrations${search ? `?${search}` : ""}`;
};

/** Whether the page's summary line says the expected total and range, and its table's first row is the expected person. */
function pageMatches(html: string, expected: Expected): { summary: boolean; firstRow: boolean } {
  const from = expected.total === 0 ? 0 : (expected.page - 1) * PAGE_SIZE + 1;
  const to = Math.min(expected.total, expected.page * PAGE_SIZE);
  const forms = (n: number) => [String(n), n.toLocaleString("ja-JP")];
  const summary = forms(expected.total).some((total) => forms(from).some((f) => forms(to).some((t) => html.includes(`${total}件中 ${f}–${t}件目`))));
  const body = html.slice(html.indexOf("<tbody"));
  const firstRow = expected.email !== null && body.slice(0, body.indexOf("</tr>")).includes(`>${expected.email}<`);
  return { summary, firstRow };
}

type Statement = { text: string; values: unknown[]; raw: boolean };

/**
 * The statements `listEventRegistrations` issues for a query, from Prisma's query log: the function runs once
 * with a logging client in place of the process's client (lib/server/db.ts keeps it on globalThis).
 */
async function captureStatements(ctx: BenchContext, run: () => Promise<unknown>): Promise<Statement[]> {
  const adapter = new PrismaPg({ connectionString: ctx.databaseUrl, max: 10, options: `-c lock_timeout=5s ${SESSION_OPTIONS}` });
  const logging = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  const statements: Statement[] = [];
  logging.$on("query", (event) => {
    const values = JSON.parse(event.params || "[]") as unknown[];
    // Prisma's own queries name the schema; the data function's $queryRaw statements do not.
    statements.push({ text: event.query, values, raw: !event.query.includes(`"public".`) });
  });
  const holder = globalThis as unknown as { __db?: unknown };
  const previous = holder.__db;
  holder.__db = logging;
  try {
    await run();
  } finally {
    if (previous === undefined) delete holder.__db;
    else holder.__db = previous;
    await logging.$disconnect();
  }
  return statements;
}

/**
 * Replays captured statements through a pg pool: consecutive raw statements together (the data function
 * awaits its counts, filtered count and page ids with Promise.all), the others one after another.
 */
async function replay(pool: pg.Pool, statements: Statement[]): Promise<pg.QueryResult[]> {
  const results: pg.QueryResult[] = [];
  for (let i = 0; i < statements.length; ) {
    if (!statements[i]!.raw) {
      results.push(await pool.query(statements[i]!.text, statements[i]!.values));
      i += 1;
      continue;
    }
    let end = i;
    while (end < statements.length && statements[end]!.raw) end += 1;
    results.push(...(await Promise.all(statements.slice(i, end).map((s) => pool.query(s.text, s.values)))));
    i = end;
  }
  return results;
}

export async function attendeeListBench(ctx: BenchContext): Promise<BenchResult> {
  const slug = `bench-list-${randomBytes(3).toString("hex")}`;
  const started = performance.now();
  const eventId = await createListEvent(ctx, slug);
  ctx.log(`attendee-list: ${PEOPLE} registrations for ${slug} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 10, options: SESSION_OPTIONS });
  try {
    const expected: Expected[] = [];
    for (const c of CASES) expected.push(await expectedPage(ctx, eventId, c));
    const cookie = ctx.cookie("wdl");
    const checks: Record<string, { total: number; page: boolean; data: boolean; peer: boolean }> = {};

    // Correctness, once per query, before anything is timed: the page, the data function and the replayed SQL.
    const captured: Statement[][] = [];
    for (const [i, c] of CASES.entries()) {
      const response = await fetch(pageUrl(ctx, eventId, c), { headers: { cookie } });
      const html = await response.text();
      const page = pageMatches(html, expected[i]!);
      const query = parseRegistrationQuery(c.params);
      let list: Awaited<ReturnType<typeof listEventRegistrations>> = null;
      const statements = await captureStatements(ctx, async () => {
        list = await listEventRegistrations(ctx.staff.wdl, eventId, query, { ip: "127.0.0.1" });
      });
      captured.push(statements);
      const data = list as Awaited<ReturnType<typeof listEventRegistrations>>;
      const dataOk = data !== null && data.total === expected[i]!.total;
      const firstEmail = data && data.view === "full" ? (data.rows[0]?.email ?? null) : null;
      // The replayed filtered count (a single `count` row among the results) must give the same total.
      const results = await replay(pool, statements);
      const peerTotal = results.find((r) => r.rows.length === 1 && r.fields.length === 1 && r.fields[0]!.name === "count")?.rows[0]?.count;
      checks[c.name] = {
        total: expected[i]!.total,
        page: response.status === 200 && page.summary && page.firstRow,
        data: dataOk && firstEmail === expected[i]!.email,
        peer: peerTotal === expected[i]!.total,
      };
    }

    const options = { warmup: CASES.length, iterations: CASES.length * 5, maxMs: 90_000 };
    // Each timed call takes the next query of the mix, so every run covers all of them equally.
    const perCase = () => {
      const samples = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
      let calls = 0;
      return {
        samples,
        task: (run: (c: ListCase, index: number) => Promise<void>) => async () => {
          const call = calls++;
          const c = CASES[call % CASES.length]!;
          const start = performance.now();
          await run(c, call % CASES.length);
          // The warm-up calls (the first round) are not among the per-query figures either.
          if (call >= options.warmup) samples.get(c.name)!.push(performance.now() - start);
        },
        summary: () => Object.fromEntries([...samples].map(([name, s]) => [name, summarise(s)])) as Record<string, Timings>,
      };
    };

    const pageMix = perCase();
    const page = await timeRuns(
      pageMix.task(async (c) => {
        const response = await fetch(pageUrl(ctx, eventId, c), { headers: { cookie } });
        await response.text();
        if (response.status !== 200) throw new Error(`GET registrations (${c.name}) answered ${response.status}`);
      }),
      options,
    );
    const peerMix = perCase();
    const peer = await timeRuns(
      peerMix.task(async (_c, index) => {
        await replay(pool, captured[index]!);
      }),
      options,
    );
    const dataMix = perCase();
    const data = await timeRuns(
      dataMix.task(async (c) => {
        await listEventRegistrations(ctx.staff.wdl, eventId, parseRegistrationQuery(c.params), { ip: "127.0.0.1" });
      }),
      options,
    );

    const all = Object.values(checks);
    const ok = all.every((c) => c.page && c.data && c.peer);
    const pageP95 = page.median.p95;
    const peerP95 = peer.median.p95;
    return {
      id: "attendee-list",
      workload: `GET /admin/events/[id]/registrations, 50 per page of a ${PEOPLE.toLocaleString("en")}-person event, ${CASES.length} queries (sorts by date, name and state, pages 1–200, name/kana/email search), signed in as WDL`,
      figure: { name: "page p95", value: pageP95, unit: "ms" },
      peer: { name: "same SQL through pg p95", value: peerP95, unit: "ms" },
      ratio: pageP95 / peerP95,
      target: { text: `no target in the issue; staff pages p95 ≤ ${TARGET_MS} ms (as the dashboard)`, met: pageP95 <= TARGET_MS },
      correctness: {
        queries: CASES.length,
        "pages with expected first row and total": all.filter((c) => c.page).length,
        "data function matches SQL": all.filter((c) => c.data).length,
        "replayed SQL matches": all.filter((c) => c.peer).length,
      },
      ok,
      detail: {
        eventSlug: slug,
        registrations: PEOPLE,
        checks,
        statementsPerQuery: captured.map((s) => s.length),
        page: { median: page.median, runs: page.runs, perQuery: pageMix.summary() },
        peer: { median: peer.median, runs: peer.runs, perQuery: peerMix.summary() },
        dataFunction: { median: data.median, runs: data.runs, perQuery: dataMix.summary(), ratioToPeer: data.median.p95 / peerP95 },
        pageToDataFunction: pageP95 / data.median.p95,
      },
    };
  } finally {
    await pool.end();
    await removeListEvent(ctx, eventId);
  }
}
