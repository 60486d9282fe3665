import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun } from "./support/run";

// Staff pages on a laptop (1366×768): the registrations table uses the screen's width, keeps each person's
// name in view while it scrolls sideways to the answers, and shows the columns each staff member chose
// (kept on their account: another browser shows the same, another staff member their own). A page the
// role may not use says so instead of a bare 404.

test.use({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
let eventId: string;
const staffA = `columns-a-${run}@wdl.example`;
const staffB = `columns-b-${run}@wdl.example`;
const QUESTIONS = ["大垣で関わってみたいこと", "参加のきっかけ", "当日聞いてみたいこと"];

test.beforeAll(async () => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  // Two organisers of their own, so the choices made here touch no other spec's users.
  for (const email of [staffA, staffB]) await db.user.create({ data: { email, name: email.split("@")[0], role: "WDL_ORGANIZER", organizationId: wdl.id } });
  const startsAt = new Date(Math.floor((Date.now() + 10 * 86_400_000) / 60_000) * 60_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-columns-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `列の選択テスト ${run}`,
      descriptionJa: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      capacity: 30,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: { create: QUESTIONS.map((labelJa, position) => ({ position, kind: "TEXTAREA" as const, labelJa })) },
    },
    include: { questions: true },
  });
  eventId = event.id;
  for (const [i, name] of ["一覧 一郎", "一覧 二郎", "一覧 三郎"].entries()) {
    const email = `columns-${run}-${i}@example.com`;
    const person = await db.participant.create({
      data: { email, emailNormalized: email, name, furigana: "いちらん", affiliation: "株式会社テスト 企画部", prefectureCode: "13", municipality: "世田谷区" },
    });
    await db.registration.create({
      data: {
        eventId: event.id,
        participantId: person.id,
        emailNormalized: email,
        status: "CONFIRMED",
        manageTokenHash: `columns-${run}-${i}`,
        checkinCode: `COL${run.slice(0, 4).toUpperCase()}${i}`,
        answers: {
          create: event.questions.map((q) => ({ questionId: q.id, text: `${q.labelJa}への回答です。大垣の水と暮らしについて、もう少し詳しく知りたいと思っています。`, choices: [] })),
        },
      },
    });
  }
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function staffPage(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: "ja-JP", timezoneId: "America/New_York" });
  await context.addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
  return context.newPage();
}

test("at 1366×768 the registrations table uses the screen's width and keeps the name in view while scrolling to the answers", async ({ page, baseURL }) => {
  await page.context().addCookies([staffCookie(await createStaffSession(db, staffA), baseURL!)]);
  await page.goto(`/admin/events/${eventId}/registrations`);
  await expect(page.getByRole("heading", { level: 1, name: "申し込み一覧" })).toBeVisible();

  // Wider than the 926 px reading column the public pages use.
  const scroller = page.locator(".staff-table-scroll");
  await scroller.scrollIntoViewIfNeeded();
  const box = (await scroller.boundingBox())!;
  expect(box.width).toBeGreaterThan(1200);
  expect((await page.locator("main").boundingBox())!.width).toBeGreaterThan(1300);

  // The table is wider still: it scrolls sideways to the last answer column.
  const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await scroller.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  const lastAnswer = page.getByRole("columnheader", { name: QUESTIONS[2] });
  await expect(lastAnswer).toBeInViewport();
  // The email column has scrolled out of the box; the name has not.
  const email = (await page.getByRole("columnheader", { name: "メールアドレス" }).boundingBox())!;
  expect(email.x + email.width).toBeLessThan(box.x + 100);
  // The name column's header stays too, above the names.
  const nameHeader = page.getByRole("columnheader", { name: "氏名で並べ替え" });
  await expect(nameHeader).toBeInViewport();
  const headerBox = (await nameHeader.boundingBox())!;
  expect(headerBox.x).toBeGreaterThanOrEqual(box.x);
  const headerHit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest("th")?.textContent ?? "", [
    headerBox.x + headerBox.width / 2,
    headerBox.y + headerBox.height / 2,
  ]);
  expect(headerHit).toContain("氏名");
  for (const name of ["一覧 一郎", "一覧 三郎"]) {
    const cell = page.getByRole("rowheader", { name });
    await expect(cell).toBeInViewport();
    const nameBox = (await cell.boundingBox())!;
    expect(nameBox.x).toBeGreaterThanOrEqual(box.x);
    expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(Math.min(1366, box.x + box.width));
    // Nothing is drawn over it: the name is what the point at its centre hits.
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest("th")?.textContent ?? "",
      [nameBox.x + nameBox.width / 2, nameBox.y + nameBox.height / 2],
    );
    expect(hit).toContain(name);
  }
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-registrations-1366-scrolled.png" });
});

test("the columns a staff member hides stay hidden for them (after a reload, in another browser), not for a colleague", async ({ page, browser, baseURL }) => {
  await page.context().addCookies([staffCookie(await createStaffSession(db, staffA), baseURL!)]);
  await page.goto(`/admin/events/${eventId}/registrations`);
  await expect(page.getByRole("columnheader", { name: "メールアドレス" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: QUESTIONS[0] })).toBeVisible();

  // By keyboard: open the chooser, untick two columns, save.
  const summary = page.locator("summary", { hasText: "表示する列" });
  await summary.focus();
  await page.keyboard.press("Enter");
  const chooser = page.getByRole("group", { name: "一覧に表示する列" });
  await expect(chooser).toBeVisible();
  const emailBox = chooser.getByRole("checkbox", { name: "メールアドレス" });
  await expect(emailBox).toBeChecked();
  await emailBox.focus();
  await page.keyboard.press("Space");
  await expect(emailBox).not.toBeChecked();
  const answerBox = page.getByRole("group", { name: "設問の回答" }).getByRole("checkbox", { name: QUESTIONS[0] });
  await answerBox.focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "表示する列を保存" }).focus();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("columnheader", { name: "メールアドレス" })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: `columns-${run}-0@example.com` })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: QUESTIONS[0] })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: QUESTIONS[1] })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "一覧 一郎" })).toBeVisible();
  await expect(page.locator("summary", { hasText: "表示する列（2 列を非表示）" })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("rowheader", { name: "一覧 一郎" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "メールアドレス" })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: QUESTIONS[0] })).toHaveCount(0);

  // Another browser (a new context, a new session) of the same staff member.
  const elsewhere = await staffPage(browser, baseURL!, staffA);
  await elsewhere.goto(`/admin/events/${eventId}/registrations`);
  await expect(elsewhere.getByRole("rowheader", { name: "一覧 一郎" })).toBeVisible();
  await expect(elsewhere.getByRole("columnheader", { name: "メールアドレス" })).toHaveCount(0);
  await expect(elsewhere.getByRole("columnheader", { name: QUESTIONS[0] })).toHaveCount(0);
  await elsewhere.context().close();

  // A colleague sees every column.
  const colleague = await staffPage(browser, baseURL!, staffB);
  await colleague.goto(`/admin/events/${eventId}/registrations`);
  await expect(colleague.getByRole("columnheader", { name: "メールアドレス" })).toBeVisible();
  await expect(colleague.getByRole("columnheader", { name: QUESTIONS[0] })).toBeVisible();
  await colleague.context().close();

  // A question added later shows until it is hidden; "show all" brings every column back.
  await db.eventQuestion.create({ data: { eventId, position: 10, kind: "TEXT", labelJa: `新しい質問 ${run}` } });
  await page.reload();
  await expect(page.getByRole("columnheader", { name: `新しい質問 ${run}` })).toBeVisible();
  await page.locator("summary", { hasText: "表示する列" }).click();
  await page.getByRole("button", { name: "すべての列を表示" }).click();
  await expect(page.getByRole("columnheader", { name: "メールアドレス" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: QUESTIONS[0] })).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { email: staffA } })).hiddenRegistrationColumns).toEqual([]);
});

test("a signed-in staff member on a page their role may not use is told so, with a way back; another organisation's record stays a 404", async ({ page, baseURL }) => {
  await page.context().addCookies([staffCookie(await createStaffSession(db, "checkin@wdl.example"), baseURL!)]);
  const response = await page.goto(`/admin/events/${eventId}/registrations`);
  expect(response!.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "この画面を開く権限がありません" })).toBeVisible();
  await expect(page.getByText("あなたの役割（受付担当）では、この画面は使えません。")).toBeVisible();
  await expect(page.getByText("一覧 一郎")).toHaveCount(0);
  await page.getByRole("link", { name: "スタッフ画面のトップへ戻る" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // A page without an id, too (the campaigns are WDL organisers' work).
  expect((await page.goto("/admin/campaigns"))!.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "この画面を開く権限がありません" })).toBeVisible();

  // The other city's admin may use the registrations page, but not for an event that is not theirs: 404,
  // the same answer as for an id that does not exist.
  await page.context().clearCookies();
  await db.organization.upsert({ where: { slug: "other-city" }, create: { slug: "other-city", kind: "CITY", nameJa: "他市", nameEn: "Other City" }, update: {} });
  const other = await db.organization.findUniqueOrThrow({ where: { slug: "other-city" } });
  await db.user.upsert({ where: { email: "admin@other.example" }, create: { email: "admin@other.example", role: "CITY_ADMIN", organizationId: other.id }, update: {} });
  await page.context().addCookies([staffCookie(await createStaffSession(db, "admin@other.example"), baseURL!)]);
  expect((await page.goto(`/admin/events/${eventId}/registrations`))!.status()).toBe(404);
  expect((await page.goto(`/admin/events/00000000-0000-7000-8000-000000000000/registrations`))!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "この画面を開く権限がありません" })).toHaveCount(0);
});
