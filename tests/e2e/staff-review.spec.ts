import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// An event 「大垣市が確認」 followed across people: the participant (phone) learns before typing that the application
// goes to the city for review and cannot apply without that consent; the WDL organiser reads the queue but decides
// nothing; city staff (1366×768) see the pending applicants with their answers (without the general provision
// consent), approve one and decline one with a reason; the participants get the mails; the view is a provision
// record relying on the review consent.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
let event: { id: string; slug: string; motiveId: string };
const hanako = { name: `審査 花子 ${run}`, email: `review-hanako-${run}@example.com`, motive: `大垣の水辺を歩いてみたい ${run}` };
const taro = { name: `審査 太郎 ${run}`, email: `review-taro-${run}@example.com`, motive: `複業で関わりたい ${run}` };
const CARE_NOTE = `車椅子を使います ${run}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 30 * 86_400_000) / 3_600_000) * 3_600_000);
  const created = await db.event.create({
    data: {
      slug: `e2e-review-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `大垣まち歩きツアー（審査テスト ${run}）`,
      descriptionJa: "大垣市が参加者を確認します。",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 6 * 3_600_000),
      venueName: "JR大垣駅",
      capacity: 10,
      waitlistEnabled: false,
      approvalRequired: true,
      reviewerKind: "CITY",
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: {
        create: [
          { position: 1, kind: "TEXTAREA", labelJa: "参加の動機", required: true },
          { position: 2, kind: "TEXT", labelJa: "配慮事項", sensitive: true },
        ],
      },
    },
    include: { questions: true },
  });
  event = { id: created.id, slug: created.slug, motiveId: created.questions.find((q) => q.position === 1)!.id };
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function staffPage(browser: Browser, email: string, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: "ja-JP", timezoneId: "America/New_York" });
  await context.addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
  return context.newPage();
}

test("the participant is told before typing that the city reviews, and cannot apply without that consent", async ({ page, request }) => {
  await page.goto(`/events/${event.slug}/register`);
  const notice = page.getByRole("region", { name: "このお申し込みは大垣市が審査します" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("審査のため大垣市に提供されます");
  // Before the first field: the notice comes first in the form and sits above the name field on screen.
  const order = await page.locator("form.signup-form").evaluate((form) => {
    const noticeEl = form.querySelector(".city-review")!;
    const nameEl = form.querySelector("#name")!;
    return Boolean(noticeEl.compareDocumentPosition(nameEl) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(order).toBe(true);
  const consent = page.getByRole("checkbox", { name: /審査のため、申し込み内容を大垣市に提供することに同意します/ });
  await expect(consent).not.toBeChecked();
  await expect(page.locator("#city-review-help")).toContainText("提供先：大垣市");
  await page.screenshot({ path: "tests/e2e/.artifacts/review-signup-notice.png" });

  await page.waitForTimeout(1100);
  await page.getByLabel("お名前").fill(hanako.name);
  await page.getByLabel("ふりがな").fill("しんさ はなこ");
  await page.getByLabel("メールアドレス").fill(hanako.email);
  await page.getByLabel("お住まいの都道府県").selectOption("13");
  await page.getByRole("checkbox", { name: "訪問経験" }).check();
  await page.getByLabel("参加の動機").fill(hanako.motive);
  await page.getByLabel("配慮事項").fill(CARE_NOTE);
  await page.getByRole("button", { name: "申し込む（承認制）" }).click();
  await expect(page.locator('[id="consents.CITY_REVIEW-error"]')).toHaveText(/大垣市への提供に同意いただく必要があります/);
  await expect(consent).toBeFocused();
  await expect(page.getByLabel("参加の動機")).toHaveValue(hanako.motive);
  expect(await db.participant.count({ where: { emailNormalized: hanako.email } })).toBe(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/review-signup-refused.png", fullPage: true });

  await consent.check();
  await page.getByRole("button", { name: "申し込む（承認制）" }).click();
  await expect(page.getByRole("heading", { name: "確認メールをお送りしました" })).toBeVisible();
  // The outcome names the same reviewer as the notice above the form.
  await expect(page.getByText("大垣市がお申し込みの内容を確認します")).toBeVisible();
  await expect(page.getByText("主催者が確認のうえ")).toHaveCount(0);
  const person = await db.participant.findUniqueOrThrow({ where: { emailNormalized: hanako.email }, include: { consents: true } });
  // The review consent only: the general provision to the city was not given.
  expect(person.consents.map((c) => c.purpose)).toEqual(["CITY_REVIEW"]);

  // The JSON API holds the same rule.
  const refused = await request.post(`/api/events/${event.slug}/registrations`, {
    data: { name: taro.name, furigana: "しんさ たろう", email: taro.email, prefectureCode: "27", relationships: ["NONE"], answers: { [event.motiveId]: taro.motive } },
  });
  expect(refused.status()).toBe(422);
  expect(JSON.stringify(await refused.json())).toContain("city_review_consent_required");
  const accepted = await request.post(`/api/events/${event.slug}/registrations`, {
    data: { name: taro.name, furigana: "しんさ たろう", email: taro.email, prefectureCode: "27", relationships: ["NONE"], answers: { [event.motiveId]: taro.motive }, consents: { CITY_REVIEW: true } },
  });
  expect(accepted.status(), await accepted.text()).toBe(202);
});

test("the WDL organiser reads the queue but cannot approve or decline", async ({ browser, baseURL }) => {
  const page = await staffPage(browser, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/events/${event.id}`);
  await page.getByRole("link", { name: /申し込みの審査（確認待ち 2件）/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "申し込みの審査" })).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: "閲覧のみ" })).toContainText("大垣市が審査します");
  await expect(page.getByText(hanako.motive)).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "選択した申し込みに実行" })).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/review-queue-wdl.png", fullPage: true });

  // The organisers' table: approve and decline are shown but cannot be chosen, with the reason.
  await page.goto(`/admin/events/${event.id}/registrations`);
  await expect(page.getByRole("note").filter({ hasText: "大垣市の審査ページ" })).toBeVisible();
  await expect(page.locator('#bulk-action option[value="approve"]')).toBeDisabled();
  await expect(page.locator('#bulk-action option[value="decline"]')).toBeDisabled();
  await page.context().close();
  expect(await db.registration.count({ where: { eventId: event.id, status: "PENDING" } })).toBe(2);
});

test("city staff see the pending applicants with their answers, approve one and decline one with a reason", async ({ browser, baseURL }) => {
  const page = await staffPage(browser, "staff@city.ogaki.example", baseURL!);
  const since = new Date();
  const mailSince = Date.now();
  await page.goto("/admin");
  await page.getByRole("row").filter({ hasText: `審査テスト ${run}` }).getByRole("link", { name: "確認待ち 2件" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "申し込みの審査" })).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: "提供記録" })).toBeVisible();
  const cards = page.getByRole("list", { name: "確認待ちの申し込み" }).getByRole("listitem");
  await expect(cards).toHaveCount(2);
  const hanakoCard = cards.filter({ hasText: hanako.name });
  await expect(hanakoCard).toContainText(hanako.motive);
  await expect(hanakoCard).toContainText("東京都");
  await expect(cards.filter({ hasText: taro.name })).toContainText(taro.motive);
  // Never the address, never the sensitive note.
  await expect(page.getByText("@example.com")).toHaveCount(0);
  await expect(page.getByText(CARE_NOTE)).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/review-queue-city.png", fullPage: true });

  // The view is a provision record naming both people and the review consent each relied on.
  const record = await db.provisionRecord.findFirstOrThrow({
    where: { eventId: event.id, kind: "VIEW", createdAt: { gte: since }, staffUser: { email: "staff@city.ogaki.example" } },
    include: { persons: { include: { consent: true, participant: true } } },
  });
  expect(record.persons.map((p) => [p.participant.emailNormalized, p.consent.purpose]).sort()).toEqual([
    [hanako.email, "CITY_REVIEW"],
    [taro.email, "CITY_REVIEW"],
  ].sort());
  expect(record.items).toContain(`answer:${event.motiveId}`);

  await page.getByRole("checkbox", { name: `${hanako.name}を選択` }).check();
  await page.getByLabel("判断").selectOption({ label: "承認する" });
  await page.getByRole("button", { name: "選択した申し込みに実行" }).click();
  const status = page.getByRole("status").filter({ hasText: "結果" });
  await expect(status).toContainText(`${hanako.name}：承認（参加確定）`);
  await expect(page.getByRole("checkbox", { name: `${hanako.name}を選択` })).toHaveCount(0);

  await page.getByRole("checkbox", { name: `${taro.name}を選択` }).check();
  await page.getByLabel("判断").selectOption({ label: "見送る" });
  await page.getByRole("button", { name: "選択した申し込みに実行" }).click();
  await expect(page.locator("#review-reason-error")).toHaveText("見送りの理由を入力してください");
  await page.getByLabel("理由").fill("定員を超える応募があったため");
  await page.getByRole("button", { name: "選択した申し込みに実行" }).click();
  await expect(status).toContainText(`${taro.name}：見送り`);
  await expect(page.getByText("確認待ちの申し込みはありません。")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/review-queue-city-done.png", fullPage: true });
  await page.context().close();

  const cityUser = await db.user.findUniqueOrThrow({ where: { email: "staff@city.ogaki.example" } });
  const history = await db.registrationTransition.findMany({ where: { registration: { eventId: event.id }, actorType: "STAFF" }, include: { registration: true } });
  expect(history.map((h) => [h.registration.emailNormalized, h.fromStatus, h.toStatus, h.actorUserId, h.reason]).sort()).toEqual([
    [hanako.email, "PENDING", "CONFIRMED", cityUser.id, null],
    [taro.email, "PENDING", "DECLINED", cityUser.id, "定員を超える応募があったため"],
  ].sort());

  await waitForMail(hanako.email, /参加が承認されました/, 20_000, mailSince);
  const declined = await waitForMail(taro.email, /お申し込みについて/, 20_000, mailSince);
  expect(declined.text).toContain("定員を超える応募があったため");
});
