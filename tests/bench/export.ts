import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import exportJa from "@/lib/i18n/messages/staff-export.ja.json";
import { HOW_HEARD, INTERESTS, PREFECTURES, RELATIONSHIPS } from "@/lib/participants/options";
import { median } from "./measure";
import { uuid7Sql } from "./uuid7";
import type { BenchContext, BenchResult } from "./types";

// Issue 7, export: the CSV export of an event with 50,000 registrations and 6 questions through the app's route
// (`GET /api/admin/events/[id]/export?format=csv`, lib/export), signed in as WDL. Peer: PostgreSQL writing the
// same rows and columns itself, `COPY (…) TO STDOUT (FORMAT csv)` read through pg: the same labels (states,
// prefectures, relationships, interests, how-heard, choice options), the same JST times, the same
// formula-injection guard, in the same order, so its file parses to exactly the app's records. Figures: seconds
// of the whole download (median of three runs after a warm-up, app and COPY alternating), the ratio, and the
// app server's peak RSS growth during the export (VmRSS sampled every 50 ms and VmHWM reset before each run,
// from /proc). Correctness: the app's CSV parses, has 50,000 data rows, the 6 question columns, and every
// record equals COPY's.

// GC_NOTE, why the server's RSS grows during an export although nothing accumulates (measured 2026-11-24 with
// node --trace-gc-nvp, lib/export's CSV of this benchmark's event in one process, four exports): each export
// allocates ~630 MB of short-lived JS objects (driver rows, cells, CSV text) and V8's scavenges promote ~115 MB
// of them (18%) to old space, the same with batches of 100, 250 or 1,000 rows and with or without reading the
// next batch ahead (which did not make the export faster either: 1.64 s against 1.70 s, within run-to-run
// noise); old space is only collected at the next mark-compact, when it reaches V8's limit, so RSS rises by
// about that much and falls at once (rssTimelineLastRun in the results shows the saw-tooth). Making it flat
// means not building rows in JS at all (PostgreSQL writing the CSV, as the peer does), which would move the
// column rules of lib/export/columns.ts into SQL.

const ROWS = 50_000;
const TARGET_RATIO = 3;
const TARGET_RSS_MB = 30;
const SAMPLE_MS = 50;
const SETTLE_MS = 3000;
const RUNS = 3;
const TIMEOUT_MS = 180_000;

const QUESTIONS = [
  { kind: "TEXT", labelJa: "ご職業", options: [] },
  { kind: "TEXT", labelJa: "大垣との関わりを一言で", options: [] },
  { kind: "TEXTAREA", labelJa: "大垣で取り組んでみたいこと", options: [] },
  {
    kind: "SINGLE_CHOICE",
    labelJa: "このイベントをどこで知りましたか",
    options: [
      { id: "s1", labelJa: "SNS" },
      { id: "s2", labelJa: "友人・知人" },
      { id: "s3", labelJa: "大垣市の広報" },
      { id: "s4", labelJa: "その他" },
    ],
  },
  {
    kind: "MULTI_CHOICE",
    labelJa: "関心のある分野（複数選択）",
    options: [
      { id: "m1", labelJa: "観光" },
      { id: "m2", labelJa: "食・農" },
      { id: "m3", labelJa: "ものづくり" },
      { id: "m4", labelJa: "まちづくり" },
      { id: "m5", labelJa: "移住・二拠点居住" },
    ],
  },
  {
    kind: "SINGLE_CHOICE",
    labelJa: "懇親会に参加しますか",
    options: [
      { id: "yes", labelJa: "参加する" },
      { id: "no", labelJa: "参加しない" },
      { id: "maybe", labelJa: "未定" },
    ],
  },
] as const;

/** An event of 50,000 registrations whose every field and answer the export writes is filled, awkward text included. */
async function createExportEvent(ctx: BenchContext, slug: string): Promise<{ eventId: string; questionIds: string[] }> {
  const c = ctx.client;
  const event = await c.query<{ id: string }>(
    `INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "descriptionJa", "startsAt", "endsAt", area, kind, capacity,
                          "reminderHoursBefore", "surveyEnabled", "publishedAt", "closedAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'CLOSED', $2, '大垣まるごとフェス（書き出しベンチマーク）', '説明', now() - interval '30 days',
             now() - interval '30 days' + interval '6 hours', 'OGAKI', 'FIELDWORK', NULL, '{}', false, now() - interval '90 days', now(), now())
     RETURNING id`,
    [slug, ctx.organizations.wdlId],
  );
  const eventId = event.rows[0]!.id;
  await c.query(`INSERT INTO "EventOrganizer" ("eventId", "organizationId", role) VALUES ($1, $2, 'HOST'), ($1, $3, 'CO_HOST')`, [
    eventId,
    ctx.organizations.wdlId,
    ctx.organizations.cityId,
  ]);
  const questionIds: string[] = [];
  for (const [index, q] of QUESTIONS.entries()) {
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO "EventQuestion" (id, "eventId", position, kind, "labelJa", options, "cityVisible")
       VALUES (gen_random_uuid(), $1, $2, $3::"QuestionKind", $4, $5::jsonb, true) RETURNING id`,
      [eventId, index + 1, q.kind, q.labelJa, JSON.stringify(q.options)],
    );
    questionIds.push(rows[0]!.id);
  }
  const [job, bond, plan, source, fields, party] = questionIds;

  await c.query("BEGIN");
  try {
    // One sign-up a minute over five weeks; ids time-ordered as the app's (tests/bench/uuid7.ts).
    await c.query(`CREATE TEMP TABLE bench_export_rows ON COMMIT DROP AS
      SELECT i, created, ${uuid7Sql("created", `'${slug}p' || i`)} AS participant, ${uuid7Sql("created", `'${slug}r' || i`)} AS registration,
             'export-' || lpad(i::text, 5, '0') || '.${slug.slice(-6)}@bench-export.example' AS email,
             CASE WHEN i % 10 < 7 THEN 'ATTENDED' WHEN i % 10 = 7 THEN 'NO_SHOW' WHEN i % 10 = 8 THEN 'CANCELLED' ELSE 'WAITLISTED' END AS s
      FROM generate_series(1, ${ROWS}) i, LATERAL (SELECT now() - interval '75 days' + i * interval '1 minute' AS created) t`);
    // Commas, quotes, line breaks and formula-like text, as participants type them.
    await c.query(`
      INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, affiliation, "prefectureCode", municipality, relationships, interests, "updatedAt")
      SELECT participant, email, email,
             (ARRAY['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村'])[1 + i % 8] || ' ' || (ARRAY['遥', '翔', '陽菜', '蓮', '結衣', '湊'])[1 + i % 6],
             (ARRAY['さとう', 'すずき', 'たかはし', 'たなか', 'いとう', 'わたなべ', 'やまもと', 'なかむら'])[1 + i % 8] || ' ' || (ARRAY['はるか', 'しょう', 'ひな', 'れん', 'ゆい', 'みなと'])[1 + i % 6],
             (ARRAY['株式会社サンプル, 東京支社', '大垣市役所', 'フリーランス', NULL, '"水都"デザイン室', '-'])[1 + i % 6],
             (ARRAY['13', '21', '14', '23', '27', '99', NULL])[1 + i % 7], (ARRAY['渋谷区', '大垣市', '横浜市', NULL])[1 + i % 4],
             ARRAY[(ARRAY['HOMETOWN', 'VISITED', 'NONE', 'WORK_OR_STUDY', 'FURUSATO_NOZEI'])[1 + i % 5]]::"Relationship"[],
             ARRAY[(ARRAY['tourism', 'food', 'community', 'digital'])[1 + i % 4], (ARRAY['nature', 'relocation', 'culture'])[1 + i % 3]], now()
      FROM bench_export_rows ORDER BY i`);
    await c.query(`
      INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, "relationshipsAtSignup", "howHeard", "howHeardOther",
                                  "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", ref,
                                  "manageTokenHash", "checkinCode", "checkedInAt", "createdAt", "updatedAt")
      SELECT registration, '${eventId}', participant, CASE WHEN s = 'CANCELLED' THEN NULL ELSE email END, s::"RegistrationStatus",
             CASE WHEN i % 10 = 0 THEN '{}' ELSE ARRAY[(ARRAY['VISITED', 'HOMETOWN', 'NONE'])[1 + i % 3]] END::"Relationship"[],
             (ARRAY['SNS', 'FRIEND', 'CITY', 'OTHER', NULL])[1 + i % 5]::"HowHeard", CASE WHEN i % 5 = 3 THEN '大学の授業で、先生から' END,
             CASE WHEN i % 7 = 0 THEN 'instagram' END, CASE WHEN i % 7 = 0 THEN 'social' END, CASE WHEN i % 7 = 0 THEN 'fes-2026' END,
             CASE WHEN i % 14 = 0 THEN '大垣 観光' END, CASE WHEN i % 14 = 0 THEN 'story' END, CASE WHEN i % 9 = 0 THEN 'wdl-news' END,
             md5(registration::text), 'E' || i,
             CASE WHEN s = 'ATTENDED' THEN now() - interval '30 days' + (i % 300) * interval '1 minute' END,
             created, now()
      FROM bench_export_rows ORDER BY i`);
    // A sign-up writes its answers with it: each registration's six answers lie together, as the app's do.
    await c.query(
      `INSERT INTO "Answer" (id, "registrationId", "questionId", text, choices, "updatedAt")
       SELECT ${uuid7Sql("created", `'${slug}a' || i || '-' || q`)}, registration, question, text, choices, now()
       FROM (
         SELECT i, 1 AS q, created, registration, $1::uuid AS question,
                (ARRAY['会社員', 'エンジニア', '公務員', '学生', 'デザイナー', '=SUM(A1:A2)', '営業, 企画'])[1 + i % 7] AS text, '{}'::text[] AS choices
         FROM bench_export_rows
         UNION ALL
         SELECT i, 2, created, registration, $2::uuid, (ARRAY['"水の都"が好き', '祖父母の家がある', 'ふるさと納税をしています', '＋αの関わりを探し中'])[1 + i % 4], '{}'
         FROM bench_export_rows WHERE i % 11 <> 0
         UNION ALL
         SELECT i, 3, created, registration, $3::uuid, E'週末に通えます。\\n地域の企業と副業で関わりたい', '{}' FROM bench_export_rows
         UNION ALL
         SELECT i, 4, created, registration, $4::uuid, NULL, ARRAY[(ARRAY['s1', 's2', 's3', 's4'])[1 + i % 4]] FROM bench_export_rows
         UNION ALL
         SELECT i, 5, created, registration, $5::uuid, NULL, ARRAY[(ARRAY['m1', 'm2', 'm3', 'm4', 'm5'])[1 + i % 5], (ARRAY['m1', 'm2', 'm3', 'm4', 'm5'])[1 + (i + 2) % 5]]
         FROM bench_export_rows
         UNION ALL
         -- An option removed since (still in old answers): exported as stored.
         SELECT i, 6, created, registration, $6::uuid, NULL, ARRAY[CASE WHEN i % 50 = 0 THEN 'old' ELSE (ARRAY['yes', 'no', 'maybe'])[1 + i % 3] END]
         FROM bench_export_rows
       ) answers
       ORDER BY i, q`,
      [job, bond, plan, source, fields, party],
    );
    await c.query("COMMIT");
  } catch (error) {
    await c.query("ROLLBACK");
    throw error;
  }
  await c.query(`ANALYZE "Participant", "Registration", "Answer"`);
  return { eventId, questionIds };
}

async function removeExportEvent(ctx: BenchContext, eventId: string) {
  const c = ctx.client;
  const people = await c.query<{ id: string }>(`SELECT "participantId" AS id FROM "Registration" WHERE "eventId" = $1`, [eventId]);
  await c.query(`DELETE FROM "Registration" WHERE "eventId" = $1`, [eventId]);
  await c.query(`DELETE FROM "Participant" WHERE id = ANY($1::uuid[])`, [people.rows.map((p) => p.id)]);
  await c.query(`DELETE FROM "Event" WHERE id = $1`, [eventId]);
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const labelMap = (entries: readonly { id: string; label: string }[]) => `${literal(JSON.stringify(Object.fromEntries(entries.map((e) => [e.id, e.label]))))}::jsonb`;
/** The Japanese label of an id, or the id itself when it has none (as lib/participants/options labelOf). */
const labelOf = (map: string, id: string) => `coalesce(${map} ->> ${id}, ${id})`;
const labels = (map: string, array: string) =>
  `(SELECT string_agg(${labelOf(map, "u.id")}, '、' ORDER BY u.n) FROM unnest(${array}::text[]) WITH ORDINALITY AS u(id, n))`;
const jst = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')`;

/**
 * COPY of the same rows and columns as the app's CSV for WDL (lib/export/columns.ts): fixed columns, then the
 * questions by position. Values are computed in a subquery (OFFSET 0 keeps it one), then each cell gets the
 * leading apostrophe of lib/export/csv.ts neutralizeCell when it starts like a formula.
 */
function copySql(eventId: string, questions: { id: string; kind: string; options: readonly { id: string; labelJa: string }[] }[]): string {
  const status = labelMap(Object.entries(exportJa.status).map(([id, label]) => ({ id, label })));
  const prefecture = labelMap(PREFECTURES.map((p) => ({ id: p.id, label: p.ja })));
  const relationship = labelMap(RELATIONSHIPS.map((r) => ({ id: r.id, label: r.ja })));
  const interest = labelMap(INTERESTS.map((i) => ({ id: i.id, label: i.ja })));
  const howHeard = labelMap(HOW_HEARD.map((h) => ({ id: h.id, label: h.ja })));
  const fixed = [
    labelOf(status, "r.status::text"),
    jst(`r."createdAt"`),
    "p.name",
    "p.furigana",
    "p.email",
    "p.affiliation",
    `CASE WHEN p."prefectureCode" IS NOT NULL THEN ${labelOf(prefecture, `p."prefectureCode"`)} END`,
    "p.municipality",
    labels(relationship, `CASE WHEN cardinality(r."relationshipsAtSignup") > 0 THEN r."relationshipsAtSignup" ELSE p.relationships END`),
    labels(interest, "p.interests"),
    `CASE WHEN r."howHeard" IS NOT NULL THEN ${labelOf(howHeard, `r."howHeard"::text`)} || coalesce('（' || nullif(r."howHeardOther", '') || '）', '') END`,
    `r."utmSource"`,
    `r."utmMedium"`,
    `r."utmCampaign"`,
    `r."utmTerm"`,
    `r."utmContent"`,
    "r.ref",
    jst(`r."checkedInAt"`),
  ];
  const answers = questions.map((q, i) =>
    q.kind === "SINGLE_CHOICE" || q.kind === "MULTI_CHOICE"
      ? labels(labelMap(q.options.map((o) => ({ id: o.id, label: o.labelJa }))), `a${i}.choices`)
      : `a${i}.text`,
  );
  const columns = [...fixed, ...answers];
  const joins = questions.map((q, i) => `LEFT JOIN "Answer" a${i} ON a${i}."registrationId" = r.id AND a${i}."questionId" = ${literal(q.id)}::uuid`);
  const cells = columns.map(
    (_, i) => `CASE WHEN v.c${i} ~ '^[=+@\\t\\r＝＋－＠-]' THEN '''' || v.c${i} ELSE coalesce(v.c${i}, '') END`,
  );
  return `COPY (
    SELECT ${cells.join(",\n      ")}
    FROM (
      SELECT r.id, ${columns.map((c, i) => `${c} AS c${i}`).join(",\n        ")}
      FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
      ${joins.join("\n      ")}
      WHERE r."eventId" = ${literal(eventId)}::uuid
      OFFSET 0
    ) v
    ORDER BY v.id
  ) TO STDOUT (FORMAT csv)`;
}

/** Resident memory of a process, in kB, from /proc (VmRSS now, VmHWM the peak since the last reset). */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rss: field("VmRSS"), hwm: field("VmHWM") };
  } catch {
    return null;
  }
}

/** Resets the process's VmHWM to its current RSS (clear_refs 5); false when the kernel or permissions refuse. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

type Download = {
  seconds: number;
  bytes: number;
  body: Buffer;
  /** Peak VmRSS (sampled) and VmHWM (since the reset) above VmRSS at the start, in MB. */
  rssGrowthMb: number | null;
  hwmGrowthMb: number | null;
  /** VmRSS above the start, in MB, once the export has ended and the server has been idle for SETTLE_MS. */
  settledGrowthMb: number | null;
  /** [ms since the request, VmRSS growth in MB], every SAMPLE_MS. */
  timeline: [number, number][];
};

/**
 * The app's export, read to the end as a client would, with the server's memory watched meanwhile and for a
 * moment after (whether the growth stays, as retained data would, or goes, as collected garbage does).
 */
async function downloadExport(ctx: BenchContext, eventId: string): Promise<Download> {
  const pid = ctx.processes().server;
  const before = pid ? memoryOf(pid) : null;
  const peakReset = pid ? resetPeak(pid) : false;
  let highest = before?.rss ?? Number.NaN;
  const timeline: [number, number][] = [];
  const start = performance.now();
  const sample = () => {
    const now = pid ? memoryOf(pid) : null;
    if (!now || !before) return null;
    timeline.push([Math.round(performance.now() - start), (now.rss - before.rss) / 1024]);
    return now;
  };
  const sampler = setInterval(() => {
    const now = sample();
    if (now) highest = Math.max(highest, now.rss);
  }, SAMPLE_MS);
  try {
    const response = await fetch(`${ctx.baseUrl}/api/admin/events/${eventId}/export?format=csv`, {
      headers: { cookie: ctx.cookie("wdl") },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status !== 200 || !response.body) throw new Error(`GET export answered ${response.status}`);
    const chunks: Buffer[] = [];
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(Buffer.from(read.value.buffer, read.value.byteOffset, read.value.byteLength));
    const seconds = (performance.now() - start) / 1000;
    const after = pid ? memoryOf(pid) : null;
    if (after) highest = Math.max(highest, after.rss);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled = pid ? memoryOf(pid) : null;
    const body = Buffer.concat(chunks);
    return {
      seconds,
      bytes: body.length,
      body,
      rssGrowthMb: before ? (highest - before.rss) / 1024 : null,
      hwmGrowthMb: before && after && peakReset ? (after.hwm - before.rss) / 1024 : null,
      settledGrowthMb: before && settled ? (settled.rss - before.rss) / 1024 : null,
      timeline,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** PostgreSQL's own CSV of the same rows, read to the end through pg. */
async function downloadCopy(client: pg.Client, sql: string): Promise<{ seconds: number; bytes: number; body: Buffer }> {
  const start = performance.now();
  const stream = client.query(copyTo(sql));
  const chunks: Buffer[] = [];
  const timer = setTimeout(() => stream.destroy(new Error("COPY did not finish in time")), TIMEOUT_MS);
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } finally {
    clearTimeout(timer);
  }
  const seconds = (performance.now() - start) / 1000;
  const body = Buffer.concat(chunks);
  return { seconds, bytes: body.length, body };
}

export async function exportBench(ctx: BenchContext): Promise<BenchResult> {
  const slug = `bench-export-${randomBytes(3).toString("hex")}`;
  const started = performance.now();
  const { eventId, questionIds } = await createExportEvent(ctx, slug);
  ctx.log(`export: ${ROWS} registrations with ${QUESTIONS.length} answered questions for ${slug} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const sql = copySql(
    eventId,
    QUESTIONS.map((q, i) => ({ id: questionIds[i]!, kind: q.kind, options: q.options })),
  );
  // The same session settings as the app's pool (lib/db/client.ts): no JIT, UTC.
  const peerClient = new pg.Client({ connectionString: ctx.databaseUrl, options: "-c TimeZone=UTC -c jit=off" });
  await peerClient.connect();
  try {
    // Warm-up (caches, plans, the route's first compile), then app and COPY alternately, so drift hits both.
    await downloadExport(ctx, eventId);
    await downloadCopy(peerClient, sql);
    const app: Download[] = [];
    const copy: { seconds: number; bytes: number; body: Buffer }[] = [];
    for (let run = 0; run < RUNS; run++) {
      app.push(await downloadExport(ctx, eventId));
      copy.push(await downloadCopy(peerClient, sql));
    }

    // Correctness on the last run's files: the app's CSV parses, has every row and the question columns, and
    // each record is COPY's record.
    const appRecords = parse(app[RUNS - 1]!.body, { bom: true, relax_column_count: true }) as string[][];
    const copyRecords = parse(copy[RUNS - 1]!.body, { relax_column_count: true }) as string[][];
    const header = appRecords[0] ?? [];
    const dataRows = appRecords.slice(1);
    const questionColumns = QUESTIONS.filter((q) => header.includes(q.labelJa)).length;
    let differing = 0;
    let firstDifference: { row: number; app: string[]; copy: string[] } | null = null;
    for (let i = 0; i < Math.max(dataRows.length, copyRecords.length); i++) {
      const a = dataRows[i];
      const b = copyRecords[i];
      if (a && b && a.length === b.length && a.every((v, j) => v === b[j])) continue;
      differing += 1;
      firstDifference ??= { row: i + 1, app: a ?? [], copy: b ?? [] };
    }
    const ok = dataRows.length === ROWS && questionColumns === QUESTIONS.length && copyRecords.length === ROWS && differing === 0;

    const seconds = median(app.map((d) => d.seconds));
    const copySeconds = median(copy.map((d) => d.seconds));
    const ratio = seconds / copySeconds;
    // The larger of the two readings of each run (sampled VmRSS, VmHWM since the reset), then the median run.
    const growth = app.map((d) => Math.max(d.rssGrowthMb ?? Number.NaN, d.hwmGrowthMb ?? Number.NEGATIVE_INFINITY));
    const rssGrowthMb = median(growth);
    const settledMb = median(app.map((d) => d.settledGrowthMb ?? Number.NaN));
    const measuredMemory = Number.isFinite(rssGrowthMb);
    // The largest fall between two samples of the last run: a collection, as opposed to a slow release.
    const timeline = app[RUNS - 1]!.timeline;
    const largestDrop = timeline.reduce((drop, [, mb], i) => (i === 0 ? drop : Math.max(drop, timeline[i - 1]![1] - mb)), 0);
    const fast = ratio <= TARGET_RATIO;
    const flat = measuredMemory && rssGrowthMb <= TARGET_RSS_MB;
    const misses: string[] = [];
    if (!fast) misses.push(`${ratio.toFixed(2)} × COPY, ${((ratio / TARGET_RATIO - 1) * 100).toFixed(0)}% over ${TARGET_RATIO} ×`);
    if (!measuredMemory) misses.push("the server's memory could not be read from /proc");
    else if (!flat) {
      misses.push(
        `peak RSS growth ${rssGrowthMb.toFixed(0)} MB, ${(rssGrowthMb - TARGET_RSS_MB).toFixed(0)} MB over; ${SETTLE_MS / 1000} s after the ` +
          `export RSS is ${Math.abs(settledMb).toFixed(0)} MB ${settledMb <= 0 ? "below" : "above"} where it started, and in the last run ` +
          `it fell by ${largestDrop.toFixed(0)} MB at once mid-export. Not rows held (the heap after a forced GC stays flat: ` +
          `tests/integration/lib/export/large-export.test.ts) but the export's short-lived objects that V8 promotes to old space ` +
          `and frees only at its next mark-compact: see GC_NOTE in tests/bench/export.ts`,
      );
    }
    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    return {
      id: "export",
      workload: `GET /api/admin/events/[id]/export?format=csv: ${ROWS.toLocaleString("en")} registrations × ${header.length} columns (${QUESTIONS.length} questions), signed in as WDL`,
      figure: { name: "export", value: seconds, unit: "s" },
      peer: { name: "COPY … TO STDOUT (FORMAT csv) through pg", value: copySeconds, unit: "s" },
      ratio,
      target: {
        text: `≤ ${TARGET_RATIO} × COPY, server peak RSS growth ≤ ${TARGET_RSS_MB} MB (measured: ${measuredMemory ? `${rssGrowthMb.toFixed(1)} MB` : "unreadable"})`,
        met: fast && flat,
      },
      ...(misses.length > 0 ? { limit: misses.join("; ") } : {}),
      correctness: {
        "data rows": dataRows.length,
        columns: header.length,
        "question columns": questionColumns,
        "records differing from COPY": differing,
      },
      ok,
      detail: {
        eventSlug: slug,
        copySql: sql,
        loadAverageAfter: load,
        runs: app.map((d, i) => ({
          appSeconds: d.seconds,
          appBytes: d.bytes,
          rssGrowthMb: d.rssGrowthMb,
          hwmGrowthMb: d.hwmGrowthMb,
          settledGrowthMb: d.settledGrowthMb,
          copySeconds: copy[i]!.seconds,
          copyBytes: copy[i]!.bytes,
        })),
        peakRssGrowthMb: rssGrowthMb,
        maxPeakRssGrowthMb: Math.max(...growth),
        settledGrowthMb: settledMb,
        rssTimelineLastRun: timeline,
        largestRssDropMb: largestDrop,
        firstDifference,
      },
    };
  } finally {
    await peerClient.end();
    await removeExportEvent(ctx, eventId);
  }
}
