import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { fiscalYearOf, fiscalYearPeriod } from "@/lib/insights/period";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { seriousViolations } from "./support/a11y";
import { currentRun } from "./support/run";

// The 関係人口 dashboard on the production build, on a small fixture of its own in the current fiscal year:
//   Tokyo talk       P0–P6 attended, P7 no-show
//   Tokyo workshop   P0–P4 attended
//   Ogaki fieldwork  P0, P1 attended
// 8 registrants, 15 registrations, 7 attendees (実人数), 14 attendances (延べ人数); funnel 関心 8 → 参加 7 →
// 継続 5 (P0–P4 came twice) → 訪問 2 (P0, P1 came to Ogaki) → 関与 0.
// The organiser filters to these events with the form, sees the figures, switches to the city's view and
// downloads the CSV; city staff see × where a cell is withheld (small, or hidden so that a small one cannot be
// worked out); the per-event table's titles stay inside their column; the print page renders.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
const titles = {
  talk: `関係人口テスト トーク ${run}`,
  workshop: `関係人口テスト ワークショップ ${run}`,
  // Long enough to need two lines in its column: it must wrap there, not run over the date and the counts.
  fieldwork: `関係人口テスト 大垣の田んぼと水路をめぐるフィールドワークと地元の方との交流会 ${run}`,
};
const ids: Record<keyof typeof titles, string> = { talk: "", workshop: "", fieldwork: "" };
const fy = fiscalYearOf(new Date());

test.beforeAll(async () => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  // Three moments between the start of this fiscal year and now, so the events are held and in the year.
  const start = fiscalYearPeriod(fy).from.getTime();
  const now = Date.now() - 3_600_000;
  const at = (fraction: number) => new Date(Math.floor((start + (now - start) * fraction) / 60_000) * 60_000);
  const plan = [
    ["talk", at(0.25), "TOKYO_AREA", "TALK", [0, 1, 2, 3, 4, 5, 6], [7]],
    ["workshop", at(0.5), "TOKYO_AREA", "WORKSHOP", [0, 1, 2, 3, 4], []],
    ["fieldwork", at(0.75), "OGAKI", "FIELDWORK", [0, 1], []],
  ] as const;

  const people: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const email = `insights-${run}-${i}@example.com`;
    const person = await db.participant.create({
      data: { email, emailNormalized: email, name: `関係 ${i}`, prefectureCode: i < 6 ? "13" : "14", interests: ["tourism"], relationships: ["VISITED"] },
    });
    people.push(person.id);
  }
  let code = 0;
  for (const [key, startsAt, area, kind, attended, noShow] of plan) {
    const event = await db.event.create({
      data: {
        slug: `e2e-insights-${key}-${run}`,
        status: "CLOSED",
        ownerOrganizationId: wdl.id,
        titleJa: titles[key],
        descriptionJa: "テスト",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        area,
        kind,
        capacity: 50,
        organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      },
    });
    ids[key] = event.id;
    for (const [list, status] of [
      [attended, "ATTENDED"],
      [noShow, "NO_SHOW"],
    ] as const) {
      for (const who of list) {
        await db.registration.create({
          data: {
            eventId: event.id,
            participantId: people[who]!,
            status,
            howHeard: who % 2 === 0 ? "SNS" : "FRIEND",
            relationshipsAtSignup: ["VISITED"],
            manageTokenHash: randomBytes(16).toString("hex"),
            checkinCode: `INS${run}${(code += 1)}`.slice(0, 16),
            confirmedAt: startsAt,
          },
        });
      }
    }
  }
});

test.afterAll(async () => {
  await db.$disconnect();
});

async function signInAs(page: Page, email: string, baseURL: string) {
  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
}

const card = (page: Page, label: string) =>
  page
    .locator(".insights-card")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .locator(".insights-card__value");
const funnelRow = (page: Page, stage: string) => page.locator(".insights-funnel tbody tr").filter({ has: page.locator("th", { hasText: new RegExp(`^${stage}`) }) });
const eventQuery = () => `fy=${fy}&event=${ids.talk}&event=${ids.workshop}&event=${ids.fieldwork}`;

/** A withheld figure: the one mark, whatever the reason, named for screen readers. */
async function expectWithheld(cell: ReturnType<Page["locator"]>) {
  await expect(cell.locator(".insights-suppressed [aria-hidden='true']")).toHaveText("×");
  await expect(cell.locator(".insights-suppressed .visually-hidden")).toHaveText("秘匿");
}

async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: `tests/e2e/.artifacts/${name}-phone.png`, fullPage: true });
  const phone = page.viewportSize()!;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `tests/e2e/.artifacts/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(phone);
}

test("an organiser filters the dashboard to a set of events and sees 実人数, 延べ人数 and the funnel", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "スタッフメニュー" }).getByRole("link", { name: "ダッシュボード" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "関係人口ダッシュボード" })).toBeVisible();
  await expect(page.getByLabel("年度")).toHaveValue(String(fy));

  await page.getByText("地域・種類・イベントで絞り込む").click();
  await page.getByLabel("イベント", { exact: true }).selectOption([ids.talk, ids.workshop, ids.fieldwork]);
  await page.getByRole("button", { name: "表示する" }).click();
  await expect(page).toHaveURL(new RegExp(`event=${ids.fieldwork}`));
  await expect(page.getByText(`選んだイベント3件`, { exact: false })).toBeVisible();

  await expect(card(page, "実人数")).toHaveText("7");
  await expect(card(page, "延べ人数")).toHaveText("14");
  await expect(card(page, "申込 実人数")).toHaveText("8");
  await expect(card(page, "申込 延べ")).toHaveText("15");
  await expect(card(page, "欠席率")).toHaveText("6.7%"); // 1 no-show of 15 held attendances and no-shows
  const funnel = [
    ["関心", "8", "—"],
    ["参加", "7", "87.5%"],
    ["継続", "5", "71.4%"],
    ["訪問", "2", "40.0%"],
    ["関与", "0", "0.0%"],
  ];
  for (const [stage, reached, conversion] of funnel) {
    await expect(funnelRow(page, stage!).locator("td").nth(1)).toHaveText(reached!);
    await expect(funnelRow(page, stage!).locator("td").nth(2)).toHaveText(conversion!);
  }
  // The full view shows the small cells as they are.
  const fieldworkRow = page.locator(".insights-events tbody tr").filter({ hasText: titles.fieldwork });
  await expect(fieldworkRow.locator("td").nth(5)).toHaveText("2");
  await expect(page.locator(".insights-legend")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "お住まい" }).getByRole("row", { name: /東京都/ })).toContainText("75.0%");

  expect(await seriousViolations(page)).toEqual([]);
  await screenshots(page, "staff-insights");

  // The city's view, as WDL previews it.
  await page.getByLabel("市に提供される表示（5人未満を秘匿）").check();
  await page.getByRole("button", { name: "表示する" }).click();
  await expect(page).toHaveURL(/view=city/);
  await expect(page.locator(".insights-legend")).toContainText("5人未満、または他の数から逆算されないよう伏せた数");
  await expectWithheld(funnelRow(page, "訪問").locator("td").nth(1));
});

test("city staff see × where a cell is withheld, with the legend naming both reasons, and no view switch", async ({ page, baseURL }) => {
  await signInAs(page, "staff@city.ogaki.example", baseURL!);
  await page.goto(`/admin/insights?${eventQuery()}`);
  await expect(page.getByRole("heading", { level: 1, name: "関係人口ダッシュボード" })).toBeVisible();
  await expect(page.locator(".insights-legend")).toContainText("× は秘匿：5人未満、または他の数から逆算されないよう伏せた数");
  await expect(page.getByText("大垣市に提供される表示（5人未満を秘匿）")).toBeVisible();
  await expect(page.getByLabel("市に提供される表示（5人未満を秘匿）")).toHaveCount(0);

  await expect(card(page, "実人数")).toHaveText("7");
  await expect(card(page, "延べ人数")).toHaveText("14");
  await expectWithheld(funnelRow(page, "訪問").locator("td").nth(1));
  await expectWithheld(funnelRow(page, "訪問").locator("td").nth(2));
  const fieldworkRow = page.locator(".insights-events tbody tr").filter({ hasText: titles.fieldwork });
  await expectWithheld(fieldworkRow.locator("td").nth(5));
  await expectWithheld(card(page, "欠席率"));
  // 15 registrations and 14 attendances would give the withheld no-show (1) back: the registrations are withheld
  // too, marked the same way although they are 5 or more.
  await expectWithheld(card(page, "申込 延べ"));

  expect(await seriousViolations(page)).toEqual([]);
  await screenshots(page, "staff-insights-city");
});

test("the per-event table's titles stay inside their column, on a laptop and on a phone", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  for (const size of [{ width: 1366, height: 768 }, { width: 412, height: 915 }]) {
    await page.setViewportSize(size);
    await page.goto(`/admin/insights?${eventQuery()}`);
    const table = page.locator(".insights-events");
    await table.scrollIntoViewIfNeeded();
    const rows = table.locator("tbody tr");
    await expect(rows).toHaveCount(3);
    for (let i = 0; i < 3; i += 1) {
      const row = rows.nth(i);
      const title = (await row.locator("th a").boundingBox())!;
      const cell = (await row.locator("th").boundingBox())!;
      const date = (await row.locator("td").first().boundingBox())!;
      // The link's box covers its text: it must end inside its own cell, before the date column starts.
      expect(title.x + title.width, await row.locator("th").innerText()).toBeLessThanOrEqual(cell.x + cell.width + 0.5);
      expect(title.x + title.width).toBeLessThanOrEqual(date.x + 0.5);
    }
    const headTitle = (await table.locator("thead th").first().boundingBox())!;
    const headDate = (await table.locator("thead th").nth(1).boundingBox())!;
    expect(headTitle.x + headTitle.width).toBeLessThanOrEqual(headDate.x + 0.5);
    await table.screenshot({ path: `tests/e2e/.artifacts/staff-insights-events-${size.width}.png` });
  }
});

test("the CSV link downloads the same figures, and the export is in the audit log", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/insights?${eventQuery()}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV", exact: true }).click()]);
  expect(download.suggestedFilename()).toBe(`関係人口_${fy}年度.csv`);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes.toString("utf8"), { bom: true }) as string[][];
  expect(header!.slice(0, 3)).toEqual(["区分 section", "項目 item", "キー key"]);
  const value = (section: string, item: string, key = "") => rows.find((r) => r[0] === section && r[1] === item && r[2] === key)?.[6];
  expect(value("people", "attendees")).toBe("7");
  expect(value("people", "attendances")).toBe("14");
  expect(value("funnel", "reached", "VISIT")).toBe("2");
  expect(value("perEvent", "attended", ids.fieldwork)).toBe("2");

  // City staff get the suppressed file whatever they ask for.
  await signInAs(page, "staff@city.ogaki.example", baseURL!);
  const response = await page.request.get(`/api/admin/insights/export?${eventQuery()}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toContain(`kankei-jinkou-FY${fy}-city.csv`);
  const cityRows = parse((await response.body()).toString("utf8"), { bom: true }) as string[][];
  const visit = cityRows.find((r) => r[0] === "funnel" && r[1] === "reached" && r[2] === "VISIT")!;
  expect([visit[6], visit[7]]).toEqual(["", "×"]);

  await signInAs(page, "admin@wdl.example", baseURL!);
  await page.goto("/admin/audit?action=insights.export");
  await expect(page.getByRole("row").filter({ hasText: "関係人口ダッシュボードの書き出し" }).filter({ hasText: "organizer@wdl.example" })).not.toHaveCount(0);
});

test("the print page renders the same figures for A4, without navigation or filters", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/insights?${eventQuery()}`);
  await page.getByRole("link", { name: "印刷用ページ" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/insights/print\\?fy=${fy}&event=`));
  await expect(page.getByRole("heading", { level: 1, name: "関係人口レポート" })).toBeVisible();
  await expect(page.getByRole("button", { name: "印刷する" })).toBeVisible();
  await expect(page.getByRole("form", { name: "表示する条件" })).toHaveCount(0);
  await expect(page.locator(".insights-summary")).toContainText("一般社団法人Work Design Lab");
  await expect(card(page, "実人数")).toHaveText("7");
  await expect(card(page, "延べ人数")).toHaveText("14");
  await expect(funnelRow(page, "継続").locator("td").nth(1)).toHaveText("5");
  expect(await seriousViolations(page)).toEqual([]);
  await screenshots(page, "staff-insights-print");

  // On paper: no site header, staff menu or print button; the figures stay.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "スタッフメニュー" })).toBeHidden();
  await expect(page.getByRole("button", { name: "印刷する" })).toBeHidden();
  await expect(card(page, "実人数")).toBeVisible();
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-insights-print-paper.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
});

test("a wrong parameter is shown next to its field and the page falls back instead of failing", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/insights?fy=20x6&from=2026-02-30&to=2026-03-10&area=MARS`);
  await expect(page.getByRole("heading", { level: 1, name: "関係人口ダッシュボード" })).toBeVisible();
  await expect(page.locator(".insights-errors")).toContainText("既定の値で表示しています");
  await expect(page.getByLabel("年度")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#insights-fy-error")).toHaveText(/年度は2000〜2099/);
  await expect(page.locator("#insights-from-error")).toHaveText(/実在する日/);
  await expect(page.locator("#insights-area-error")).toBeVisible();
  await expect(page.locator(".insights-summary")).toContainText(`${fy}年度（${fy}年4月1日〜${fy + 1}年3月31日）`);
  expect(await seriousViolations(page)).toEqual([]);
});

test("the dashboard reads in English", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto(`/admin/insights?${eventQuery()}`);
  await expect(page.getByRole("heading", { level: 1, name: "Relationship population dashboard" })).toBeVisible();
  await expect(page.locator(".insights-summary")).toContainText(`FY${fy} (1 Apr ${fy} – 31 Mar ${fy + 1})`);
  await expect(card(page, "Attendees \\(distinct\\)")).toHaveText("7");
  await expect(card(page, "Attendances")).toHaveText("14");
  await expect(funnelRow(page, "Continuation").locator("td").nth(1)).toHaveText("5");
  await expect(page.getByRole("table", { name: "Where they live" }).getByRole("row", { name: /Tokyo/ })).toContainText("75.0%");
  expect(await seriousViolations(page)).toEqual([]);
  await screenshots(page, "staff-insights-en");
});

test("a period without events says so instead of showing a page of zeros", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto("/admin/insights?from=2001-01-01&to=2001-01-31");
  await expect(page.getByText("この期間・条件に当てはまるイベントはありません。", { exact: false })).toBeVisible();
  await expect(page.locator(".insights-card")).toHaveCount(0);
});
