import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { toJstInput } from "@/lib/events/staff/schema";
import { createStaffSession, SESSION_COOKIE, staffCookie } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// The staff journey end to end: an organiser signs in with the mailed link, creates and publishes an event;
// people sign up; city staff see only those who agreed to share with the city, and export that list; a
// check-in by the QR code in the confirmation mail marks the person attended.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

test("organiser → sign-ups → city view and export → QR check-in", async ({ page, browser, baseURL, request }) => {
  // 1. The organiser signs in by magic link (read at the test's SMTP server).
  const since = Date.now();
  await page.goto("/admin/signin");
  await page.getByLabel("メールアドレス").fill("organizer@wdl.example");
  await page.getByRole("button", { name: "サインインリンクを送る" }).click();
  await expect(page.getByRole("heading", { name: "メールをご確認ください" })).toBeVisible();
  const signinMail = await waitForMail("organizer@wdl.example", /サインインリンク/, 20_000, since);
  await page.goto(/https?:\/\/\S+\/api\/auth\/callback\/email\S+/.exec(signinMail.text ?? "")![0]);
  await expect(page.getByRole("heading", { level: 1, name: "イベント" })).toBeVisible();

  // 2. Creates an event with a question the city may see, and publishes it.
  const slug = `journey-${run}`;
  const title = `大垣と東京をつなぐ夜 ${run}`;
  const day = toJstInput(new Date(Date.now() + 15 * 86_400_000)).date;
  await page.getByRole("link", { name: "イベントを作成" }).click();
  await page.getByLabel("URL（スラッグ）").fill(slug);
  await page.getByLabel(/^タイトル（日本語）/).fill(title);
  await page.getByLabel(/^説明（日本語）/).fill("大垣の暮らしと仕事について話す夜です。");
  await page.getByRole("group", { name: /^開始/ }).getByLabel("日付").fill(day);
  await page.getByRole("group", { name: /^開始/ }).getByLabel("時刻").fill("19:00");
  await page.getByRole("group", { name: /^終了/ }).getByLabel("日付").fill(day);
  await page.getByRole("group", { name: /^終了/ }).getByLabel("時刻").fill("21:00");
  await page.getByLabel("会場名").fill("日本橋のイベントスペース");
  await page.getByLabel("定員").fill("20");
  await page.getByRole("button", { name: "下書きとして作成する" }).click();
  await expect(page.getByText("イベントを下書きとして作成しました")).toBeVisible();
  const add = page.getByRole("form", { name: "質問を追加" });
  await add.getByLabel("回答の形式").selectOption("TEXT");
  await add.getByLabel(/^質問（日本語）/).fill("ご職業");
  await add.getByLabel("回答を必須にする").check();
  await add.getByLabel("回答を大垣市に提供してよい").check();
  await add.getByRole("button", { name: "質問を追加する" }).click();
  await expect(page.getByText("質問を追加しました。")).toBeVisible();
  await page.getByRole("link", { name: /の概要へ/ }).click();
  await page.getByRole("button", { name: "公開する" }).click();
  await expect(page.getByText("イベントを公開しました。")).toBeVisible();
  const event = await db.event.findUniqueOrThrow({ where: { slug }, include: { questions: true } });
  const questionId = event.questions[0]!.id;

  // 3. Two people sign up: one keeps the city consent unticked, one gives it.
  const signUp = async (who: string, name: string, cityConsent: boolean) => {
    const response = await request.post(`/api/events/${slug}/registrations`, {
      data: {
        name,
        furigana: "てすと",
        email: `${who}-${run}@example.com`,
        prefectureCode: "13",
        relationships: ["VISITED"],
        answers: { [questionId]: `${name}の仕事` },
        consents: { CITY_PROVISION: cityConsent },
      },
    });
    expect(response.status()).toBe(202);
    return `${who}-${run}@example.com`;
  };
  await signUp("private", "非公開 一郎", false);
  const sharedEmail = await signUp("shared", "共有 花子", true);

  // 4. City staff see only the person who agreed to share with the city.
  const city = await browser.newContext({ baseURL });
  const cityToken = await createStaffSession(db, "staff@city.ogaki.example");
  await city.addCookies([staffCookie(cityToken, baseURL!)]);
  const cityPage = await city.newPage();
  await cityPage.goto(`/admin/events/${event.id}/registrations`);
  await expect(cityPage.getByText("共有 花子", { exact: true })).toBeVisible();
  await expect(cityPage.getByText("非公開 一郎", { exact: true })).toHaveCount(0);
  await expect(cityPage.getByText(/非公開 一郎/)).toHaveCount(0);
  await expect(cityPage.getByText(sharedEmail)).toHaveCount(0);

  // 5. …and export it: UTF-8 with BOM, with the question as a column, the same people only.
  const exported = await request.get(`/api/admin/events/${event.id}/export?format=csv`, { headers: { Cookie: `${SESSION_COOKIE}=${cityToken}` } });
  expect(exported.status()).toBe(200);
  const bytes = await exported.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString("utf8");
  expect(csv.split(/\r?\n/)[0]).toContain("ご職業");
  expect(csv).toContain("共有 花子の仕事");
  expect(csv).not.toContain("非公開 一郎");
  expect(csv).not.toContain("@example.com");
  expect(await db.provisionRecord.count({ where: { eventId: event.id, kind: "EXPORT" } })).toBe(1);
  await city.close();

  // 6. At the door: the QR code from the confirmation mail marks the person attended. The door opens on the
  // event day (lib/checkin/window.ts), so the day comes first.
  const eventDay = new Date(Math.floor((Date.now() + 3_600_000) / 60_000) * 60_000);
  await db.event.update({ where: { id: event.id }, data: { startsAt: eventDay, endsAt: new Date(eventDay.getTime() + 2 * 3_600_000) } });
  const confirmation = await waitForMail(sharedEmail, /参加登録が完了しました/);
  const image = confirmation.attachments.find((a) => a.contentType === "image/png")!;
  const png = PNG.sync.read(image.content);
  const payload = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
  const door = await browser.newContext({ baseURL });
  await door.addCookies([staffCookie(await createStaffSession(db, "checkin@wdl.example"), baseURL!)]);
  const doorPage = await door.newPage();
  await doorPage.goto(`/admin/events/${event.id}/checkin?mode=scan`);
  await doorPage.getByRole("textbox", { name: "受付コード", exact: true }).fill(payload);
  await doorPage.getByRole("button", { name: "受付する" }).click();
  await expect(doorPage.getByRole("status").filter({ hasText: "共有 花子 さんを受付しました" })).toBeVisible();
  expect((await db.registration.findFirstOrThrow({ where: { eventId: event.id, emailNormalized: sharedEmail } })).status).toBe("ATTENDED");
  await door.close();
});
