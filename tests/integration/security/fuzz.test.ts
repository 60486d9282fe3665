import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/client";
import { participantPagePath } from "@/lib/subscriptions/links";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";
import { ACTION_ACCESS, type ActionParam } from "../../support/route-permissions";

// Every server action and every route handler, fed arbitrary input (fast-check): random FormData (the field
// names each action reads, and random ones; strings of every kind, numbers as text, 5 MB values, files), random
// JSON, wrong types, wrong content types, oversized and truncated bodies. What must hold:
// - an action returns a state or ends in redirect()/notFound(); any other throw is a 500 in Next;
// - a route handler never answers 5xx, and no answer carries a stack trace or a server path;
// - no partial write: row counts per table are equal before and after, unless the call legitimately succeeded.
// Staff actions run as a WDL_ADMIN (the widest scope) with the session stubbed; Next's request helpers are stubbed
// as in the other action tests. `npm run test:long` runs thousands of cases.

const LONG = process.env.TEST_LONG === "1";
const ACTION_RUNS = Number(process.env.FUZZ_ACTION_RUNS) || (LONG ? 150 : 5);
const ROUTE_RUNS = Number(process.env.FUZZ_ROUTE_RUNS) || (LONG ? 400 : 20);

const state = vi.hoisted(() => ({ staff: null as unknown, ip: 0 }));

class Redirect extends Error {
  constructor(readonly url: string) {
    super(`NEXT_REDIRECT ${url}`);
  }
}
class NotFound extends Error {
  constructor() {
    super("NEXT_NOT_FOUND");
  }
}

vi.mock("@/lib/server/auth", () => ({
  requireStaff: async () => state.staff,
  getStaff: async () => state.staff,
  staffForRoute: async () => state.staff,
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": `203.0.113.${(state.ip++ % 250) + 1}`, origin: "http://localhost:3000", host: "localhost:3000" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
  permanentRedirect: (url: string) => {
    throw new Redirect(url);
  },
  notFound: () => {
    throw new NotFound();
  },
  forbidden: () => {
    throw new NotFound();
  },
  unauthorized: () => {
    throw new NotFound();
  },
}));

let t: TestDatabase;
let db: PrismaClient;
let ids: { event: string; slug: string; participant: string; registration: string; campaign: string; user: string; participantToken: string };

beforeAll(async () => {
  process.env.RATE_LIMIT_SIGNUP_PER_IP = "1000000";
  process.env.RATE_LIMIT_SIGNUP_PER_EMAIL = "1000000";
  process.env.RATE_LIMIT_API_WRITES_PER_MINUTE = "1000000";
  process.env.RATE_LIMIT_API_READS_PER_MINUTE = "1000000";
  process.env.SIGNUP_MIN_FILL_SECONDS = "0";
  t = await useAppDatabase();
  db = t.db;
  const event = await createEvent(db, { capacity: 5, waitlistEnabled: true });
  const wdl = await db.organization.findUniqueOrThrow({ where: { slug: "wdl" } });
  const admin = await db.user.create({ data: { email: "fuzz-admin@wdl.example", role: "WDL_ADMIN", organizationId: wdl.id } });
  const { getStaffUser } = await import("@/lib/staff/data");
  state.staff = await getStaffUser(admin.id);
  const { signUp } = await import("@/lib/registrations/signup");
  await signUp(event.slug, signup("fuzz-seed"), { ip: "192.0.2.1" });
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id } });
  const campaign = await db.campaign.create({
    data: { organizationId: wdl.id, category: "FOLLOW_UP", subjectJa: "件名", bodyJa: "本文", segment: { eventIds: [event.id], statuses: ["CONFIRMED"], interests: [], relationships: [] } },
  });
  ids = {
    event: event.id,
    slug: event.slug,
    participant: registration.participantId,
    registration: registration.id,
    campaign: campaign.id,
    user: admin.id,
    participantToken: (await participantPagePath(registration.participantId))!.split("/").pop()!,
  };
}, 120_000);
afterAll(async () => {
  await t.drop();
});

// Tables whose rows a refused or failed call may still touch: rate-limit counters are written before anything
// is parsed, by design.
const COUNTED_ELSEWHERE = new Set(["RateLimitBucket"]);

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const sql = tables.filter((r) => !COUNTED_ELSEWHERE.has(r.table_name)).map((r) => `SELECT '${r.table_name}' AS t, count(*)::int AS n FROM "${r.table_name}"`).join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ t: string; n: number }[]>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

function diff(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((k) => before[k] !== after[k]).map((k) => `${k} ${before[k]}→${after[k]}`);
}

const LEAK = /\n\s+at [\w.<>]+ \(|\/work\/|node_modules|\.next\/server|file:\/\/|Prisma|PrismaClient|ECONNREFUSED|relation "|TypeError|ReferenceError/;

// ---------- arbitraries ----------

const hostile = fc.constantFrom(
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "\u0000",
  "\ud800",
  "=cmd|' /C calc'!A0",
  "a\r\nBcc: x@evil.example",
  "../../etc/passwd",
  "%00",
  "２０２６－０１－０１",
  "2026-13-45T25:61",
  "00000000-0000-0000-0000-000000000000",
  "9".repeat(400),
  "あ".repeat(5000),
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 4, arbitrary: hostile },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);
const bigValue = fc.constant("x".repeat(5 * 1024 * 1024));

/** The string literals an action module passes around (its field names, mostly): the keys worth fuzzing. */
function fieldNames(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const names = new Set<string>();
  for (const match of source.matchAll(/["']([A-Za-z][\w.[\]-]{0,40})["']/g)) names.add(match[1]!);
  return [...names].filter((n) => !n.includes("/") && !n.startsWith("@"));
}

function formArbitrary(keys: string[]) {
  const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
  const value = fc.oneof(
    { weight: 20, arbitrary: text.map((v) => v as string | Blob) },
    { weight: 1, arbitrary: bigValue.map((v) => v as string | Blob) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => new Blob([bytes]) as string | Blob) },
  );
  return fc.array(fc.tuple(key, value), { maxLength: 25 }).map((entries) => {
    const form = new FormData();
    for (const [k, v] of entries) form.append(k, v);
    return form;
  });
}

// Over HTTP every argument is whatever JSON the caller sends, whatever the TypeScript signature says.
const anyJson = fc.jsonValue({ maxDepth: 2 });

function argArbitrary(param: ActionParam, keys: string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 9, arbitrary: typedArg(param, keys) }, { weight: 1, arbitrary: anyJson });
}

function typedArg(param: ActionParam, keys: string[]): fc.Arbitrary<unknown> {
  switch (param) {
    case "id":
    case "nullableId":
      return fc.oneof(fc.constantFrom(ids.event, ids.participant, ids.campaign, ids.registration, ids.user), text, ...(param === "nullableId" ? [fc.constant(null)] : []));
    case "token":
      return fc.oneof(fc.constant(ids.participantToken), text, fc.base64String({ maxLength: 80 }));
    case "slug":
      return fc.oneof(fc.constant(ids.slug), text);
    case "state":
      return fc.oneof(fc.constant(null), fc.constant(undefined), fc.constant({}), fc.jsonValue({ maxDepth: 2 }));
    case "form":
      return formArbitrary(keys);
  }
}

/** Whether an action's outcome says it did something (then writes are expected), or refused/failed. */
function succeeded(outcome: { returned?: unknown; redirect?: string; notFound?: boolean }): boolean {
  if (outcome.notFound) return false;
  if (outcome.redirect !== undefined) return !/error=|invalid|not[-_]?found/i.test(outcome.redirect);
  const value = outcome.returned as Record<string, unknown> | undefined | null;
  if (value && typeof value === "object") {
    if ("ok" in value) return value.ok === true;
    if ("errors" in value && value.errors && Object.keys(value.errors as object).length) return false;
    if ("error" in value && value.error) return false;
    if ("status" in value) return value.status !== "error" && value.status !== "invalid";
  }
  return true;
}

// ---------- server actions ----------

type Action = (...args: unknown[]) => Promise<unknown>;

/** Runs an action on arbitrary arguments; what went wrong, as readable lines. */
async function fuzzAction(key: string, action: Action, params: readonly ActionParam[], keys: string[], runs: number): Promise<string[]> {
  const failures: string[] = [];
  await fc.assert(
        fc.asyncProperty(fc.tuple(...params.map((p) => argArbitrary(p, keys))), async (args) => {
          const before = await rowCounts();
          const outcome: { returned?: unknown; redirect?: string; notFound?: boolean; error?: unknown } = {};
          try {
            outcome.returned = await action(...args);
          } catch (error) {
            if (error instanceof Redirect) outcome.redirect = error.url;
            else if (error instanceof NotFound) outcome.notFound = true;
            else outcome.error = error;
          }
          if (outcome.error) {
            failures.push(`${key}(${describeArgs(args)}) threw ${String((outcome.error as Error)?.stack ?? outcome.error).slice(0, 400)}`);
            return false;
          }
          const changed = diff(before, await rowCounts());
          if (changed.length && !succeeded(outcome)) {
            failures.push(`${key}(${describeArgs(args)}) refused (${JSON.stringify(outcome).slice(0, 200)}) but wrote: ${changed.join(", ")}`);
            return false;
          }
          return true;
        }),
    { numRuns: runs, endOnFailure: true },
  ).catch(() => {});
  return failures;
}

describe("server actions with arbitrary input", () => {
  it("control: the harness reports an action that crashes on odd input, and one that writes half and then fails", async () => {
    const crashes: Action = async (id) => String(id).length > 3 ? ((undefined as unknown as { x: number }).x) : null;
    expect((await fuzzAction("control#crashes", crashes, ["id"], [], 30)).join("\n")).toMatch(/threw TypeError/);
    const writesHalf: Action = async () => {
      await db.auditLog.create({ data: { action: "control.half", targetType: "Control", targetId: "x" } as never });
      return { ok: false };
    };
    expect((await fuzzAction("control#writesHalf", writesHalf, ["form"], ["a"], 3)).join("\n")).toMatch(/refused .* but wrote: AuditLog/);
  });

  for (const [key, { params }] of Object.entries(ACTION_ACCESS)) {
    const [file, name] = key.split("#") as [string, string];
    it(`${key}: returns or redirects, never throws, never writes half`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, Action>;
      const action = mod[name];
      expect(action, `${key} is exported`).toBeTypeOf("function");
      const keys = [...fieldNames(file), "eventId", "id", "registrationId", "participantId", "campaignId", "userId", "slug", "token"];
      expect(await fuzzAction(key, action!, params, keys, ACTION_RUNS)).toEqual([]);
    }, LONG ? 600_000 : 60_000);
  }
});

function describeArgs(args: unknown[]): string {
  return args
    .map((a) => (a instanceof FormData ? `FormData{${[...a.entries()].map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v.slice(0, 30)) : "<file>"}`).join(", ")}}` : JSON.stringify(a)?.slice(0, 60)))
    .join(", ");
}

// ---------- route handlers ----------

type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? routeFiles(full) : entry === "route.ts" ? [full] : [];
  });
}

/** Which route handlers this file fuzzes; a route handler added to app/ without an entry here fails the test. */
const FUZZED_ROUTES = [
  "app/api/events/route.ts",
  "app/api/events/[slug]/route.ts",
  "app/api/events/[slug]/calendar/route.ts",
  "app/api/events/[slug]/registrations/route.ts",
  "app/api/health/route.ts",
  "app/api/unsubscribe/[token]/route.ts",
  "app/api/admin/events/[id]/export/route.ts",
  "app/api/admin/insights/export/route.ts",
  "app/me/[token]/data/[format]/route.ts",
];
// next-auth's own handler: its inputs are fuzzed by its authors; ours are the options (tests/integration/security/sessions.test.ts).
const NOT_FUZZED = ["app/api/auth/[...nextauth]/route.ts"];

async function check(response: Response, label: string, failures: string[]) {
  const body = await response.text();
  if (response.status >= 500) failures.push(`${label}: HTTP ${response.status} ${body.slice(0, 200)}`);
  if (LEAK.test(body)) failures.push(`${label}: internal detail in the answer: ${body.slice(0, 300)}`);
  return body;
}

const contentTypes = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "",
);
const jsonBody = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...Object.keys(signup(0))), fc.oneof(fc.jsonValue({ maxDepth: 2 }), text))
      .chain(([field, value]) => fc.constant(JSON.stringify({ ...signup(`${Date.now()}${Math.random()}`), [field]: value }))),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder().decode(b)) },
);

describe("route handlers with arbitrary input", () => {
  it("every route handler in app/ is fuzzed here", () => {
    const files = routeFiles("app").map((f) => f.split(path.sep).join("/")).sort();
    expect(files.filter((f) => !FUZZED_ROUTES.includes(f) && !NOT_FUZZED.includes(f))).toEqual([]);
  });

  it("POST /api/events/[slug]/registrations: arbitrary JSON, wrong types and content types → never 5xx, no partial write", async () => {
    const { POST } = (await import("@/app/api/events/[slug]/registrations/route")) as unknown as { POST: Handler };
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(ids.slug), text), contentTypes, jsonBody, async (slug, type, body) => {
        const before = await rowCounts();
        const response = await POST(
          new Request("http://localhost/api/events/fuzz/registrations", {
            method: "POST",
            headers: { "content-type": type, "x-forwarded-for": `198.18.${state.ip % 250}.${(state.ip++ % 250) + 1}` },
            body,
          }),
          { params: Promise.resolve({ slug }) },
        );
        await check(response, `POST ${slug} ${type} ${body.slice(0, 80)}`, failures);
        const changed = diff(before, await rowCounts());
        // 202 (the same answer whatever the address): a new registration, or, for an address already registered,
        // only its manage link queued again; so may a 409 full/closed for an address already registered.
        const whole = ["Registration", "RegistrationTransition", "OutboxMessage"].every((table) => changed.some((c) => c.startsWith(`${table} `)));
        const mailOnly = changed.every((c) => c.startsWith("OutboxMessage"));
        const allowed = (response.status === 202 && (whole || mailOnly)) || (response.status === 409 && mailOnly);
        if (changed.length && !allowed) failures.push(`POST ${slug} → ${response.status} wrote ${changed.join(", ")}`);
        // A sign-up is whole: its registration, its history row and its mail, together.
        if (response.status === 202 && !whole && !mailOnly) {
          failures.push(`POST ${slug} → 202 but wrote only ${changed.join(", ")}`);
        }
      }),
      { numRuns: ROUTE_RUNS * 3 },
    );
    expect(failures).toEqual([]);
  }, LONG ? 600_000 : 90_000);

  it("POST /api/events/[slug]/registrations: 5 MB bodies, declared or streamed, are 413 without writing", async () => {
    const { POST } = (await import("@/app/api/events/[slug]/registrations/route")) as unknown as { POST: Handler };
    const big = JSON.stringify({ ...signup("big"), name: "x".repeat(5 * 1024 * 1024) });
    const before = await rowCounts();
    const declared = await POST(
      new Request("http://localhost/api/events/x/registrations", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "198.19.0.1" }, body: big }),
      { params: Promise.resolve({ slug: ids.slug }) },
    );
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
        for (let i = 0; i < 80; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await POST(
      new Request("http://localhost/api/events/x/registrations", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "198.19.0.2" },
        body: stream,
        duplex: "half",
      } as RequestInit),
      { params: Promise.resolve({ slug: ids.slug }) },
    );
    expect(streamed.status).toBe(413);
    expect(diff(before, await rowCounts())).toEqual([]);
  });

  it("GET /api/events, /api/events/[slug], its calendar, /api/health: arbitrary slugs and queries → never 5xx, nothing written", async () => {
    const list = (await import("@/app/api/events/route")) as unknown as { GET: Handler };
    const one = (await import("@/app/api/events/[slug]/route")) as unknown as { GET: Handler };
    const calendar = (await import("@/app/api/events/[slug]/calendar/route")) as unknown as { GET: Handler };
    const health = (await import("@/app/api/health/route")) as unknown as { GET: Handler };
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(ids.slug), text), fc.dictionary(fc.oneof(fc.constantFrom("when", "upcoming", "past", "limit", "page", "cursor", "locale"), fc.string({ maxLength: 8 })), text, { maxKeys: 4 }), async (slug, query) => {
        const qs = new URLSearchParams(query).toString();
        const before = await rowCounts();
        for (const [label, handler] of [["list", list], ["one", one], ["calendar", calendar], ["health", health]] as const) {
          const response = await handler.GET(new Request(`http://localhost/api/x?${qs}`, { headers: { "x-forwarded-for": `198.20.0.${(state.ip++ % 250) + 1}` } }), { params: Promise.resolve({ slug }) });
          await check(response, `GET ${label} ${slug} ?${qs}`, failures);
        }
        const changed = diff(before, await rowCounts());
        if (changed.length) failures.push(`GET ${slug} wrote ${changed.join(", ")}`);
      }),
      { numRuns: ROUTE_RUNS },
    );
    expect(failures).toEqual([]);
  }, LONG ? 600_000 : 60_000);

  it("/api/unsubscribe/[token] GET and POST and /me/[token]/data/[format]: arbitrary tokens and bodies → never 5xx; GET writes nothing", async () => {
    const unsubscribe = (await import("@/app/api/unsubscribe/[token]/route")) as unknown as { GET: Handler; POST: Handler };
    const data = (await import("@/app/me/[token]/data/[format]/route")) as unknown as { GET: Handler };
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(ids.participantToken), text, fc.base64String({ maxLength: 80 })), fc.oneof(fc.constantFrom("json", "csv"), text), contentTypes, fc.oneof(fc.constant("List-Unsubscribe=One-Click"), fc.string({ maxLength: 100 }), fc.constant("x".repeat(100_000))), async (token, format, type, body) => {
        const before = await rowCounts();
        const get = await unsubscribe.GET(new Request("http://localhost/api/unsubscribe/x"), { params: Promise.resolve({ token }) });
        await check(get, `GET unsubscribe ${token}`, failures);
        if (diff(before, await rowCounts()).length) failures.push(`GET unsubscribe ${token} wrote`);
        const post = await unsubscribe.POST(new Request("http://localhost/api/unsubscribe/x", { method: "POST", headers: { "content-type": type }, body }), { params: Promise.resolve({ token }) });
        await check(post, `POST unsubscribe ${token} ${type}`, failures);
        const mid = await rowCounts();
        const download = await data.GET(new Request("http://localhost/me/x/data/y"), { params: Promise.resolve({ token, format }) });
        await check(download, `GET data ${token} ${format}`, failures);
        // A download writes exactly its audit row; a refused one nothing.
        const changed = diff(mid, await rowCounts());
        if (changed.length && !(download.status === 200 && changed.every((c) => c.startsWith("AuditLog")))) failures.push(`GET data ${token} ${format} → ${download.status} wrote ${changed.join(", ")}`);
      }),
      { numRuns: ROUTE_RUNS },
    );
    expect(failures).toEqual([]);
  }, LONG ? 600_000 : 60_000);

  it("staff exports: arbitrary ids and query strings → never 5xx, nothing but audit rows written", async () => {
    const events = (await import("@/app/api/admin/events/[id]/export/route")) as unknown as { GET: Handler };
    const insights = (await import("@/app/api/admin/insights/export/route")) as unknown as { GET: Handler };
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(ids.event), text),
        fc.dictionary(fc.oneof(fc.constantFrom("format", "from", "to", "year", "area", "kind", "eventIds", "eventId", "view", "city"), fc.string({ maxLength: 8 })), text, { maxKeys: 5 }),
        async (id, query) => {
          const qs = new URLSearchParams(query).toString();
          const before = await rowCounts();
          for (const [label, response] of [
            ["event export", await events.GET(new Request(`http://localhost/api/admin/events/x/export?${qs}`), { params: Promise.resolve({ id }) })],
            ["insights export", await insights.GET(new Request(`http://localhost/api/admin/insights/export?${qs}`), { params: Promise.resolve({}) })],
          ] as const) {
            await check(response, `${label} ${id} ?${qs}`, failures);
          }
          const changed = diff(before, await rowCounts());
          if (changed.some((c) => !c.startsWith("AuditLog") && !c.startsWith("ProvisionRecord"))) failures.push(`exports ${id} ?${qs} wrote ${changed.join(", ")}`);
        },
      ),
      { numRuns: ROUTE_RUNS },
    );
    expect(failures).toEqual([]);
  }, LONG ? 600_000 : 60_000);
});
