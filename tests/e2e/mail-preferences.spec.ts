import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { currentRun, waitForMail } from "./support/run";

// A participant stops reminders from the mail (the footer page, and the mail client's one-click POST) and
// turns them back on from their own page. No account, no session: the signed links are the credentials.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function confirmedRegistration(request: import("@playwright/test").APIRequestContext, email: string) {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 26 * 3_600_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-mail-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "大垣の水と暮らしを語る夜（リマインダーのテスト）",
      descriptionJa: "テスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷のイベントスペース",
      capacity: 10,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
  const response = await request.post(`/api/events/${event.slug}/registrations`, {
    data: { name: "配信 花子", furigana: "はいしん はなこ", email, prefectureCode: "13", relationships: ["NONE"], consents: { SURVEY: true } },
  });
  expect(response.status()).toBe(202);
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id }, include: { participant: true } });
  return { event, registration };
}

function headerOf(mail: Awaited<ReturnType<typeof waitForMail>>, key: string) {
  return mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, "");
}

test("stop reminders from the mail, by the page and by one-click POST, and turn them on again from my page", async ({ page, request, playwright }) => {
  const email = `mail-prefs-${run}@example.com`;
  const { event, registration } = await confirmedRegistration(request, email);

  // The 1-day reminder, as the scheduled job writes it (lib/reminders/mutations.ts).
  await db.outboxMessage.create({
    data: {
      dedupeKey: `reminder:${registration.id}:24h`,
      template: "event-reminder",
      category: "REMINDER",
      toEmail: email,
      toName: "配信 花子",
      participantId: registration.participantId,
      registrationId: registration.id,
      eventId: event.id,
      payload: {
        name: "配信 花子",
        status: "CONFIRMED",
        hoursBefore: 24,
        event: {
          id: event.id, slug: event.slug, titleJa: event.titleJa, titleEn: null, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString(),
          format: "IN_PERSON", venueName: event.venueName, venueAddress: null, venueMapUrl: null, onlineUrl: null, feeJa: null, feeEn: null,
          organizersJa: "一般社団法人Work Design Lab × 大垣市", organizersEn: "Work Design Lab × Ogaki City", updatedAt: event.updatedAt.toISOString(),
        },
      },
    },
  });
  const mail = await waitForMail(email, /リマインダー：イベントは明日です/);
  expect(headerOf(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  const oneClick = /^<(http[^>]+)>$/.exec(headerOf(mail, "list-unsubscribe") ?? "")![1]!;
  const footerPage = /(http\S+\/unsubscribe\/[\w.-]+)/.exec(mail.text ?? "")![1]!;
  const myPage = /(http\S+\/me\/[\w.-]+)/.exec(mail.text ?? "")![1]!;
  expect(mail.text).toContain("このメールは、お申し込みいただいたイベントのリマインダーとしてお送りしています。");
  const suppressed = () => db.suppression.count({ where: { emailNormalized: email, category: "REMINDER" } });

  // Opening the one-click URL (a person, or a link scanner) changes nothing: it leads to the page that asks.
  const fresh = await playwright.request.newContext();
  const opened = await fresh.get(oneClick, { maxRedirects: 0 });
  expect(opened.status()).toBe(303);
  expect(opened.headers()["location"]).toBe(footerPage);
  expect(await suppressed()).toBe(0);

  // The footer link: the page asks first, then stops only reminders.
  await page.goto(footerPage);
  await expect(page.getByRole("heading", { name: "メール配信の停止" })).toBeVisible();
  await expect(page.getByText(`m***@example.com への「イベント前のリマインダー」の配信を停止しますか？`)).toBeVisible();
  await expect(page).toHaveTitle(/\S/); // metadata is streamed after the body
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect(await suppressed()).toBe(0);
  await page.getByRole("button", { name: "「イベント前のリマインダー」を停止する" }).click();
  await expect(page.getByRole("status")).toHaveText("m***@example.com への「イベント前のリマインダー」の配信を停止しました。");
  expect(await suppressed()).toBe(1);

  // My page: the registration, and reminders now off; turning them on again lifts the stop.
  await page.getByRole("link", { name: "ほかのメールの配信設定を確認・変更する" }).click();
  await expect(page).toHaveURL(myPage);
  await expect(page.getByRole("heading", { name: "あなたのページ" })).toBeVisible();
  await expect(page.getByRole("link", { name: event.titleJa })).toBeVisible();
  const reminders = page.getByRole("checkbox", { name: /イベント前のリマインダー/ });
  await expect(reminders).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: /イベント後のアンケート/ })).toBeChecked(); // consented at sign-up
  await expect(page.getByRole("checkbox", { name: /大垣市からのお知らせ/ })).not.toBeChecked(); // never consented
  await expect(page).toHaveTitle(/\S/); // metadata is streamed after the body
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await reminders.check();
  await page.getByRole("button", { name: "配信設定を保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("配信設定を保存しました。");
  await expect(reminders).toBeChecked();
  expect(await suppressed()).toBe(0);

  // The mail client's one-click POST, from its own server: no session, no cookies, no Origin of ours.
  const posted = await fresh.post(oneClick, { headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: "List-Unsubscribe=One-Click" });
  expect(posted.status()).toBe(200);
  expect(await suppressed()).toBe(1);
  await fresh.dispose();

  // The manage page links to my page too.
  const manage = /(http\S+\/manage\/[\w-]+)/.exec((await waitForMail(email, /参加登録が完了しました/)).text ?? "")![1]!;
  await page.goto(manage);
  await page.getByRole("link", { name: "すべてのお申し込みとメールの配信設定（あなたのページ）" }).click();
  await expect(page).toHaveURL(myPage);
  await expect(page.getByRole("checkbox", { name: /イベント前のリマインダー/ })).not.toBeChecked();
});
