import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { can, STAFF_ROLES, type StaffRole } from "@/lib/staff/permissions";
import { PUBLIC_STAFF_ROUTES, STAFF_ROUTES } from "@/lib/staff/routes";
import { SESSION_COOKIE, sessionsForEveryRole } from "../support/staff-session";
import { currentRun } from "./support/run";

// The permission matrix: every staff page and route handler in the build, called as anonymous, as each role,
// and as staff of another organisation, with ids in and out of their scope. Each answer must match the
// permission table (lib/staff/permissions.ts) — and a route missing from lib/staff/routes.ts fails the test.

let db: PrismaClient;
const sessions = new Map<string, string>();
let ids: { shared: { event: string; participant: string }; wdlOnly: { event: string; participant: string } };
// A draft campaign of WDL: the campaign pages take a campaign id, not an event id.
let campaignId: string;

function staffRoutesInBuild(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>;
  return Object.keys(manifest)
    .map((key) => key.replace(/\/\([^)]+\)/g, "").replace(/\/(page|route)$/, "") || "/")
    .filter((route) => route === "/admin" || route.startsWith("/admin/") || route.startsWith("/api/admin/"))
    .sort();
}

test.beforeAll(async () => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  for (const [role, token] of await sessionsForEveryRole(db)) sessions.set(role, token);

  const wdl = await db.organization.findUniqueOrThrow({ where: { slug: "wdl" } });
  // A person the city may see: registered for a co-organised event, with a current consent to provision.
  const shared = await db.event.findFirstOrThrow({
    where: { slug: "ogaki-fieldwork-tour-2027-01" },
    include: {
      registrations: {
        where: { participant: { consents: { some: { purpose: "CITY_PROVISION", withdrawnAt: null } } } },
        take: 1,
      },
    },
  });
  // An event the city does not co-organise: city staff must not reach it, nor its people.
  const wdlOnly = await db.event.create({
    data: {
      slug: `wdl-only-${Date.now()}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "WDL単独のイベント",
      descriptionJa: "",
      startsAt: new Date(Date.now() + 20 * 86_400_000),
      endsAt: new Date(Date.now() + 20 * 86_400_000 + 7_200_000),
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }] },
    },
  });
  const person = await db.participant.create({ data: { email: `only-${Date.now()}@example.com`, emailNormalized: `only-${Date.now()}@example.com`, name: "単独 参加者" } });
  await db.registration.create({
    data: { eventId: wdlOnly.id, participantId: person.id, emailNormalized: person.emailNormalized, status: "CONFIRMED", manageTokenHash: `x${Date.now()}`, checkinCode: "ONLYWDL1" },
  });
  campaignId = (
    await db.campaign.create({
      data: {
        organizationId: wdl.id,
        category: "FOLLOW_UP",
        subjectJa: "権限確認の配信",
        bodyJa: "本文",
        segment: { eventIds: [shared.id], statuses: ["ATTENDED"], interests: [], relationships: [] },
      },
    })
  ).id;
  ids = {
    shared: { event: shared.id, participant: shared.registrations[0]!.participantId },
    wdlOnly: { event: wdlOnly.id, participant: person.id },
  };
});
test.afterAll(async () => {
  await db.$disconnect();
});

test("every staff route in the build is in the route table", () => {
  const known = new Set<string>([...Object.keys(STAFF_ROUTES), ...PUBLIC_STAFF_ROUTES]);
  const routes = staffRoutesInBuild();
  expect(routes.length).toBeGreaterThan(5);
  expect(routes.filter((route) => !known.has(route))).toEqual([]);
});

type Actor = "ANONYMOUS" | StaffRole | "OTHER_CITY_ADMIN";
const ACTORS: Actor[] = ["ANONYMOUS", ...STAFF_ROLES, "OTHER_CITY_ADMIN"];

function expected(actor: Actor, route: string, scope: "shared" | "wdlOnly"): "signin" | 200 | 403 | 404 {
  const isApi = route.startsWith("/api/");
  if (actor === "ANONYMOUS") return isApi ? 404 : "signin"; // API: 401 (checked as "not 200")
  const role: StaffRole = actor === "OTHER_CITY_ADMIN" ? "CITY_ADMIN" : actor;
  const allowed = STAFF_ROUTES[route]!.some((permission) => can(role, permission));
  // A page the role may not use says so (403, "no permission"; issue: a bare 404 told staff nothing). It is
  // decided by the role alone, before any record is read, so it reveals nothing about the id in the URL;
  // records outside the organisation stay 404 below. Route handlers keep answering 404.
  if (!allowed) return isApi ? 404 : 403;
  const hasId = route.includes("[id]");
  if (!hasId) return 200;
  if (actor === "OTHER_CITY_ADMIN") return 404;
  if (scope === "wdlOnly" && (role === "CITY_ADMIN" || role === "CITY_STAFF")) return 404;
  return 200;
}

for (const actor of ACTORS) {
  test(`as ${actor}: every staff route answers as the permission table says`, async ({ request, baseURL }) => {
    const failures: string[] = [];
    for (const route of Object.keys(STAFF_ROUTES)) {
      for (const scope of route.includes("[id]") ? (["shared", "wdlOnly"] as const) : (["shared"] as const)) {
        const id = route.startsWith("/admin/participants/") ? ids[scope].participant : route.startsWith("/admin/campaigns/") ? campaignId : ids[scope].event;
        const url = `${baseURL}${route.replace("[id]", id)}${route.startsWith("/api/") ? "?format=csv" : ""}`;
        const token = sessions.get(actor);
        const response = await request.get(url, {
          maxRedirects: 0,
          headers: token ? { Cookie: `${SESSION_COOKIE}=${token}` } : {},
        });
        const want = expected(actor, route, scope);
        const status = response.status();
        const location = response.headers()["location"] ?? "";
        const ok =
          want === "signin"
            ? (status === 307 || status === 303 || status === 302) && location.includes("/admin/signin")
            : want === 404 && route.startsWith("/api/") && actor === "ANONYMOUS"
              ? status === 401
              : status === want;
        // A refusal never carries the record's data.
        const body = await response.text();
        const secret = scope === "wdlOnly" ? "WDL単独のイベント" : "大垣フィールドワークツアー";
        if (status !== 200 && body.includes(secret)) {
          const at = body.indexOf(secret);
          failures.push(`${route} (${scope}): refused but leaked data: …${body.slice(Math.max(0, at - 120), at + 40)}…`);
        }
        if (!ok) failures.push(`${route} (${scope}): ${status} ${location} ≠ ${want}`);
      }
    }
    expect(failures).toEqual([]);
  });
}
