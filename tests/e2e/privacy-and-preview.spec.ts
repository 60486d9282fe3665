import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, sessionsForEveryRole, staffCookie } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// The privacy policy (ja/en, every version at its own URL, linked from the footer, the form and every mail),
// an online event's confirmation (joining wording, not "show the QR code"; a real Reply-To and ORGANIZER),
// GFM descriptions with the editor's live preview, and the organiser's preview of a draft.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
const CONTACT = "privacy@ogaki-kankei.localhost"; // OPERATOR_CONTACT_EMAIL's default: the e2e server sets none
const TABLE = "| 時間 | 内容 |\n| --- | --- |\n| 14:00 | 開場と受付 |\n| 14:30 | ~~トーク~~ 対談 |";

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function createEvent(status: "DRAFT" | "PUBLISHED", format: "ONLINE" | "IN_PERSON", descriptionJa: string) {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 12 * 86_400_000) / 3_600_000) * 3_600_000);
  return db.event.create({
    data: {
      slug: `e2e-h7-${status.toLowerCase()}-${run}`,
      status,
      ownerOrganizationId: wdl.id,
      titleJa: `${status === "DRAFT" ? "下書きの会" : "オンライン交流会"} ${run}`,
      descriptionJa,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      format,
      onlineUrl: format === "ONLINE" ? "https://meet.example/ogaki-online" : null,
      venueName: format === "ONLINE" ? null : "東京会場",
      capacity: 30,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
}

test("the privacy policy in Japanese: operator, city provision items, retention, rights, contact, version; linked from the footer", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "プライバシーポリシー" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole("heading", { level: 1, name: "プライバシーポリシー（個人情報の取り扱い）" })).toBeVisible();
  for (const heading of ["1. 個人情報取扱事業者", "3. 利用目的", "4. 大垣市への提供（第三者提供）", "5. 取扱いの委託", "6. 保存期間", "8. ご本人の権利と手続き", "9. お問い合わせ窓口"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  const city = page.getByRole("region", { name: "4. 大垣市への提供（第三者提供）" });
  for (const item of ["氏名", "ふりがな", "お住まいの市区町村", "大垣とのご関係", "当日の参加状況（出席・欠席）"]) await expect(city.getByText(item, { exact: true })).toBeVisible();
  await expect(city.getByText("メールアドレスは大垣市に提供しません", { exact: false })).toBeVisible();
  // Periods from RETENTION_* (defaults), operator and contact from OPERATOR_* (defaults).
  await expect(page.getByText("イベント終了から180日後に消去します", { exact: false })).toBeVisible();
  await expect(page.getByText("36か月間", { exact: false })).toBeVisible();
  await expect(page.getByText("名称：一般社団法人Work Design Lab")).toBeVisible();
  await expect(page.getByRole("region", { name: "9. お問い合わせ窓口" }).getByRole("link", { name: CONTACT })).toHaveAttribute("href", `mailto:${CONTACT}`);
  await expect(page.getByText(/^版 2026-12（2026年12月7日 施行）$/).first()).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/privacy-ja.png", fullPage: true });
});

test("the privacy policy in English, and every earlier version at its own URL; an unknown version is 404", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto("/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "Privacy policy" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "4. Provision to Ogaki City (third party)" })).toBeVisible();
  await expect(page.getByText("Your email address is never provided to the city", { exact: false })).toBeVisible();
  await expect(page.getByText("deleted 180 days after the event", { exact: false })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/privacy-en.png", fullPage: true });

  await page.getByRole("link", { name: /^Version 2026-10/ }).click();
  await expect(page).toHaveURL(/\/privacy\/2026-10$/);
  await expect(page.getByText("This is an earlier version (2026-10).")).toBeVisible();
  await expect(page.getByText("Work Design Lab and Ogaki City use the personal information you give", { exact: false })).toBeVisible();

  await context.clearCookies();
  const earlier = await page.goto("/privacy/2026-10");
  expect(earlier?.status()).toBe(200);
  await expect(page.getByText("これは以前の版（2026-10）です。")).toBeVisible();
  await expect(page.getByRole("link", { name: "現在の版を見る" })).toHaveAttribute("href", "/privacy");
  expect((await page.goto("/privacy/2026-12"))?.status()).toBe(200);
  expect((await page.goto("/privacy/1999-01"))?.status()).toBe(404);
  expect((await page.goto("/privacy/..%2F..%2Fetc"))?.status()).toBe(404);
});

test("an online event: the form links the policy; the confirmation says how to join, links the policy, and replies reach a person", async ({ page, request }) => {
  const event = await createEvent("PUBLISHED", "ONLINE", `オンラインで開催します。\n\n${TABLE}`);
  await page.goto(`/events/${event.slug}`);
  // GFM on the public page: the table is a table.
  await expect(page.locator(".prose table td", { hasText: "開場と受付" })).toBeVisible();
  await expect(page.locator(".prose del", { hasText: "トーク" })).toBeVisible();
  await page.goto(`/events/${event.slug}/register`);
  await expect(page.getByRole("link", { name: "プライバシーポリシー（個人情報の取り扱いの詳細）" })).toHaveAttribute("href", "/privacy");

  const email = `h7-online-${run}@example.com`;
  const response = await request.post(`/api/events/${event.slug}/registrations`, {
    data: { name: `オンライン 花子 ${run}`, furigana: "おんらいん", email, prefectureCode: "13", municipality: "世田谷区", relationships: ["VISITED"], interests: ["tourism"], consents: {} },
  });
  expect(response.status(), await response.text()).toBe(202);
  const mail = await waitForMail(email, /参加登録が完了しました/);
  expect(mail.text).toContain("参加URLからご参加ください");
  expect(mail.text).toContain("https://meet.example/ogaki-online");
  expect(mail.text).not.toMatch(/QRコードをご提示|受付コード/);
  expect(mail.attachments.some((a) => a.contentType === "image/png")).toBe(false);
  expect(mail.text).toMatch(/個人情報の取り扱い（プライバシーポリシー）：http:\/\/127\.0\.0\.1:\d+\/privacy/);
  expect(mail.html || "").toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/privacy"/);
  expect(mail.replyTo?.value[0]?.address).toBe(CONTACT);
  const ics = mail.attachments.find((a) => a.filename === "event.ics")!.content.toString("utf8").replace(/\r\n /g, "");
  expect(ics).toMatch(new RegExp(`^ORGANIZER;CN="[^"]+":mailto:${CONTACT.replace(/\./g, "\\.")}\\r?$`, "m"));
});

test("the event editor previews the description live with the public page's rendering (GFM, sanitised)", async ({ page, baseURL }) => {
  await page.context().addCookies([staffCookie(await createStaffSession(db, "organizer@wdl.example"), baseURL!)]);
  await page.goto("/admin/events/new");
  const preview = page.getByRole("region", { name: "プレビュー：説明（日本語）（公開ページと同じ表示）" });
  await expect(preview).toBeVisible();
  await page.getByRole("textbox", { name: /^説明（日本語）/ }).fill(`## 当日の流れ\n\n${TABLE}\n\n- [x] 申し込み\n\n<img src=x onerror="window.__pwned=1"> [罠](javascript:window.__pwned=2)`);
  await expect(preview.getByRole("heading", { name: "当日の流れ" })).toBeVisible();
  await expect(preview.locator("table td", { hasText: "開場と受付" })).toBeVisible();
  await expect(preview.locator("del", { hasText: "トーク" })).toBeVisible();
  await expect(preview.locator("input[type=checkbox][disabled]")).toBeChecked();
  await expect(preview.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await preview.locator("a[href^='javascript']").count()).toBe(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/event-editor-preview.png", fullPage: true });
});

test("a draft: its organisers preview it (下書きプレビュー, noindex); the public and other organisations get nothing", async ({ page, baseURL }) => {
  const draft = await createEvent("DRAFT", "IN_PERSON", `準備中の説明です。\n\n${TABLE}`);
  const path = `/admin/events/${draft.id}/preview`;

  expect((await page.goto(`/events/${draft.slug}`))?.status()).toBe(404);
  // A stranger with the URL is sent to sign in and sees nothing of the draft.
  await page.goto(path);
  await expect(page).toHaveURL(/\/admin\/signin/);
  await expect(page.getByText(draft.titleJa)).toHaveCount(0);

  const sessions = await sessionsForEveryRole(db);
  await page.context().addCookies([staffCookie(sessions.get("OTHER_CITY_ADMIN")!, baseURL!)]);
  expect((await page.goto(path))?.status()).toBe(404);
  await expect(page.getByText(draft.titleJa)).toHaveCount(0);

  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(sessions.get("WDL_ORGANIZER")!, baseURL!)]);
  await page.goto(`/admin/events/${draft.id}`);
  await page.getByRole("link", { name: "プレビュー", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole("note", { name: "下書きプレビュー" })).toContainText("参加者や検索エンジンには見えません");
  await expect(page.getByRole("heading", { level: 1, name: draft.titleJa })).toBeVisible();
  await expect(page.locator(".prose table td", { hasText: "開場と受付" })).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  // The sign-up button is shown as participants will see it, but goes nowhere.
  await expect(page.locator(".cta a")).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/draft-preview.png", fullPage: true });
});
