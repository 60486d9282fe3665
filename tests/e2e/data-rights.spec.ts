import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { currentRun, waitForMail } from "./support/run";

// A participant's rights on a phone, from their own page: download everything (JSON), withdraw the city
// provision consent on its own, delete their data (with the confirmation step), and see the result; the link
// shows nothing afterwards.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

test("download my data, withdraw one consent, delete my data", async ({ page, request }) => {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 10 * 24 * 3_600_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-rights-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "大垣の水と暮らしを語る夜（データの権利のテスト）",
      descriptionJa: "テスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷のイベントスペース",
      capacity: 10,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
  const email = `rights-${run}@example.com`;
  const response = await request.post(`/api/events/${event.slug}/registrations`, {
    data: {
      name: "権利 花子",
      furigana: "けんり はなこ",
      email,
      prefectureCode: "13",
      relationships: ["NONE"],
      consents: { CITY_PROVISION: true, SURVEY: true, WDL_NEWS: true },
    },
  });
  expect(response.status()).toBe(202);
  const participant = await db.participant.findUniqueOrThrow({ where: { emailNormalized: email } });

  // From the confirmation mail to the manage page, and from there to my page.
  const manage = /(http\S+\/manage\/[\w-]+)/.exec((await waitForMail(email, /参加登録が完了しました/)).text ?? "")![1]!;
  await page.goto(manage);
  await page.getByRole("link", { name: "すべてのお申し込みとメールの配信設定（あなたのページ）" }).click();
  await expect(page.getByRole("heading", { name: "あなたのページ" })).toBeVisible();
  const myPage = page.url();
  await expect(page.getByRole("heading", { name: "同意の状況と撤回" })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Download: a JSON file with my profile and registration.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "JSON形式でダウンロード" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^登録データ_\d{8}\.json$/); // filename* (RFC 6266) wins over the ASCII fallback
  const data = JSON.parse(readFileSync((await download.path())!, "utf8")) as { profile: { email: string; name: string }; registrations: { event: { titleJa: string } }[] };
  expect(data.profile).toMatchObject({ email, name: "権利 花子" });
  expect(data.registrations.map((r) => r.event.titleJa)).toEqual([event.titleJa]);

  // Withdraw the city provision consent, and only it, after reading what it means.
  await page.getByRole("link", { name: /この同意を撤回する.*大垣市への個人データの提供/ }).click();
  await expect(page.getByRole("heading", { name: "同意の撤回：大垣市への個人データの提供（第三者提供）" })).toBeVisible();
  await expect(page.getByText(/これまでに大垣市が受け取った写しは撤回だけでは消えません/)).toBeVisible();
  expect(await db.consent.count({ where: { participantId: participant.id, purpose: "CITY_PROVISION", withdrawnAt: null } })).toBe(1); // opening changed nothing
  await page.getByRole("button", { name: "同意を撤回する" }).click();
  await expect(page.getByRole("status")).toHaveText("「大垣市への個人データの提供（第三者提供）」への同意を撤回しました。");
  const current = await db.consent.findMany({ where: { participantId: participant.id, withdrawnAt: null }, select: { purpose: true } });
  expect(current.map((c) => c.purpose).sort()).toEqual(["SURVEY", "WDL_NEWS"]);

  // Delete: the confirmation step explains, and needs the box ticked.
  await page.getByRole("link", { name: "データの削除に進む" }).click();
  await expect(page.getByRole("heading", { name: "データを削除しますか？" })).toBeVisible();
  await expect(page.getByText("これから開催されるイベントのお申し込み（1件）はキャンセルされ、お席はキャンセル待ちの方にお譲りします。")).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect((await db.participant.findUniqueOrThrow({ where: { id: participant.id } })).anonymizedAt).toBeNull();
  await page.getByRole("checkbox", { name: "削除すると元に戻せないことを理解しました" }).check();
  await page.getByRole("button", { name: "データを削除する" }).click();
  await expect(page.getByRole("heading", { name: "データを削除しました" })).toBeVisible();
  await expect(page.getByText(/受付番号：[0-9A-F]{12}/)).toBeVisible();

  const gone = await db.participant.findUniqueOrThrow({ where: { id: participant.id } });
  expect(gone).toMatchObject({ email: null, name: null });
  expect(gone.anonymizedAt).not.toBeNull();
  expect((await db.registration.findFirstOrThrow({ where: { participantId: participant.id } })).status).toBe("CANCELLED");
  expect(await db.outboxMessage.count({ where: { participantId: participant.id, status: { in: ["PENDING", "SENDING"] } } })).toBe(0);
  expect(await db.deletionRequest.count({ where: { participantId: participant.id, via: "participant_page" } })).toBe(1);

  // The link shows nothing any more; the download answers 404.
  await page.goto(myPage);
  await expect(page.getByRole("heading", { name: "リンクが無効です" })).toBeVisible();
  await expect(page.getByText("権利 花子")).toHaveCount(0);
  expect((await request.get(`${myPage}/data/json`)).status()).toBe(404);
});
