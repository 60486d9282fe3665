import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun, receivedMail, waitForMail } from "./support/run";

// Staff sign in with a link mailed to an invited address; sessions live in the database, so signing out,
// disabling an account or changing a role takes effect on the next request.

let db: PrismaClient;
test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

test("an organiser signs in with the link from the mail, and signs out", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/signin/);
  const since = Date.now();
  await page.getByLabel("メールアドレス").fill("organizer@wdl.example");
  await page.getByRole("button", { name: "サインインリンクを送る" }).click();
  await expect(page.getByRole("heading", { name: "メールをご確認ください" })).toBeVisible();
  const mail = await waitForMail("organizer@wdl.example", /サインインリンク/, 20_000, since);
  const link = /https?:\/\/\S+\/api\/auth\/callback\/email\S+/.exec(mail.text ?? "")?.[0];
  expect(link).toBeDefined();
  // The link names no address (browser history, proxy logs): the token alone signs in.
  expect(new URL(link!).searchParams.has("email")).toBe(false);
  expect(link).not.toMatch(/organizer|%40|@/);
  await page.goto(link!);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "イベント" })).toBeVisible();
  await expect(page.getByText(/WDL 運営/)).toBeVisible();
  // The link works once (in a browser without the session).
  const other = await page.context().browser()!.newContext();
  const again = await other.newPage();
  await again.goto(link!);
  await expect(again).toHaveURL(/\/admin\/signin/);
  await expect(again.getByText("サインインできませんでした")).toBeVisible();
  await other.close();

  await page.getByRole("button", { name: "サインアウト" }).click();
  await expect(page).toHaveURL(/\/admin\/signin/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/signin/);
});

test("an address that is not staff gets the same answer and no mail", async ({ page }) => {
  const before = (await receivedMail()).length;
  await page.goto("/admin/signin");
  await page.getByLabel("メールアドレス").fill("stranger@example.com");
  await page.getByRole("button", { name: "サインインリンクを送る" }).click();
  await expect(page.getByRole("heading", { name: "メールをご確認ください" })).toBeVisible();
  await page.waitForTimeout(2000);
  const after = await receivedMail();
  expect(after.slice(before).filter((m) => m.envelopeTo.includes("stranger@example.com"))).toEqual([]);
});

test("disabling an account or changing a role takes effect on the next request", async ({ page, context, baseURL }) => {
  const user = await db.user.create({ data: { email: `temp-${Date.now()}@wdl.example`, role: "WDL_ADMIN", organizationId: (await db.organization.findUniqueOrThrow({ where: { slug: "wdl" } })).id } });
  const token = await createStaffSession(db, user.email);
  await context.addCookies([staffCookie(token, baseURL!)]);
  await page.goto("/admin/staff");
  await expect(page.getByRole("heading", { level: 1, name: "スタッフ" })).toBeVisible();

  await db.user.update({ where: { id: user.id }, data: { role: "CHECKIN" } });
  const response = await page.goto("/admin/staff");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("この画面を開く権限がありません")).toBeVisible();

  await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/signin/);
});

test("an admin invites a colleague, who accepts and signs in", async ({ page, context, baseURL, browser }) => {
  await context.addCookies([staffCookie(await createStaffSession(db, "admin@city.ogaki.example"), baseURL!)]);
  const email = `new-staff-${Date.now()}@city.ogaki.example`;
  await page.goto("/admin/staff");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("権限", { exact: true }).selectOption("CITY_STAFF");
  await page.getByRole("button", { name: "招待メールを送る" }).click();
  await expect(page.getByText(`${email} に招待メールを送りました。`)).toBeVisible();
  // A city admin cannot hand out WDL roles.
  await expect(page.getByLabel("権限", { exact: true }).locator("option")).toHaveText(["大垣市 管理者", "大垣市 職員"]);

  const invitation = await waitForMail(email, /スタッフ画面へのご招待/);
  const link = /https?:\/\/\S+\/admin\/invite\/[\w-]+/.exec(invitation.text ?? "")![0];
  const invitee = await (await browser.newContext({ baseURL })).newPage();
  await invitee.goto(link);
  await invitee.getByRole("button", { name: "招待を受ける" }).click();
  await expect(invitee).toHaveURL(/\/admin\/signin\?invited=1/);
  expect(await db.user.findUnique({ where: { email } })).toMatchObject({ role: "CITY_STAFF" });
  // The link is used up.
  await invitee.goto(link);
  await expect(invitee.getByText("この招待リンクは使えません")).toBeVisible();
});

test("over the sign-in link limit, the form says so and stays on the page", async ({ page }) => {
  // The server's answer over the limit (lib/abuse/magic-link.ts, proven in abuse-limits.test.ts), here without
  // spending the run's limits: 429, Retry-After, and next-auth's `url` carrying error=RateLimited.
  await page.route("**/api/auth/signin/email", (route) =>
    route.fulfill({
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "600" },
      body: JSON.stringify({ error: "rate_limited", retryAfterSeconds: 600, url: `${new URL(page.url()).origin}/admin/signin?error=RateLimited` }),
    }),
  );
  await page.goto("/admin/signin");
  await page.getByLabel("メールアドレス").fill("organizer@wdl.example");
  await page.getByRole("button", { name: "サインインリンクを送る" }).click();
  await expect(page.getByText("短時間に多くのリンクが求められました。しばらくしてからもう一度お試しください。")).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/signin$/);
  await expect(page.getByRole("button", { name: "サインインリンクを送る" })).toBeEnabled();
  // The same message when next-auth redirects there itself.
  await page.goto("/admin/signin?error=RateLimited");
  await expect(page.locator(".form-error")).toHaveText("短時間に多くのリンクが求められました。しばらくしてからもう一度お試しください。");
});

test("without SMTP, the demo staff read their sign-in link in the development mailbox", async ({ page }) => {
  const { mailbox } = currentRun();
  await page.goto(`${mailbox.baseUrl}/admin/signin`);
  await page.getByLabel("メールアドレス").fill("admin@wdl.example");
  await page.getByRole("button", { name: "サインインリンクを送る" }).click();
  await page.getByRole("link", { name: "開発用メールボックスを開く" }).click();
  await page.getByRole("link", { name: /サインインリンク/ }).first().click();
  const link = await page.getByText(/\/api\/auth\/callback\/email/).first().innerText();
  await page.goto(/https?:\/\/\S+\/api\/auth\/callback\/email\S+/.exec(link)![0]);
  await expect(page.getByRole("heading", { level: 1, name: "イベント" })).toBeVisible();
  await expect(page.getByText(/WDL 管理者/)).toBeVisible();
});
