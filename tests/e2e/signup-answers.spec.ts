import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// What a participant answers on the live form arrives, as the same text, wherever someone else reads it: the
// organiser's list, the person's page, the CSV and XLSX files, the city's list (consent given, questions the
// city may see), the manage page (which saves it again unchanged) and the person's own data download. And
// the form itself: a fast (autofilled) send is confirmed with a second tap, errors are listed with links,
// choices ask to be chosen, text fields stop at the server's limits, the waitlist form says what it is.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function createEvent(options: { capacity: number | null; title: string }) {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 12 * 86_400_000) / 3_600_000) * 3_600_000);
  return db.event.create({
    data: {
      slug: `e2e-answers-${run}-${randomBytes(2).toString("hex")}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: options.title,
      descriptionJa: "テスト用のイベントです。",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "大垣市情報工房",
      capacity: options.capacity,
      waitlistEnabled: true,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: {
        create: [
          { position: 1, kind: "TEXT", labelJa: "ご職業", required: true, cityVisible: true },
          { position: 2, kind: "TEXTAREA", labelJa: "当日のご要望" },
          {
            position: 3,
            kind: "SINGLE_CHOICE",
            labelJa: "参加方法",
            required: true,
            cityVisible: true,
            options: [
              { id: "venue", labelJa: "会場" },
              { id: "online", labelJa: "オンライン" },
            ],
          },
          {
            position: 4,
            kind: "MULTI_CHOICE",
            labelJa: "聞きたいテーマ",
            cityVisible: true,
            options: [
              { id: "water", labelJa: "水と暮らし" },
              { id: "work", labelJa: "仕事" },
              { id: "food", labelJa: "食" },
            ],
          },
        ],
      },
    },
  });
}

async function signInAs(page: Page, email: string, baseURL: string) {
  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
}

/** The cell of a table row under the column whose header starts with `header`. */
async function cellUnder(page: Page, row: Locator, header: string): Promise<Locator> {
  const headers = (await page.locator("table thead th").allInnerTexts()).map((h) => h.trim());
  const index = headers.findIndex((h) => h.startsWith(header));
  expect(index, `column ${header} in ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
  return row.locator(":scope > th, :scope > td").nth(index);
}

async function fillPerson(page: Page, name: string, email: string) {
  await page.getByLabel("お名前").fill(name);
  await page.getByLabel("ふりがな").fill("かいとう はなこ");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("お住まいの都道府県").selectOption("13");
  await page.getByRole("checkbox", { name: "訪問経験" }).check();
}

const ANSWERS = { job: "デザイナー（Web）", request: "駐車場の場所を知りたいです", single: "オンライン", multi: "水と暮らし、食" };

test("answers of every kind from the live form read the same in every list, file and page, and the manage page saves them again", async ({ page, baseURL }) => {
  const event = await createEvent({ capacity: 10, title: `回答の行き先 ${run}` });
  const name = `回答 花子${run}`;
  const email = `answers-${run}@example.com`;

  // The participant, on a phone.
  await page.goto(`/events/${event.slug}/register`);
  await fillPerson(page, name, email);
  await page.getByLabel("ご職業").fill(ANSWERS.job);
  await page.getByLabel("当日のご要望").fill(ANSWERS.request);
  await page.getByRole("radio", { name: "オンライン" }).check();
  await page.getByRole("checkbox", { name: "水と暮らし" }).check();
  await page.getByRole("checkbox", { name: "食", exact: true }).check();
  await page.getByRole("checkbox", { name: /大垣市への情報提供に同意します/ }).check();
  await page.waitForTimeout(1100);
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect.poll(() => db.registration.count({ where: { eventId: event.id } }), { timeout: 15_000 }).toBe(1);
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id }, include: { answers: { include: { question: true } } } });
  const stored = Object.fromEntries(registration.answers.map((a) => [a.question.labelJa, { text: a.text, choices: a.choices }]));

  // The organiser's list and the person's page.
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/events/${event.id}/registrations`);
  await expect(page.getByRole("heading", { level: 1, name: "申し込み一覧" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(await cellUnder(page, row, "ご職業")).toHaveText(ANSWERS.job);
  await expect(await cellUnder(page, row, "当日のご要望")).toHaveText(ANSWERS.request);
  await expect(await cellUnder(page, row, "参加方法")).toHaveText(ANSWERS.single);
  await expect(await cellUnder(page, row, "聞きたいテーマ")).toHaveText(ANSWERS.multi);
  // Stored as every reader expects: choices as option ids, text for text questions only.
  expect(stored).toEqual({
    ご職業: { text: ANSWERS.job, choices: [] },
    当日のご要望: { text: ANSWERS.request, choices: [] },
    参加方法: { text: null, choices: ["online"] },
    聞きたいテーマ: { text: null, choices: ["water", "food"] },
  });
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
  const answers = page.getByRole("listitem").filter({ hasText: event.titleJa }).getByLabel("この申し込みの回答");
  for (const [label, text] of [
    ["ご職業", ANSWERS.job],
    ["当日のご要望", ANSWERS.request],
    ["参加方法", ANSWERS.single],
    ["聞きたいテーマ", ANSWERS.multi],
  ]) {
    await expect(answers.locator("div").filter({ has: page.getByRole("term").filter({ hasText: label! }) }).getByRole("definition")).toHaveText(text!);
  }
  await page.screenshot({ path: "tests/e2e/.artifacts/answers-participant.png", fullPage: true });

  // The CSV and XLSX files, parsed.
  const exportUrl = (format: string) => `/api/admin/events/${event.id}/export?format=${format}`;
  const csv = await page.request.get(exportUrl("csv"));
  expect(csv.status()).toBe(200);
  const [header, ...rows] = parse((await csv.body()).toString("utf8"), { bom: true }) as string[][];
  const csvRow = rows.find((r) => r[header!.indexOf("氏名")] === name)!;
  expect(csvRow).toBeDefined();
  for (const [label, text] of [
    ["ご職業", ANSWERS.job],
    ["当日のご要望", ANSWERS.request],
    ["参加方法", ANSWERS.single],
    ["聞きたいテーマ", ANSWERS.multi],
  ]) {
    expect(csvRow[header!.indexOf(label!)], `CSV ${label}`).toBe(text);
  }
  const xlsx = await page.request.get(exportUrl("xlsx"));
  expect(xlsx.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const sheetRows: string[][] = [];
  sheet.eachRow((r) => sheetRows.push(Array.from(r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  const [xHeader, ...xRows] = sheetRows;
  const xRow = xRows.find((r) => r[xHeader!.indexOf("氏名")] === name)!;
  expect(xRow).toBeDefined();
  for (const [label, text] of [
    ["ご職業", ANSWERS.job],
    ["当日のご要望", ANSWERS.request],
    ["参加方法", ANSWERS.single],
    ["聞きたいテーマ", ANSWERS.multi],
  ]) {
    expect(xRow[xHeader!.indexOf(label!)], `XLSX ${label}`).toBe(text);
  }

  // The city's list: the person consented; the questions the city may see, and not the others.
  await signInAs(page, "staff@city.ogaki.example", baseURL!);
  await page.goto(`/admin/events/${event.id}/registrations`);
  await expect(page.getByRole("heading", { level: 1, name: "申し込み一覧" })).toBeVisible();
  const cityRow = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(await cellUnder(page, cityRow, "ご職業")).toHaveText(ANSWERS.job);
  await expect(await cellUnder(page, cityRow, "参加方法")).toHaveText(ANSWERS.single);
  await expect(await cellUnder(page, cityRow, "聞きたいテーマ")).toHaveText(ANSWERS.multi);
  await expect(page.getByRole("columnheader", { name: "当日のご要望" })).toHaveCount(0);
  await expect(page.getByText(ANSWERS.request)).toHaveCount(0);
  await page.context().clearCookies();

  // The manage page, from the mail: the answers as given; saving them unchanged succeeds and changes nothing.
  const mail = await waitForMail(email, /./);
  const manageUrl = /https?:\/\/[^\s"<>]+\/manage\/[\w.-]+/.exec(mail.text ?? "")?.[0];
  expect(manageUrl, mail.text ?? "").toBeDefined();
  await page.goto(manageUrl!);
  await expect(page.getByLabel("ご職業")).toHaveValue(ANSWERS.job);
  await expect(page.getByLabel("当日のご要望")).toHaveValue(ANSWERS.request);
  await expect(page.getByRole("radio", { name: "オンライン" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "会場" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "水と暮らし" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "食", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "仕事" })).not.toBeChecked();
  await page.getByRole("button", { name: "回答を保存する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "回答を保存しました。" })).toBeVisible();
  await expect(page.getByText("入力してください")).toHaveCount(0);
  await expect(page.getByRole("radio", { name: "オンライン" })).toBeChecked();
  const resaved = await db.answer.findMany({ where: { registrationId: registration.id }, include: { question: true } });
  expect(Object.fromEntries(resaved.map((a) => [a.question.labelJa, { text: a.text, choices: a.choices }]))).toEqual(stored);
  await page.screenshot({ path: "tests/e2e/.artifacts/answers-manage.png", fullPage: true });

  // The person's own data download.
  const mePath = await page.getByRole("link", { name: /あなたのページ/ }).getAttribute("href");
  expect(mePath).toMatch(/^\/me\//);
  const own = await page.request.get(`${mePath}/data/json`);
  expect(own.status()).toBe(200);
  const data = (await own.json()) as { registrations: { answers: { question: string; text: string | null; choices: string[] }[] }[] };
  const ownAnswers = data.registrations.flatMap((r) => r.answers);
  expect(Object.fromEntries(ownAnswers.map((a) => [a.question, a.text ?? a.choices.join("、")]))).toEqual({
    ご職業: ANSWERS.job,
    当日のご要望: ANSWERS.request,
    参加方法: ANSWERS.single,
    聞きたいテーマ: ANSWERS.multi,
  });
});

test("the waitlist form: its title, limits, listed errors with links, choices to choose, and a fast send confirmed by a second tap", async ({ page, request }) => {
  const event = await createEvent({ capacity: 0, title: `満席のイベント ${run}` });
  const register = `/events/${event.slug}/register`;
  await page.goto(register);
  await expect(page.getByRole("heading", { level: 1, name: "キャンセル待ちの申し込み" })).toBeVisible();
  await expect(page).toHaveTitle(/キャンセル待ちの申し込み/);

  // The consents come before the note about them: the note does not point "below".
  await expect(page.getByText("下の同意")).toHaveCount(0);
  await expect(page.getByText(/同意はどれも任意/)).toBeVisible();

  // The browser stops typing where the server would refuse.
  await expect(page.getByLabel("お名前")).toHaveAttribute("maxlength", "100");
  await expect(page.getByLabel("ふりがな")).toHaveAttribute("maxlength", "100");
  await expect(page.getByLabel("メールアドレス")).toHaveAttribute("maxlength", "254");
  await expect(page.getByLabel("所属（会社・団体など）")).toHaveAttribute("maxlength", "200");
  await expect(page.getByLabel("市区町村")).toHaveAttribute("maxlength", "100");
  await expect(page.getByLabel("きっかけ（その他）")).toHaveAttribute("maxlength", "200");
  await expect(page.getByLabel("ご職業")).toHaveAttribute("maxlength", "500");
  await expect(page.getByLabel("当日のご要望")).toHaveAttribute("maxlength", "2000");

  // The empty form: each field to fix is listed with a link to it; choices ask to be chosen.
  await page.waitForTimeout(1100);
  await page.getByRole("button", { name: "キャンセル待ちに登録する" }).click();
  const summary = page.locator("#form-error");
  await expect(summary).toContainText("入力内容を確認してください");
  await expect(summary.getByRole("link")).toHaveText(["お名前", "ふりがな", "メールアドレス", "お住まいの都道府県", "大垣とのご関係（あてはまるものすべて）", "ご職業", "参加方法"]);
  await expect(summary.getByRole("listitem").filter({ hasText: "お住まいの都道府県" })).toContainText("選択してください");
  await expect(summary.getByRole("listitem").filter({ hasText: "参加方法" })).toContainText("選択してください");
  await expect(summary.getByRole("listitem").filter({ hasText: "お名前" })).toContainText("入力してください");
  await expect(page.locator("#prefectureCode-error")).toHaveText("選択してください");
  await expect(page.locator("#relationships-error")).toHaveText("選択してください");
  await summary.getByRole("link", { name: "お住まいの都道府県" }).click();
  await expect(page.locator("#prefectureCode")).toBeFocused();
  await summary.getByRole("link", { name: "参加方法" }).click();
  await expect(page.getByRole("radio", { name: "会場" })).toBeFocused();
  await page.screenshot({ path: "tests/e2e/.artifacts/signup-error-summary.png", fullPage: true });

  // Filled at once and sent at once, as a browser's autofill does: nothing stored, nothing called done, the
  // person is asked to confirm, with everything kept; the second tap sends it.
  const email = `fast-${run}@example.com`;
  await fillPerson(page, `速い 花子${run}`, email);
  await page.getByLabel("ご職業").fill("エンジニア");
  await page.getByRole("radio", { name: "会場" }).check();
  const html = await (await request.get(register)).text();
  const freshToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  expect(freshToken).toBeDefined();
  await page.locator('input[name="formToken"]').evaluate((input, token) => ((input as HTMLInputElement).value = token), freshToken!);
  await page.getByRole("button", { name: "キャンセル待ちに登録する" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "まだ送信していません" })).toBeVisible();
  await expect(page.getByLabel("お名前")).toHaveValue(`速い 花子${run}`);
  await expect(page.getByRole("radio", { name: "会場" })).toBeChecked();
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/signup-confirm-fast.png", fullPage: true });
  await page.getByRole("button", { name: "キャンセル待ちに登録する" }).click();
  await expect.poll(() => db.registration.count({ where: { eventId: event.id, status: "WAITLISTED" } }), { timeout: 15_000 }).toBe(1);
  await expect(page.getByRole("alert").filter({ hasText: "まだ送信していません" })).toHaveCount(0);
});

test("an event without a capacity says so once, on the organiser's dashboard and the event's page", async ({ page, baseURL }) => {
  const event = await createEvent({ capacity: null, title: `定員なしのイベント ${run}` });
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto("/admin");
  const row = page.getByRole("row").filter({ hasText: event.titleJa });
  await expect(row).toContainText("確定 0（定員なし）");
  await expect(page.getByText("定員 定員なし")).toHaveCount(0);
  await page.goto(`/admin/events/${event.id}`);
  const capacity = page.getByRole("term").filter({ hasText: /^定員$/ });
  await expect(capacity).toHaveCount(1);
  await expect(page.locator("dt:text-is('定員') + dd")).toContainText("制限なし");
  await expect(page.locator("dt:text-is('定員') + dd")).not.toContainText("定員");
});
