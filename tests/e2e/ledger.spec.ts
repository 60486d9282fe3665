import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { seriousViolations } from "./support/a11y";
import { currentRun, waitForMail } from "./support/run";

// The relationship ledger on the production build: an organiser opens a person who came to one talk (stage
// 参加), records a visit (stage 訪問 at once) and removes a second record after confirming; city staff see the
// ledger of a consenting person without survey answers or notes, and a 404 for a person who did not consent;
// the person reports a visit from their own page and sees it listed.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
const people = {
  consent: { name: `台帳 同意 ${run}`, email: `ledger-consent-${run}@example.com` },
  private: { name: `台帳 非同意 ${run}`, email: `ledger-private-${run}@example.com` },
};
const ids: Record<keyof typeof people, string> = { consent: "", private: "" };
const SURVEY_COMMENT = `アンケートの感想 ${run}`;
const NOTE = `観光課と面談 ${run}`;

test.beforeAll(async ({ request }) => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 20 * 86_400_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-ledger-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `台帳テストのトーク ${run}`,
      descriptionJa: "テスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      area: "TOKYO_AREA",
      kind: "TALK",
      capacity: 20,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
  for (const key of ["consent", "private"] as const) {
    const response = await request.post(`/api/events/${event.slug}/registrations`, {
      headers: { "x-forwarded-for": `198.18.${Math.floor(Math.random() * 200)}.${key === "consent" ? 11 : 12}` },
      data: {
        name: people[key].name,
        furigana: "だいちょう",
        email: people[key].email,
        prefectureCode: "13",
        relationships: ["NONE"],
        interests: ["tourism"],
        consents: { CITY_PROVISION: key === "consent", SURVEY: true },
      },
    });
    expect(response.status(), await response.text()).toBe(202);
  }
  // The talk took place ten days ago and both came (the check-in flow itself is tested elsewhere).
  const held = new Date(Date.now() - 10 * 86_400_000);
  await db.event.update({ where: { id: event.id }, data: { startsAt: held, endsAt: new Date(held.getTime() + 2 * 3_600_000) } });
  await db.registration.updateMany({ where: { eventId: event.id }, data: { status: "ATTENDED", checkedInAt: held } });
  for (const key of ["consent", "private"] as const) {
    ids[key] = (await db.participant.findUniqueOrThrow({ where: { emailNormalized: people[key].email } })).id;
  }
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, participantId: ids.consent } });
  await db.surveyResponse.create({
    data: {
      registrationId: registration.id,
      participantId: ids.consent,
      eventId: event.id,
      satisfaction: 5,
      joinAgain: "YES",
      nextSteps: ["VISIT_OGAKI", "FURUSATO_NOZEI"],
      comment: SURVEY_COMMENT,
      submittedAt: new Date(held.getTime() + 26 * 3_600_000),
    },
  });
});

test.afterAll(async () => {
  await db.$disconnect();
});

async function signInAs(page: Page, email: string, baseURL: string) {
  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
}

const currentStage = (page: Page) => page.locator(".ledger-stage__name");

test("an organiser sees stage 参加, records a visit (stage 訪問 at once), and removes a record after confirming", async ({ page, baseURL }) => {
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/participants/${ids.consent}`);
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(people.consent.name) })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "関係の段階" })).toBeVisible();
  await expect(currentStage(page)).toHaveText("参加");
  const ladder = page.getByRole("list", { name: "段階と到達状況" });
  await expect(ladder.getByRole("listitem")).toHaveCount(5);
  await expect(ladder.locator('[aria-current="step"]')).toContainText("参加");
  await expect(ladder.getByRole("listitem").filter({ hasText: "訪問" })).toContainText("未到達");
  await expect(page.getByText("首都圏", { exact: true })).toBeVisible();
  await expect(page.getByText("トーク", { exact: true })).toBeVisible();

  // The survey, and what came of its next steps: nothing yet.
  const surveys = page.getByRole("region", { name: "アンケートと次の一歩", exact: true });
  await expect(surveys.getByText(SURVEY_COMMENT)).toBeVisible();
  await expect(surveys.getByRole("row", { name: /大垣を訪れる/ })).toContainText("まだ");
  expect(await seriousViolations(page)).toEqual([]);

  // Record a visit: the stage moves to 訪問 and the survey's next step is realised.
  await page.getByLabel("種類").selectOption({ label: "大垣を訪問" });
  await page.getByLabel("メモ").fill(NOTE);
  await page.getByRole("button", { name: "記録する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "活動を記録しました" })).toBeVisible();
  await expect(currentStage(page)).toHaveText("訪問");
  await expect(page.getByRole("cell", { name: NOTE })).toBeVisible();
  await expect(surveys.getByRole("row", { name: /大垣を訪れる/ })).toContainText("実現");
  // Visiting counts the rung below as reached too, and says it is only counted so.
  await expect(ladder.getByRole("listitem").filter({ hasText: "継続" })).toContainText("到達扱い");
  await page.screenshot({ path: "tests/e2e/.artifacts/ledger-organizer-phone.png", fullPage: true });

  // A future day is refused with the reason next to the field.
  await page.getByLabel("種類").selectOption({ label: "その他" });
  const tomorrow = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("日付").fill(tomorrow);
  await page.getByRole("button", { name: "記録する" }).click();
  await expect(page.getByText("未来の日付は記録できません")).toBeVisible();
  await expect(page.getByLabel("日付")).toHaveAttribute("aria-invalid", "true");

  // A second record, removed after the confirmation step.
  await page.getByLabel("日付").fill(new Date(Date.now() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "記録する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "活動を記録しました" })).toBeVisible();
  await page.getByRole("link", { name: /削除….*その他/ }).click();
  await expect(page.getByRole("heading", { name: "この活動の記録を削除しますか？" })).toBeVisible();
  expect(await db.activity.count({ where: { participantId: ids.consent } })).toBe(2);
  await page.getByRole("button", { name: "削除する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "活動の記録を削除しました" })).toBeVisible();
  expect(await db.activity.findMany({ where: { participantId: ids.consent }, select: { kind: true } })).toEqual([{ kind: "VISIT_OGAKI" }]);
  await expect(currentStage(page)).toHaveText("訪問");

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: "tests/e2e/.artifacts/ledger-organizer-desktop.png", fullPage: true });

  const audit = await db.auditLog.findMany({ where: { targetId: ids.consent, action: { in: ["activity.record", "activity.delete"] } }, select: { action: true } });
  expect(audit.map((a) => a.action).sort()).toEqual(["activity.delete", "activity.record", "activity.record"]);
});

test("city staff see a consenting person's ledger without survey answers or notes, and a 404 for a person who did not consent", async ({ page, baseURL }) => {
  await signInAs(page, "staff@city.ogaki.example", baseURL!);
  await page.goto(`/admin/participants/${ids.consent}`);
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(people.consent.name) })).toBeVisible();
  await expect(currentStage(page)).toHaveText("訪問");
  await expect(page.getByRole("heading", { name: "大垣との関わり：最初の申し込み時と現在" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "大垣を訪問" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "アンケートと次の一歩" })).toHaveCount(0);
  await expect(page.getByText(SURVEY_COMMENT)).toHaveCount(0);
  await expect(page.getByText(NOTE)).toHaveCount(0);
  await expect(page.getByText("@example.com")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "tests/e2e/.artifacts/ledger-city-phone.png", fullPage: true });

  const response = await page.goto(`/admin/participants/${ids.private}`);
  expect(response?.status()).toBe(404);

  // The same ledger in English.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto(`/admin/participants/${ids.consent}`);
  await expect(page.getByRole("heading", { level: 2, name: "Stage" })).toBeVisible();
  await expect(currentStage(page)).toHaveText("Visit");
  await expect(page.getByRole("cell", { name: "Visit to Ogaki" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Record an activity" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the person reports a visit on their own page and sees it listed", async ({ page }) => {
  const manage = /(http\S+\/manage\/[\w-]+)/.exec((await waitForMail(people.private.email, /参加登録が完了しました/)).text ?? "")![1]!;
  await page.goto(manage);
  await page.getByRole("link", { name: "すべてのお申し込みとメールの配信設定（あなたのページ）" }).click();
  await expect(page.getByRole("heading", { name: "大垣での活動を報告する" })).toBeVisible();
  await expect(page.getByText("まだご報告はありません。")).toBeVisible();

  // Nothing chosen: a clear message, in Japanese, next to the question.
  await page.getByRole("button", { name: "報告する" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "入力内容を確認してください（1件）" })).toBeVisible();
  await expect(page.getByText("どんな活動か選んでください")).toBeVisible();

  await page.getByRole("radio", { name: "大垣を訪れた" }).check();
  await page.getByLabel(/ひとこと/).fill("水門川を散策しました");
  await page.getByRole("button", { name: "報告する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "ご報告ありがとうございます" })).toBeVisible();
  const list = page.getByRole("list", { name: "報告した活動" });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("大垣を訪れた");
  await expect(list).toContainText("水門川を散策しました");
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "tests/e2e/.artifacts/ledger-me-phone.png", fullPage: true });

  const row = await db.activity.findFirstOrThrow({ where: { participantId: ids.private } });
  expect(row).toMatchObject({ kind: "VISIT_OGAKI", source: "SELF_REPORTED", recordedById: null });

  await list.getByRole("button", { name: /削除/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "報告を削除しました。" })).toBeVisible();
  await expect(page.getByText("まだご報告はありません。")).toBeVisible();
  expect(await db.activity.count({ where: { participantId: ids.private } })).toBe(0);
});
