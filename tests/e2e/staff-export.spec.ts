import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun } from "./support/run";

// The export on the production build: an organiser downloads the list from the export page (CSV in UTF-8
// with BOM, question columns, hostile values inert), city staff get only the consenting person without
// email, and both exports show up in each organisation's audit log.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
let eventId: string;

test.beforeAll(async () => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 20 * 86_400_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-export-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `書き出しテスト ${run}`,
      descriptionJa: "テスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      capacity: 50,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: {
        create: [
          { position: 1, kind: "TEXT", labelJa: "ご職業", cityVisible: true },
          { position: 2, kind: "TEXTAREA", labelJa: "配慮事項", sensitive: true },
        ],
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  eventId = event.id;
  const [job, care] = event.questions;
  for (const [who, consent] of [
    ["consent", true],
    ["private", false],
  ] as const) {
    const response = await fetch(`${currentRun().app.baseUrl}/api/events/${event.slug}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `198.18.${Math.floor(Math.random() * 200)}.${consent ? 1 : 2}` },
      body: JSON.stringify({
        name: consent ? '=HYPERLINK("http://x","y")' : `提供なし ${run}`,
        furigana: "てすと",
        email: `export-${who}-${run}@example.com`,
        affiliation: "@SUM(A1)",
        prefectureCode: "13",
        relationships: ["VISITED"],
        interests: ["tourism"],
        answers: { [job!.id]: "+1 エンジニア", [care!.id]: "段差が苦手です" },
        consents: { CITY_PROVISION: consent },
      }),
    });
    expect(response.status, await response.text()).toBe(202);
  }
});

test.afterAll(async () => {
  await db.$disconnect();
});

async function signInAs(page: Page, email: string, baseURL: string) {
  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
}

const exportUrl = (format: string) => `/api/admin/events/${eventId}/export?format=${format}`;
const inert = (cell: string) => !/^[=+\-@\t\r]/.test(cell);

test("an organiser downloads the CSV from the export page: UTF-8 with BOM, question columns, hostile values inert", async ({ page, baseURL }) => {
  const anonymous = await page.request.get(exportUrl("csv"));
  expect(anonymous.status()).toBe(401);

  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/events/${eventId}/export`);
  await expect(page.getByRole("heading", { level: 1, name: "参加者データの書き出し" })).toBeVisible();
  await expect(page.getByText("申込 2件を書き出します", { exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { name: "大垣市が受け取る内容" })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-export-page.png", fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV（Excel用・UTF-8）をダウンロード" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^書き出しテスト ${run}_参加者一覧_\\d{8}\\.csv$`));
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes.toString("utf8"), { bom: true }) as string[][];
  expect(header!.slice(-2)).toEqual(["ご職業", "配慮事項"]);
  expect(header).toContain("メールアドレス");
  expect(rows).toHaveLength(2);
  for (const row of rows) for (const cell of row) expect(inert(cell), cell).toBe(true);
  const byName = Object.fromEntries(rows.map((r) => [r[header!.indexOf("氏名")], r]));
  expect(byName[`'=HYPERLINK("http://x","y")`]![header!.indexOf("所属")]).toBe("'@SUM(A1)");
  expect(byName[`'=HYPERLINK("http://x","y")`]![header!.indexOf("ご職業")]).toBe("'+1 エンジニア");

  const response = await page.request.get(exportUrl("csv"));
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["content-disposition"]).toMatch(new RegExp(`^attachment; filename="registrations-e2e-export-${run}-\\d{8}\\.csv"; filename\\*=UTF-8''%E6%9B%B8`));
  expect([...(await response.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  const xlsx = await page.request.get(exportUrl("xlsx"));
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(xlsx.headers()["cache-control"]).toBe("no-store");
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

  // The WDL admin finds the exports in the organisation's audit log.
  await signInAs(page, "admin@wdl.example", baseURL!);
  await page.goto(`/admin/audit?event=${eventId}&action=registrations.export`);
  await expect(page.getByRole("heading", { level: 1, name: "監査ログ" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "参加者データの書き出し" }).filter({ hasText: "organizer@wdl.example" })).toHaveCount(3);
});

test("city staff get only the consenting person, without email or sensitive answers, and the city admin sees the provision record", async ({ page, baseURL }) => {
  await signInAs(page, "staff@city.ogaki.example", baseURL!);
  const response = await page.request.get(exportUrl("csv"));
  expect(response.status()).toBe(200);
  const text = (await response.body()).toString("utf8");
  const [header, ...rows] = parse(text, { bom: true }) as string[][];
  expect(header).not.toContain("メールアドレス");
  expect(header).not.toContain("配慮事項");
  expect(header!.at(-1)).toBe("ご職業");
  expect(rows).toHaveLength(1);
  expect(text).not.toContain("@example.com");
  expect(text).not.toContain("段差");
  expect(text).not.toContain("提供なし");

  const record = await db.provisionRecord.findFirstOrThrow({ where: { eventId, kind: "EXPORT" }, include: { persons: true } });
  expect(record.personCount).toBe(1);

  await signInAs(page, "admin@city.ogaki.example", baseURL!);
  await page.goto(`/admin/audit?tab=provisions&kind=EXPORT&event=${eventId}`);
  await expect(page.getByRole("heading", { level: 1, name: "監査ログ" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "staff@city.ogaki.example" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("書き出し");
  await expect(row).toContainText("1人");
  await expect(row).toContainText("回答「ご職業」");
  await expect(row).not.toContainText("メールアドレス");
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-audit-provisions.png", fullPage: true });
});
