import { createHash, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { currentRun, waitForMail } from "./support/run";

// A person's links on their own page, on a phone: the "open links" list (issued, last used, a button per
// link), stopping one link, and "sign out everywhere". A stopped link must answer exactly like a link that never
// existed, for the page and for a survey; the person carries on at a new link.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

/** A link as if issued to another device earlier (only the hash is stored, so any 43-character token will do). */
async function extraLink(participantId: string, purpose: "PARTICIPANT_PAGE" | "SURVEY", registrationId: string | null) {
  const token = randomBytes(32).toString("base64url");
  const createdAt = new Date(Date.now() - 3 * 86_400_000);
  await db.participantAccessToken.create({
    data: { participantId, purpose, registrationId, tokenHash: createHash("sha256").update(token).digest("hex"), createdAt, expiresAt: new Date(Date.now() + 90 * 86_400_000) },
  });
  return token;
}

/** What a link answers: the status and the page's main heading. */
async function answer(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  const heading = /<h1[^>]*>([^<]*)<\/h1>/.exec(await response.text())?.[1] ?? null;
  return { status: response.status(), heading };
}

test("open links: see them, stop one, sign out everywhere", async ({ page, request }) => {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 12 * 24 * 3_600_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-links-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "大垣の湧き水を歩く会（リンクのテスト）",
      descriptionJa: "テスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷のイベントスペース",
      capacity: 10,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
  const email = `links-${run}@example.com`;
  const response = await request.post(`/api/events/${event.slug}/registrations`, {
    data: { name: "鍵 花子", furigana: "かぎ はなこ", email, prefectureCode: "13", relationships: ["NONE"], consents: { SURVEY: true } },
  });
  expect(response.status()).toBe(202);
  const participant = await db.participant.findUniqueOrThrow({ where: { emailNormalized: email } });
  const registration = await db.registration.findFirstOrThrow({ where: { participantId: participant.id } });

  // From the confirmation mail to the manage page, and on to my page.
  const manage = /(http\S+\/manage\/[\w-]+)/.exec((await waitForMail(email, /参加登録が完了しました/)).text ?? "")![1]!;
  await page.goto(manage);
  await page.getByRole("link", { name: "すべてのお申し込みとメールの配信設定（あなたのページ）" }).click();
  await expect(page.getByRole("heading", { name: "あなたのページ" })).toBeVisible();
  const current = new URL(page.url()).pathname;
  expect(current).toMatch(/^\/me\/[\w-]{43}$/); // a stored link, not the id-derived one

  const other = await extraLink(participant.id, "PARTICIPANT_PAGE", null);
  const survey = await extraLink(participant.id, "SURVEY", registration.id);
  const unknownPage = await answer(request, `/me/${randomBytes(32).toString("base64url")}`);
  const unknownSurvey = await answer(request, `/survey/${randomBytes(32).toString("base64url")}`);
  expect(unknownPage.heading).toBe("リンクが無効です");
  expect(await answer(request, `/me/${other}`)).toEqual({ status: 200, heading: "あなたのページ" });
  expect((await answer(request, `/survey/${survey}`)).status).toBe(200);

  // The list: my page twice (the one in use has no button), the survey, and the links of earlier mails.
  await page.reload();
  const links = page.getByRole("list", { name: "使えるリンクの一覧" });
  await expect(links.getByRole("listitem")).toHaveCount(4);
  await expect(links.getByRole("listitem").filter({ hasText: "いま開いているリンク" })).toContainText("あなたのページ");
  await expect(links.getByRole("listitem").filter({ hasText: `アンケート：${event.titleJa}` })).toContainText("最後に使われた日時");
  await expect(links.getByRole("listitem").filter({ hasText: "以前にお送りしたメールのリンク" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "お名前・メールアドレス・お住まいの変更" })).toBeVisible();
  await expect(page.getByText("私たちから届いたメールにそのまま返信して")).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.screenshot({ path: `test-results/person-links-${run}.png`, fullPage: true });

  // Stop the other device's link: it now answers like a link that never existed; mine still works.
  await page.getByRole("button", { name: /^使えなくする\s*：\s*あなたのページ（/ }).click();
  await expect(page.getByRole("status")).toHaveText("リンクを使えなくしました。");
  expect(await answer(request, `/me/${other}`)).toEqual(unknownPage);
  await expect(links.getByRole("listitem")).toHaveCount(3);
  expect(await answer(request, current)).toEqual({ status: 200, heading: "あなたのページ" });

  // Sign out everywhere: every link stops, the one in use included; I carry on at a new one.
  await page.getByRole("button", { name: "すべてのリンクを使えなくする（どこでもログアウト）" }).click();
  await expect(page.getByRole("status")).toContainText("これまでのリンクをすべて使えなくしました。");
  const fresh = new URL(page.url()).pathname;
  expect(fresh).toMatch(/^\/me\/[\w-]{43}$/);
  expect(fresh).not.toBe(current);
  expect(await answer(request, current)).toEqual(unknownPage);
  expect(await answer(request, `/survey/${survey}`)).toEqual(unknownSurvey);
  await expect(links.getByRole("listitem")).toHaveCount(1);
  await expect(links.getByRole("listitem")).toContainText("いま開いているリンク");
  // The manage link from the earlier mail no longer leads back into my page.
  await page.goto(manage);
  await expect(page.getByRole("link", { name: "すべてのお申し込みとメールの配信設定（あなたのページ）" })).toHaveCount(0);
  expect(await answer(request, fresh)).toEqual({ status: 200, heading: "あなたのページ" });
});
