import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { PERMISSIONS, STAFF_ROLES, type StaffRole } from "@/lib/staff/permissions";
import { ACTION_ACCESS, ROUTE_ACCESS, STATE_CHANGING_ROUTE_HANDLERS, type ActionParam } from "../support/route-permissions";
import { SESSION_COOKIE, sessionsForEveryRole } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// The access-control matrix over the production build: every page, route handler and server action the build
// contains must be in tests/support/route-permissions.ts (and nothing listed there may be missing from the
// build). Server actions are called over HTTP as the browser does (POST, `Next-Action: <id>`, the arguments
// encoded as React's encodeReply does: a multipart body whose field "0" is the argument list, a FormData
// argument written as "$K1" with its fields named "_1_<name>"), as anonymous, as each role, and as staff of another
// organisation, with ids of records they may not touch: every refused call writes nothing (a checksum of every
// table before and after). A privileged call in the same format does change the record — the control that
// proves the calls reach the actions. The staff pages' own matrix is tests/e2e/staff-permissions.spec.ts.

let db: PrismaClient;
const sessions = new Map<string, string>();
let foreign: { event: string; participant: string; registration: string; campaign: string; user: string; slug: string };

type BuildAction = { key: string; id: string; page: string };

function routesInBuild(): { route: string; kind: "page" | "route" }[] {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>;
  return Object.keys(manifest).map((key) => ({
    route: key.replace(/\/\([^)]+\)/g, "").replace(/\/(page|route)$/, "") || "/",
    kind: key.endsWith("/route") ? ("route" as const) : ("page" as const),
  }));
}

function actionsInBuild(): BuildAction[] {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    key: `${entry.filename}#${entry.exportedName}`,
    id,
    // A page that imports the action (Next runs it there); not its own error pages.
    page:
      ([...Object.keys(entry.workers)].sort((a, b) => Number(a !== "app/page") - Number(b !== "app/page")).find((w) => !w.startsWith("app/_")) ?? "app/page")
        .replace(/^app/, "")
        .replace(/\/\([^)]+\)/g, "")
        .replace(/\/page$/, "") || "/",
  }));
}

const VOLATILE_TABLES = new Set(["Session", "VerificationToken", "RateLimitBucket", "_prisma_migrations"]);
const COUNT_ONLY_TABLES = new Set(["OutboxMessage", "DeliveryAttempt"]);

/** A checksum of every table's rows (what a refused call must leave exactly as it was). */
async function snapshot(): Promise<Map<string, string>> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const result = new Map<string, string>();
  for (const { table_name: table } of tables) {
    if (VOLATILE_TABLES.has(table)) continue;
    // The mail worker updates delivery state on its own: there only new rows count.
    const [row] = await db.$queryRawUnsafe<{ sum: string | null }[]>(
      COUNT_ONLY_TABLES.has(table)
        ? `SELECT count(*)::text AS sum FROM "${table}"`
        : `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM "${table}" t`,
    );
    result.set(table, row!.sum ?? "");
  }
  return result;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
}

/** Wait for what an action may have queued to settle (the mail worker, revalidation), then compare. */
async function settledSnapshot() {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return snapshot();
}

const RANDOM_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

function actionBody(params: readonly ActionParam[], ids: typeof foreign): FormData {
  const form = new FormData();
  const args = params.map((param) => {
    switch (param) {
      case "id":
        return ids.event;
      case "nullableId":
        return ids.campaign;
      case "token":
        return RANDOM_TOKEN;
      case "slug":
        return ids.slug;
      case "state":
        return null;
      case "form":
        return "$K1";
    }
  });
  const fields: Record<string, string> = {
    eventId: ids.event,
    id: ids.event,
    registrationId: ids.registration,
    registrationIds: ids.registration,
    participantId: ids.participant,
    campaignId: ids.campaign,
    userId: ids.user,
    invitationId: ids.user,
    activityId: ids.registration,
    questionId: ids.registration,
    slug: ids.slug,
    code: "ONLYWDL1",
    action: "cancel",
    reason: "access-control test",
    locale: "en",
    // What a scope slip would change on another organisation's staff member (changeStaffUser).
    role: "CHECKIN",
    disabled: "true",
  };
  for (const [name, value] of Object.entries(fields)) form.set(`_1_${name}`, value);
  // Last, as React writes it: the server resolves "$K1" as soon as it reads "0", from the fields read so far.
  form.set("0", JSON.stringify(args));
  return form;
}

async function callAction(
  request: APIRequestContext,
  baseURL: string,
  action: BuildAction,
  body: FormData,
  options: { cookie?: string; origin?: string | null } = {},
) {
  const headers: Record<string, string> = { "Next-Action": action.id, Accept: "text/x-component" };
  if (options.origin !== null) headers.Origin = options.origin ?? baseURL;
  if (options.cookie) headers.Cookie = `${SESSION_COOKIE}=${options.cookie}`;
  const url = `${baseURL}${action.page.replace(/\[[^\]]+\]/g, (segment) => (segment === "[slug]" ? foreign.slug : segment === "[token]" ? RANDOM_TOKEN : foreign.event))}`;
  const response = await request.post(url, { headers, multipart: body, maxRedirects: 0, failOnStatusCode: false });
  return { status: response.status(), body: await response.text(), redirect: response.headers()["x-action-redirect"] ?? "" };
}

test.beforeAll(async () => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  for (const [role, token] of await sessionsForEveryRole(db)) sessions.set(role, token);

  // Records of WDL alone: the city's staff and the other organisation may not touch them.
  const wdl = await db.organization.findUniqueOrThrow({ where: { slug: "wdl" } });
  const stamp = Date.now();
  const event = await db.event.create({
    data: {
      slug: `ac-wdl-only-${stamp}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "アクセス制御の秘密イベント",
      descriptionJa: "",
      capacity: 10,
      startsAt: new Date(stamp + 20 * 86_400_000),
      endsAt: new Date(stamp + 20 * 86_400_000 + 7_200_000),
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }] },
    },
  });
  const email = `ac-secret-${stamp}@example.com`;
  const person = await db.participant.create({ data: { email, emailNormalized: email, name: "秘密 太郎" } });
  const registration = await db.registration.create({
    data: { eventId: event.id, participantId: person.id, emailNormalized: email, status: "CONFIRMED", manageTokenHash: `ac${stamp}`, checkinCode: "ONLYWDL1" },
  });
  const campaign = await db.campaign.create({
    data: { organizationId: wdl.id, category: "FOLLOW_UP", subjectJa: "秘密の配信", bodyJa: "本文", segment: { eventIds: [event.id], statuses: ["CONFIRMED"], interests: [], relationships: [] } },
  });
  const wdlUser = await db.user.findUniqueOrThrow({ where: { email: "organizer@wdl.example" } });
  foreign = { event: event.id, participant: person.id, registration: registration.id, campaign: campaign.id, user: wdlUser.id, slug: event.slug };
});
test.afterAll(async () => {
  await db.$disconnect();
});

// What none of the callers may see: the person's name and address, and the campaign. (The event itself is
// published, so its title is public: the home page shows it after any action posted there.)
const SECRETS = () => ["秘密 太郎", `ac-secret-`, "秘密の配信"];

test("every route and server action in the build is in the permission table, and the table lists nothing else", () => {
  const routes = [...new Set(routesInBuild().map((r) => r.route))];
  expect(routes.length).toBeGreaterThan(20);
  expect(routes.filter((route) => !ROUTE_ACCESS[route]).sort(), "routes missing from tests/support/route-permissions.ts").toEqual([]);
  expect(Object.keys(ROUTE_ACCESS).filter((route) => !routes.includes(route)).sort(), "routes in the table but not in the build").toEqual([]);

  const actions = actionsInBuild().map((a) => a.key);
  expect(actions.length).toBeGreaterThan(20);
  expect(actions.filter((key) => !ACTION_ACCESS[key]).sort(), "server actions missing from tests/support/route-permissions.ts").toEqual([]);
  expect(Object.keys(ACTION_ACCESS).filter((key) => !actions.includes(key)).sort(), "actions in the table but not in the build").toEqual([]);
  // The staff permissions named in the table exist.
  for (const { access } of Object.values(ACTION_ACCESS)) {
    if (access.kind === "staff") for (const p of access.permissions) expect(Object.keys(PERMISSIONS)).toContain(p);
  }
});

type Actor = "ANONYMOUS" | StaffRole | "OTHER_CITY_ADMIN";

/** Who may use the action on WDL-only records: WDL roles with the permission. Everyone else must be refused. */
function mayTouchWdlRecords(actor: Actor, permissions: readonly string[]): boolean {
  if (actor === "ANONYMOUS" || actor === "OTHER_CITY_ADMIN" || actor === "CITY_ADMIN" || actor === "CITY_STAFF") return false;
  return permissions.some((p) => (PERMISSIONS[p as keyof typeof PERMISSIONS] as readonly string[] | undefined)?.includes(actor));
}

test("server actions: anonymous, roles without the permission and other organisations' staff are refused and write nothing", async ({ request, baseURL }) => {
  test.setTimeout(240_000);
  const failures: string[] = [];
  const actors: Actor[] = ["ANONYMOUS", ...STAFF_ROLES, "OTHER_CITY_ADMIN"];
  for (const action of actionsInBuild()) {
    const entry = ACTION_ACCESS[action.key];
    if (!entry) continue; // reported by the table test
    for (const actor of actors) {
      if (entry.access.kind === "staff" && mayTouchWdlRecords(actor, entry.access.permissions)) continue;
      if (entry.access.kind !== "staff" && actor !== "ANONYMOUS") continue;
      const before = await snapshot();
      const result = await callAction(request, baseURL!, action, actionBody(entry.params, foreign), { cookie: sessions.get(actor) });
      const changed = changedTables(before, await settledSnapshot());
      if (changed.length) failures.push(`${action.key} as ${actor}: wrote to ${changed.join(", ")} (HTTP ${result.status})`);
      if (result.status >= 500) failures.push(`${action.key} as ${actor}: HTTP ${result.status}`);
      for (const secret of SECRETS()) if (result.body.includes(secret)) failures.push(`${action.key} as ${actor}: the answer contains "${secret}"`);
      if (/\bat \S+ \(|\/work\/|node_modules|\.next\/server/.test(result.body)) failures.push(`${action.key} as ${actor}: stack trace or path in the answer`);
    }
  }
  expect(failures).toEqual([]);
});

test("a staff action with a foreign Origin or none is refused and writes nothing; from the app's own origin it works (control)", async ({ request, baseURL }) => {
  const close = actionsInBuild().find((a) => a.key === "lib/events/staff/actions.ts#closeEventAction")!;
  const form = () => {
    const body = new FormData();
    body.set("_1_eventId", foreign.event);
    body.set("_1_slug", foreign.slug);
    body.set("0", JSON.stringify(["$K1"]));
    return body;
  };
  const cookie = sessions.get("WDL_ADMIN");
  for (const origin of ["https://evil.example", "null", null] as const) {
    const before = await snapshot();
    const result = await callAction(request, baseURL!, close, form(), { cookie, origin });
    expect(changedTables(before, await settledSnapshot()), `Origin ${origin}`).toEqual([]);
    expect(result.redirect, `Origin ${origin}`).not.toContain("done=closed");
    expect((await db.event.findUniqueOrThrow({ where: { id: foreign.event } })).status).toBe("PUBLISHED");
  }
  const result = await callAction(request, baseURL!, close, form(), { cookie });
  expect(result.status).toBe(200);
  expect(result.redirect).toContain("done=closed");
  expect((await db.event.findUniqueOrThrow({ where: { id: foreign.event } })).status).toBe("CLOSED");
  await db.event.update({ where: { id: foreign.event }, data: { status: "PUBLISHED" } });
});

test("forged action requests get a clean 4xx before Next reads them: 403 for a foreign or missing Origin, 413 over 1 MB (proxy guard)", async ({ request, baseURL }) => {
  // Next alone answers a foreign Origin and an oversized body with a 500 (and runs an action without Origin);
  // lib/server/action-request.ts, called first in proxy.ts, answers them cleanly.
  const signupAction = actionsInBuild().find((a) => a.key === "lib/registrations/actions.ts#submitSignupForm")!;
  const body = () => {
    const form = new FormData();
    form.set("_1_name", "大きな送信");
    form.set("0", JSON.stringify([foreign.slug, null, "$K1"]));
    return form;
  };
  const before = await snapshot();
  expect((await callAction(request, baseURL!, signupAction, body(), { origin: "https://evil.example" })).status).toBe(403);
  expect((await callAction(request, baseURL!, signupAction, body(), { origin: null })).status).toBe(403);
  const big = new FormData();
  big.set("_1_name", "x".repeat(5 * 1024 * 1024));
  big.set("0", JSON.stringify([foreign.slug, null, "$K1"]));
  const oversized = await callAction(request, baseURL!, signupAction, big);
  expect(oversized.status).toBe(413);
  expect(oversized.body).not.toMatch(/\bat \S+ \(|node_modules|\.next\/server/);
  expect(changedTables(before, await settledSnapshot())).toEqual([]);
});

test("a GET to a route handler that changes state on POST changes nothing", async ({ request, baseURL }) => {
  const registrationsBefore = await db.registration.count();
  for (const route of STATE_CHANGING_ROUTE_HANDLERS) {
    const before = await snapshot();
    const url = `${baseURL}${route.replace("[slug]", foreign.slug).replace("[token]", RANDOM_TOKEN).replace("[...nextauth]", "signout")}`;
    const response = await request.get(`${url}?email=x%40example.com&name=x`, { maxRedirects: 0, failOnStatusCode: false });
    expect(response.status(), route).toBeLessThan(500);
    expect(changedTables(before, await settledSnapshot()), route).toEqual([]);
  }
  expect(await db.registration.count()).toBe(registrationsBefore);
  // Signing out by GET only shows next-auth's confirmation page: the session stays.
  const token = sessions.get("WDL_ORGANIZER")!;
  await request.get(`${baseURL}/api/auth/signout`, { headers: { Cookie: `${SESSION_COOKIE}=${token}` }, maxRedirects: 0, failOnStatusCode: false });
  expect(await db.session.findUnique({ where: { sessionToken: token } })).not.toBeNull();
});

test("token routes with a wrong token refuse (404, or a page saying the link is not valid) without data", async ({ request, baseURL }) => {
  for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
    if (access.kind !== "token") continue;
    for (const token of [RANDOM_TOKEN, `${foreign.participant}.AAAAAAAAAAAAAAAAAAAAAA`, `${foreign.registration}`]) {
      const url = `${baseURL}${route.replace("[token]", token).replace("[format]", "json")}`;
      const response = await request.get(url, { maxRedirects: 0, failOnStatusCode: false });
      expect(response.status(), `${route}: ${response.status()}`).toBeLessThan(500);
      const body = await response.text();
      for (const secret of SECRETS()) expect(body, `${route} with ${token}`).not.toContain(secret);
    }
  }
});

test("framework headers (x-middleware-subrequest, x-nextjs-data, x-invoke-path, forwarded host) change nothing", async ({ request, baseURL }) => {
  const spoofs: Record<string, string>[] = [
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-nextjs-data": "1" },
    { "x-invoke-path": "/api/health", "x-invoke-query": "{}", "x-invoke-output": "/api/health" },
    { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1" },
    { "x-middleware-prefetch": "1", purpose: "prefetch", "next-router-prefetch": "1" },
    { rsc: "1", "next-router-state-tree": "%5B%22%22%2C%7B%7D%5D" },
  ];
  const failures: string[] = [];
  for (const headers of spoofs) {
    for (const route of ["/admin", `/admin/events/${foreign.event}`, `/admin/participants/${foreign.participant}`, `/api/admin/events/${foreign.event}/export?format=csv`]) {
      const response = await request.get(`${baseURL}${route}`, { headers, maxRedirects: 0, failOnStatusCode: false });
      const status = response.status();
      const body = await response.text();
      const location = response.headers()["location"] ?? "";
      const redirected = [302, 303, 307, 308].includes(status);
      const refused = route.startsWith("/api/") ? status === 401 : redirected && location.includes("/admin/signin");
      // An RSC request without Next's cache-busting `_rsc` parameter is first sent to the same URL with it (no
      // data); one with it answers with a redirect instruction inside the flight response.
      const rscDetour = "rsc" in headers && ((redirected && location.includes("_rsc=")) || (status === 200 && /\/admin\/signin/.test(body)));
      if (!refused && !rscDetour) failures.push(`${route} with ${JSON.stringify(headers)}: ${status} ${location}`);
      for (const secret of SECRETS()) if (body.includes(secret)) failures.push(`${route} with ${JSON.stringify(headers)}: leaked "${secret}"`);
    }
    // As city staff, a WDL-only record stays hidden whatever the headers say.
    const response = await request.get(`${baseURL}/admin/participants/${foreign.participant}`, {
      headers: { ...headers, Cookie: `${SESSION_COOKIE}=${sessions.get("CITY_ADMIN")}` },
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    if (response.status() === 200 && !("rsc" in headers)) failures.push(`participant page as CITY_ADMIN with ${JSON.stringify(headers)}: 200`);
    const body = await response.text();
    for (const secret of SECRETS()) if (body.includes(secret)) failures.push(`participant page as CITY_ADMIN with ${JSON.stringify(headers)}: leaked "${secret}"`);
  }
  expect(failures).toEqual([]);
});

test("a sign-in link always points at APP_URL, whatever Host or X-Forwarded-Host the request claims", async ({ request, baseURL }) => {
  const csrf = await request.get(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const since = Date.now();
  await request.post(`${baseURL}/api/auth/signin/email`, {
    headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", Origin: baseURL! },
    form: { email: "organizer@wdl.example", csrfToken, callbackUrl: "https://evil.example/admin", json: "true" },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const mail = await waitForMail("organizer@wdl.example", /サインインリンク/, 20_000, since);
  const links = (mail.text ?? "").match(/https?:\/\/[^\s<>"]+/g) ?? [];
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    expect(link.startsWith(baseURL!), link).toBe(true);
    expect(decodeURIComponent(link), link).not.toContain("evil.example");
  }
});
