import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, SESSION_COOKIE } from "../support/staff-session";
import { currentRun } from "./support/run";

// Staff sessions over HTTP against the production build: the server decides on every request from the Session
// row (idle deadline in `expires`, absolute limit from `createdAt`), whatever the browser still holds. The limits
// themselves (and a control with them switched off) are in tests/integration/security/sessions.test.ts.

const IDLE_MS = 2 * 3_600_000; // SESSION_IDLE_SECONDS
const ABSOLUTE_MS = 12 * 3_600_000; // SESSION_ABSOLUTE_SECONDS

let db: PrismaClient;
test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function adminStatus(request: import("@playwright/test").APIRequestContext, baseURL: string, token: string) {
  const response = await request.get(`${baseURL}/admin`, { headers: { Cookie: `${SESSION_COOKIE}=${token}` }, maxRedirects: 0, failOnStatusCode: false });
  return response.status() === 200 ? "in" : (response.headers()["location"] ?? "").includes("/admin/signin") ? "out" : `HTTP ${response.status()}`;
}

test("idle and absolute limits are enforced by the server on the next request", async ({ request, baseURL }) => {
  const fresh = await createStaffSession(db, "organizer@wdl.example");
  expect(await adminStatus(request, baseURL!, fresh)).toBe("in");

  const idle = await createStaffSession(db, "organizer@wdl.example");
  await db.session.update({ where: { sessionToken: idle }, data: { expires: new Date(Date.now() - 1000) } });
  expect(await adminStatus(request, baseURL!, idle)).toBe("out");
  expect(await db.session.findUnique({ where: { sessionToken: idle } })).toBeNull();

  // Still inside its idle deadline, but signed in longer ago than the absolute limit.
  const old = await createStaffSession(db, "organizer@wdl.example");
  await db.session.update({ where: { sessionToken: old }, data: { createdAt: new Date(Date.now() - ABSOLUTE_MS - 60_000), expires: new Date(Date.now() + IDLE_MS) } });
  expect(await adminStatus(request, baseURL!, old)).toBe("out");
  expect(await db.session.findUnique({ where: { sessionToken: old } })).toBeNull();
});

test("after sign-out, a copy of the old cookie is refused", async ({ page, context, baseURL, request }) => {
  const token = await createStaffSession(db, "admin@wdl.example");
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "イベント" })).toBeVisible();
  await page.getByRole("button", { name: "サインアウト" }).click();
  await expect(page).toHaveURL(/\/admin\/signin/);
  expect(await db.session.findUnique({ where: { sessionToken: token } })).toBeNull();
  expect(await adminStatus(request, baseURL!, token)).toBe("out");
});

test("over http the session cookie is HttpOnly and SameSite=Lax (Secure and __Host- when APP_URL is https)", async ({ page, context, baseURL }) => {
  const token = await createStaffSession(db, "admin@wdl.example");
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
  // The CSRF cookie next-auth sets itself shows the attributes the server uses.
  await page.goto("/admin/signin");
  const response = await page.request.get(`${baseURL}/api/auth/csrf`);
  const setCookie = response.headers()["set-cookie"] ?? "";
  expect(setCookie).toMatch(/next-auth\.csrf-token=/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  // JavaScript on the page cannot read the session.
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});
