import { expect, test } from "@playwright/test";
import { createMailTransport } from "@/lib/mail/transport";
import { currentRun } from "./support/run";

// The front door: a fresh production build with the demo data, as a person on a phone sees it.

test("the event list shows the demo events in Japanese, upcoming first, with seats and JST dates", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "イベント一覧" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");

  const upcoming = page.getByRole("region", { name: "これからのイベント" });
  const past = page.getByRole("region", { name: "過去のイベント" });
  await expect(upcoming.getByRole("article")).not.toHaveCount(0);
  await expect(past.getByRole("article")).not.toHaveCount(0);
  expect(await upcoming.getByRole("article").count()).toBeGreaterThanOrEqual(3);

  // Dates in JST with the weekday, whatever the browser's time zone (America/New_York here).
  const firstDate = await upcoming.locator("time").first().innerText();
  expect(firstDate).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日\([日月火水木金土]\) \d{2}:\d{2}–\d{2}:\d{2}$/);

  // The demo has a full event with a waitlist and one with seats left.
  await expect(upcoming.getByText("満席・キャンセル待ち受付中").first()).toBeVisible();
  await expect(upcoming.getByText(/^残り\d+席$/).first()).toBeVisible();
  await expect(upcoming.getByText("オンライン").first()).toBeVisible();

  // Upcoming events are in date order.
  const times = await upcoming.locator("time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime") ?? ""));
  expect([...times].sort()).toEqual(times);

  // Drafts are not public.
  await expect(page.getByText("下書き", { exact: false })).toHaveCount(0);

  await page.screenshot({ path: "tests/e2e/.artifacts/event-list-ja.png", fullPage: true });
});

test("an event page shows the details and renders the description", async ({ page }) => {
  await page.goto("/events");
  const card = page.getByRole("region", { name: "これからのイベント" }).getByRole("article").first();
  const title = (await card.getByRole("heading").innerText()).trim();
  await card.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("日時")).toBeVisible();
  await expect(page.getByRole("heading", { name: "イベントについて" })).toBeVisible();
  await expect(page.locator(".prose")).not.toBeEmpty();
  await page.screenshot({ path: "tests/e2e/.artifacts/event-page-ja.png", fullPage: true });
});

test("the language switch turns the site to English and back, without an account", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const firstDate = await page.getByRole("region", { name: "Upcoming events" }).locator("time").first().innerText();
  expect(firstDate).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}–\d{2}:\d{2}$/);
  await page.screenshot({ path: "tests/e2e/.artifacts/event-list-en.png", fullPage: true });
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "イベント一覧" })).toBeVisible();
});

test("with SMTP configured there is no development mailbox", async ({ page }) => {
  const response = await page.goto("/dev/mailbox");
  expect(response?.status()).toBe(404);
});

test("an unknown event answers 404 with a helpful page", async ({ page }) => {
  const response = await page.goto("/events/no-such-event");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "ページが見つかりません" })).toBeVisible();
  await expect(page.getByRole("link", { name: "イベント一覧へ戻る" })).toBeVisible();
});

test("the health route reports the database and migrations", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const health = await response.json();
  expect(health).toMatchObject({ status: "ok", database: "ok" });
  expect(health.migrations.applied).toBeGreaterThanOrEqual(1);
  expect(health.migrations.failed).toBe(0);
});

test("without SMTP, mail is kept and readable in the development mailbox", async ({ page }) => {
  const { mailbox } = currentRun();
  const transport = createMailTransport({ SMTP_URL: undefined, MAIL_DIR: mailbox.mailDir, MAIL_FROM: "test@example.jp" });
  await transport.send({
    to: "hanako@example.com",
    subject: "【大垣とつながる】テストメール",
    text: "テキスト本文",
    html: "<p>HTML本文</p><script>parent.document.title='pwned'</script>",
  });
  await page.goto(`${mailbox.baseUrl}/dev/mailbox`);
  await expect(page.getByRole("heading", { name: "開発用メールボックス" })).toBeVisible();
  await expect(page.getByText("SMTPサーバーが設定されていないため")).toBeVisible();
  await page.getByRole("link", { name: "【大垣とつながる】テストメール" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "【大垣とつながる】テストメール" })).toBeVisible();
  await expect(page.getByText("hanako@example.com")).toBeVisible();
  await expect(page.getByText("テキスト本文")).toBeVisible();
  await expect(page.frameLocator("iframe").getByText("HTML本文")).toBeVisible();
  // The mail's HTML is sandboxed: its script does not run.
  expect(await page.title()).not.toBe("pwned");
});
