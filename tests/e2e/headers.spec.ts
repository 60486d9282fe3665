import { randomBytes } from "node:crypto";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, SESSION_COOKIE, staffCookie } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// Security headers per route class (proxy.ts, lib/server/headers.ts, next.config.ts), and the nonce-based
// Content-Security-Policy seen from a real Chromium: every public and staff page renders without a single
// violation, and a control shows that a script injected into the HTML without the nonce does not run.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
let event: { id: string; slug: string };
let participantId: string;
let manageUrl: string;
let meUrl: string;
let staffToken: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 12 * 86_400_000) / 3_600_000) * 3_600_000);
  event = await db.event.create({
    data: {
      slug: `headers-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "ヘッダー確認のイベント",
      summaryJa: "テスト用のイベントです。",
      descriptionJa: "## 内容\n\n- トーク",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷のイベントスペース",
      capacity: 10,
      waitlistEnabled: true,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
    select: { id: true, slug: true },
  });
  const email = `headers-${run}@example.com`;
  const signup = await request.post(`/api/events/${event.slug}/registrations`, {
    data: { name: `ヘッダー 確認 ${run}`, furigana: "へっだー", email, prefectureCode: "13", relationships: ["NONE"], consents: { CITY_PROVISION: true } },
  });
  expect(signup.status()).toBe(202);
  const mail = (await waitForMail(email, /参加登録が完了しました/)).text ?? "";
  manageUrl = new URL(/(http\S+\/manage\/[\w.-]+)/.exec(mail)![1]!).pathname;
  // The manage page links to the person's own page.
  meUrl = /href="(\/me\/[\w.-]+)"/.exec(await (await request.get(manageUrl)).text())![1]!;
  participantId = (await db.participant.findUniqueOrThrow({ where: { emailNormalized: email } })).id;
  staffToken = await createStaffSession(db, "admin@wdl.example");
});

test.afterAll(async () => {
  await db.$disconnect();
});

const NO_STORE = /(^|[ ,])no-store([ ,]|$)/;

function expectBaseHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toContain("camera=(self)");
  // APP_URL is http here: HSTS would lock the browser out of plain http for this host for two years.
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

function nonceOf(response: APIResponse): string {
  const csp = response.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, `nonce in ${csp}`).toBeTruthy();
  return nonce!;
}

test("headers per route class: public pages cacheable by the browser, personal and staff responses no-store, assets untouched", async ({ request }) => {
  const cookie = { Cookie: `${SESSION_COOKIE}=${staffToken}` };
  const get = (path: string, headers: Record<string, string> = {}) => request.get(path, { maxRedirects: 0, headers });

  // Public pages: a fresh nonce per response, never no-store (kept for back/forward, revalidated), but private:
  // the HTML carries this response's nonce, so no shared cache may serve it to someone else.
  for (const path of ["/", "/events", `/events/${event.slug}`]) {
    const response = await get(path);
    expect(response.status(), path).toBe(200);
    expectBaseHeaders(response, path);
    const cacheControl = response.headers()["cache-control"] ?? "";
    expect(cacheControl, path).not.toMatch(NO_STORE);
    expect(cacheControl, path).toMatch(/\bprivate\b/);
    const csp = response.headers()["content-security-policy"] ?? "";
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "connect-src 'self'", "'strict-dynamic'"]) {
      expect(csp, path).toContain(directive);
    }
    expect(csp, path).not.toContain("unsafe-eval");
    expect(/script-src[^;]*'unsafe-inline'/.test(csp), path).toBe(false);

    // Every executable script of the page carries this response's nonce (JSON-LD is data, not script).
    const nonce = nonceOf(response);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !/type="application\/ld\+json"/.test(attrs));
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(scripts.filter((attrs) => !attrs.includes(`nonce="${nonce}"`)), path).toEqual([]);
    // ... and a new one on the next request.
    expect(nonceOf(await get(path)), path).not.toBe(nonce);
  }

  // Personal data and staff: never stored by any cache, whatever the status (a redirect to sign-in too).
  const personal: [string, Record<string, string>?][] = [
    [`/events/${event.slug}/register`],
    [manageUrl],
    [`${manageUrl}/cancel`],
    [meUrl],
    [`/survey/not-a-token`],
    [`/unsubscribe/not-a-token`],
    [`/admin/signin`],
    [`/admin`],
    [`/admin`, cookie],
    [`/admin/events/${event.id}/registrations`, cookie],
    [`/admin/participants/${participantId}`, cookie],
    [`/admin/insights`, cookie],
    [`/api/admin/events/${event.id}/export?format=csv`, cookie],
    [`/api/admin/events/${event.id}/export?format=csv`],
    [`/api/auth/session`],
    [`/api/auth/csrf`],
    [`/api/unsubscribe/not-a-token`],
    [`/dev/mailbox`],
  ];
  for (const [path, headers] of personal) {
    const response = await get(path, headers);
    const what = `${path}${headers ? " (signed in)" : ""} → ${response.status()}`;
    expectBaseHeaders(response, what);
    expect(response.headers()["cache-control"] ?? "", what).toMatch(NO_STORE);
  }
  // A server action's answer (a POST to the page) is about the person who sent it.
  const action = await request.post(`/events/${event.slug}`, { headers: { "Content-Type": "text/plain" }, data: "x", maxRedirects: 0 });
  expect(action.headers()["cache-control"] ?? "", "POST to a public page").toMatch(NO_STORE);

  // Static assets and the public API keep their own caching; the proxy does not run for them.
  const html = await (await get(`/events/${event.slug}`)).text();
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
  const assetResponse = await get(asset);
  expect(assetResponse.status()).toBe(200);
  expect(assetResponse.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(assetResponse.headers()["content-security-policy"]).toBeUndefined();
  expect(assetResponse.headers()["x-content-type-options"]).toBe("nosniff");
  const icon = await get("/icon.svg");
  expect(icon.headers()["cache-control"] ?? "").not.toMatch(NO_STORE);
  expect(icon.headers()["content-security-policy"]).toBeUndefined();
  const api = await get("/api/events");
  expect(api.headers()["cache-control"]).toBe("public, max-age=0, must-revalidate");
  expectBaseHeaders(api, "/api/events");
});

/** Records CSP violations of everything the page does: the DOM event and Chromium's console report. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (message) => {
    if (/Content[ -]Security[ -]Policy/i.test(message.text())) fromConsole.push(`${page.url()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => {
    const fromDom = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => []);
    return [...fromDom, ...fromConsole.splice(0)];
  };
}

async function visit(page: Page, path: string, violations: () => Promise<string[]>, found: string[]) {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  await page.waitForLoadState("load");
  // Hydration and lazy chunks: the page is interactive (a React-rendered handler ran) or settled.
  await page.waitForTimeout(400);
  found.push(...(await violations()));
}

test("every public page renders in Chromium without a CSP violation", async ({ page }) => {
  const violations = await watchViolations(page);
  const found: string[] = [];
  for (const path of [
    "/",
    "/events",
    `/events/${event.slug}`,
    `/events/${event.slug}/register`,
    manageUrl,
    `${manageUrl}/cancel`,
    meUrl,
    "/survey/not-a-token",
    "/unsubscribe/not-a-token",
    "/admin/signin",
    "/admin/signin/check-email",
    "/no-such-page",
  ]) {
    await visit(page, path, violations, found);
  }
  // Interaction: the sign-up form validates on the client (React handlers, hydrated under the CSP).
  await page.goto(`/events/${event.slug}/register`);
  await page.waitForTimeout(1100);
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByText("入力内容を確認してください")).toBeVisible();
  found.push(...(await violations()));
  expect(found).toEqual([]);
});

test("every staff page renders in Chromium without a CSP violation", async ({ page, baseURL }) => {
  await page.context().addCookies([staffCookie(staffToken, baseURL!)]);
  const campaign = await db.campaign.create({
    data: {
      organizationId: (await db.organization.findUniqueOrThrow({ where: { slug: "wdl" } })).id,
      category: "FOLLOW_UP",
      subjectJa: "ヘッダー確認の配信",
      bodyJa: "本文",
      segment: { eventIds: [event.id], statuses: ["CONFIRMED"], interests: [], relationships: [] },
    },
  });
  const violations = await watchViolations(page);
  const found: string[] = [];
  for (const path of [
    "/admin",
    "/admin/events/new",
    `/admin/events/${event.id}`,
    `/admin/events/${event.id}/edit`,
    `/admin/events/${event.id}/registrations`,
    `/admin/events/${event.id}/checkin`,
    `/admin/events/${event.id}/export`,
    `/admin/participants/${participantId}`,
    "/admin/insights",
    "/admin/insights/print",
    "/admin/outbox",
    "/admin/audit",
    "/admin/staff",
    "/admin/campaigns",
    "/admin/campaigns/new",
    `/admin/campaigns/${campaign.id}`,
    `/admin/campaigns/${campaign.id}/edit`,
  ]) {
    await visit(page, path, violations, found);
  }
  expect(found).toEqual([]);
});

test("control: a script injected into the HTML without the nonce is blocked; the same page without the CSP runs it", async ({ page }) => {
  const path = `/events/${event.slug}`;
  // Stored XSS as the browser would get it: the server's real response (headers included), with two inline
  // scripts added to the HTML: one without a nonce, one with this response's nonce.
  const inject = async (keepCsp: boolean) => {
    await page.unrouteAll();
    await page.route(`**${path}`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")![1]!;
      if (!keepCsp) delete headers["content-security-policy"];
      const body = (await response.text()).replace(
        "</body>",
        `<script>window.__injected = true</script><script nonce="${nonce}">window.__withNonce = true</script></body>`,
      );
      await route.fulfill({ response, headers, body });
    });
  };
  const violations = await watchViolations(page);

  await inject(true);
  await page.goto(path);
  await page.waitForLoadState("load");
  const state = () => page.evaluate(() => ({ injected: "__injected" in window, withNonce: "__withNonce" in window }));
  expect(await state()).toEqual({ injected: false, withNonce: true });
  const reported = await violations();
  expect(reported.some((v) => /script-src/.test(v))).toBe(true);

  // Control of the control: without the policy the very same injection runs, so the block above is the CSP's.
  await inject(false);
  await page.goto(path);
  await page.waitForLoadState("load");
  expect(await state()).toEqual({ injected: true, withNonce: true });
});
