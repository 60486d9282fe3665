import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, devices, expect, test, type APIRequestContext, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { seriousViolations } from "./support/a11y";
import { currentRun, waitForMail } from "./support/run";

// The door: a participant signs up, the confirmation mail carries a QR code; the check-in staff member
// enters what the QR code says (and, in a second browser with a fake camera, scans it), and the person is
// ATTENDED. Checking in twice is harmless; a forged code is refused; after the event, no-shows are marked.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function createEvent(label: string, inHours: number | Date = 2) {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = inHours instanceof Date ? inHours : new Date(Math.floor((Date.now() + inHours * 3_600_000) / 60_000) * 60_000);
  return db.event.create({
    data: {
      slug: `e2e-checkin-${run}-${label}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `受付テストの夜（${label}）`,
      descriptionJa: "受付のテスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷のイベントスペース",
      capacity: 30,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
}

async function signUp(request: APIRequestContext, slug: string, who: string, name: string, furigana: string) {
  const email = `checkin-${run}-${who}@example.com`;
  const response = await request.post(`/api/events/${slug}/registrations`, {
    data: { name, furigana, email, prefectureCode: "13", relationships: ["VISITED"], consents: { CITY_PROVISION: false } },
  });
  expect(response.status()).toBe(202);
  // The answer is the same for every address (it tells nobody who is registered); the seat is in the rows.
  expect(await response.json()).toEqual({ outcome: "received", intake: "open" });
  expect(await db.registration.findFirst({ where: { emailNormalized: email, event: { slug } }, select: { status: true } })).toEqual({ status: "CONFIRMED" });
  return email;
}

/** The QR code in the confirmation mail, decoded as a phone would: the PNG attachment through jsQR. */
async function qrFromMail(email: string) {
  const mail = await waitForMail(email, /参加登録が完了しました/);
  const image = mail.attachments.find((a) => a.contentType === "image/png");
  expect(image?.cid).toBeTruthy();
  expect(mail.html || "").toContain("<img"); // the HTML shows it (the parser turned cid: into the image itself)
  const png = PNG.sync.read(image!.content);
  const payload = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  expect(payload).toMatch(/^[0-9a-f-]{36}\.[\w-]{43}$/);
  const code = /受付コード：([A-Z0-9]{8})/.exec(mail.text ?? "")?.[1];
  expect(code).toBeDefined();
  const manageUrl = /https?:\/\/\S+\/manage\/[\w-]+/.exec(mail.text ?? "")?.[0];
  return { payload: payload!, code: code!, png, manageUrl: manageUrl! };
}

async function signInAsCheckin(page: Page, baseURL: string) {
  const token = await createStaffSession(db, "checkin@wdl.example");
  await page.context().addCookies([staffCookie(token, baseURL)]);
}

const registrationOf = (email: string) =>
  db.registration.findFirstOrThrow({ where: { emailNormalized: email }, include: { checkedInBy: true } });


test("check-in by the QR code's token and by name; twice is harmless, a forged code is refused", async ({ page, request, baseURL }) => {
  const event = await createEvent("door");
  const hanako = await signUp(request, event.slug, "hanako", "山田 花子", "やまだ はなこ");
  const taro = await signUp(request, event.slug, "taro", "佐藤 太郎", "さとう たろう");
  const ticket = await qrFromMail(hanako);

  // The participant's own page shows the same QR code.
  await page.goto(ticket.manageUrl);
  await expect(page.getByRole("img", { name: "受付用QRコード" })).toBeVisible();

  await signInAsCheckin(page, baseURL!);
  await page.goto(`/admin/events/${event.id}/checkin`);
  await expect(page.getByRole("heading", { level: 1, name: /受付/ })).toBeVisible();
  await expect(page.getByTestId("checkin-counts")).toContainText("受付済み 0 人／来場予定 2 人（未受付 2 人）");
  expect(await seriousViolations(page), "list").toEqual([]);

  // QR mode; the camera is not started here, so the code goes into the fallback field.
  await page.getByRole("button", { name: "QRコードで受付" }).click();
  await expect(page).toHaveURL(/mode=scan/);
  expect(await seriousViolations(page), "scan").toEqual([]);
  await page.getByRole("textbox", { name: "受付コード", exact: true }).fill(ticket.payload);
  await page.getByRole("button", { name: "受付する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "山田 花子 さんを受付しました" })).toBeVisible();
  await expect(page.getByTestId("checkin-counts")).toContainText("受付済み 1 人／来場予定 2 人（未受付 1 人）");
  const attended = await registrationOf(hanako);
  expect(attended.status).toBe("ATTENDED");
  expect(attended.checkedInBy?.email).toBe("checkin@wdl.example");
  expect(attended.checkedInAt).not.toBeNull();
  await page.screenshot({ path: "tests/e2e/.artifacts/checkin-scan.png", fullPage: true });

  // The same code again: told, nothing changes.
  await page.getByRole("textbox", { name: "受付コード", exact: true }).fill(ticket.payload);
  await page.getByRole("button", { name: "受付する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "山田 花子 さんは受付済みです" })).toBeVisible();
  expect((await registrationOf(hanako)).checkedInAt).toEqual(attended.checkedInAt);
  expect(await db.registrationTransition.count({ where: { registrationId: attended.id, toStatus: "ATTENDED" } })).toBe(1);

  // A forged token (the id of someone else with Hanako's signature) is refused.
  const taroRow = await registrationOf(taro);
  await page.getByRole("textbox", { name: "受付コード", exact: true }).fill(`${taroRow.id}.${ticket.payload.split(".")[1]}`);
  await page.getByRole("button", { name: "受付する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "正しい受付票ではありません" })).toBeVisible();
  expect((await registrationOf(taro)).status).toBe("CONFIRMED");

  // The list: search by furigana typed in katakana, one tap.
  await page.getByRole("button", { name: "名簿から受付" }).click();
  await page.getByLabel("検索").fill("サトウ");
  await expect(page.getByText("1 人を表示中")).toBeVisible();
  await page.getByRole("button", { name: "佐藤 太郎 さんを受付" }).click();
  await expect(page.getByRole("status").filter({ hasText: "佐藤 太郎 さんを受付しました" })).toBeVisible();
  await expect(page.getByTestId("checkin-counts")).toContainText("受付済み 2 人／来場予定 2 人（未受付 0 人）");
  expect((await registrationOf(taro)).status).toBe("ATTENDED");
  await page.getByLabel("検索").fill("");
  await expect(page.getByText(/受付済み \d\d:\d\d/)).toHaveCount(2);
  await page.screenshot({ path: "tests/e2e/.artifacts/checkin-list.png", fullPage: true });

  // A mistaken tap is undone from the result line.
  await page.getByRole("button", { name: "受付を取り消す" }).click();
  await expect(page.getByRole("status").filter({ hasText: "佐藤 太郎 さんの受付を取り消しました" })).toBeVisible();
  expect((await registrationOf(taro)).status).toBe("CONFIRMED");
});

test("after the event, unmarked confirmed people are marked as no-shows after a confirmation step", async ({ page, request, baseURL }) => {
  const event = await createEvent("after");
  const came = await signUp(request, event.slug, "came", "来場 一郎", "らいじょう いちろう");
  const absent = await signUp(request, event.slug, "absent", "欠席 次郎", "けっせき じろう");
  const { code } = await qrFromMail(came);
  await signInAsCheckin(page, baseURL!);

  await page.goto(`/admin/events/${event.id}/checkin?mode=scan`);
  await page.getByRole("textbox", { name: "受付コード", exact: true }).fill(code.toLowerCase());
  await page.getByRole("button", { name: "受付する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "来場 一郎 さんを受付しました" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "イベント終了後の処理" })).toHaveCount(0);

  // The event ends.
  const ended = new Date(Date.now() - 60_000);
  await db.event.update({ where: { id: event.id }, data: { startsAt: new Date(ended.getTime() - 2 * 3_600_000), endsAt: ended } });
  await page.reload();
  await expect(page.getByRole("heading", { name: "イベント終了後の処理" })).toBeVisible();
  await page.getByRole("button", { name: "未受付の 1 人を欠席にする" }).click();
  await expect(page.getByText("未受付の確定者 1 人を欠席として記録します。")).toBeVisible();
  expect((await registrationOf(absent)).status).toBe("CONFIRMED"); // asking changes nothing
  await page.getByRole("button", { name: "欠席として記録する" }).click();
  await expect(page.getByText("1 人を欠席として記録しました。")).toBeVisible();
  await expect(page.getByText("未受付の確定者はいません。")).toBeVisible();
  expect((await registrationOf(absent)).status).toBe("NO_SHOW");
  expect((await registrationOf(came)).status).toBe("ATTENDED");
  await expect(page.getByTestId("checkin-counts")).toContainText("欠席 1 人");
});

test("QR mode reads the code from the phone's camera", async ({ request, baseURL }) => {
  const event = await createEvent("camera");
  const email = await signUp(request, event.slug, "camera", "撮影 三郎", "さつえい さぶろう");
  const { png } = await qrFromMail(email);

  // A fake camera that films the QR code from the mail (Y4M: a greyscale frame, neutral chroma).
  const dir = mkdtempSync(path.join(tmpdir(), "checkin-camera-"));
  const video = path.join(dir, "qr.y4m");
  const side = png.width + (png.width % 2);
  const luma = Buffer.alloc(side * side, 0xff);
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) luma[y * side + x] = png.data[(y * png.width + x) * 4]!;
  const chroma = Buffer.alloc((side / 2) * (side / 2) * 2, 0x80);
  writeFileSync(video, Buffer.concat([Buffer.from(`YUV4MPEG2 W${side} H${side} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]));

  // A browser of its own: the fake camera is a launch option.
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const { defaultBrowserType: _, ...phone } = devices["Pixel 7"];
    const context = await browser.newContext({ ...phone, baseURL, locale: "ja-JP", timezoneId: "America/New_York", permissions: ["camera"] });
    const page = await context.newPage();
    await signInAsCheckin(page, baseURL!);
    await page.goto(`/admin/events/${event.id}/checkin?mode=scan`);
    await page.getByRole("button", { name: "カメラを起動" }).click();
    await expect(page.getByRole("status").filter({ hasText: "撮影 三郎 さんを受付しました" })).toBeVisible({ timeout: 20_000 });
    expect((await registrationOf(email)).status).toBe("ATTENDED");
    await page.getByRole("button", { name: "カメラを停止" }).click();
    await expect(page.getByRole("button", { name: "カメラを起動" })).toBeVisible();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.describe("at the organiser's laptop (1366×768)", () => {
  test.use({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

  test("months before the event the door is not open yet and says when it opens; the figures add up", async ({ page, request, baseURL }) => {
    // 14:00 JST on a day about three months ahead: the door opens at 00:00 JST that day.
    const day = new Date(Date.now() + 90 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const event = await createEvent("early", new Date(`${day}T14:00:00+09:00`));
    const [year, month, date] = day.split("-").map(Number);
    await signUp(request, event.slug, "early", "早め 一郎", "はやめ いちろう");
    const person = await db.registration.findFirstOrThrow({ where: { eventId: event.id } });
    await signInAsCheckin(page, baseURL!);
    await page.goto(`/admin/events/${event.id}/checkin`);
    await expect(page.getByText(new RegExp(`^受付はイベント当日から行えます。受付開始：${year}年${month}月${date}日\\(.\\) 00:00$`))).toBeVisible();
    await expect(page.getByTestId("checkin-counts")).toContainText("受付済み 0 人／来場予定 1 人（未受付 1 人）");
    await expect(page.getByRole("button", { name: "早め 一郎 さんを受付" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "QRコードで受付" })).toHaveCount(0);
    await page.screenshot({ path: "tests/e2e/.artifacts/checkin-not-open.png" });
    // (The action refuses as well: tests/integration/lib/checkin/mutations.test.ts.)
    expect((await db.registration.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("CONFIRMED");
  });

  test("a check-in code of another event names that event", async ({ page, request, baseURL }) => {
    const today = await createEvent("today");
    const other = await createEvent("other", 24 * 30);
    await signUp(request, other.slug, "elsewhere", "別会場 花子", "べつかいじょう はなこ");
    const code = (await db.registration.findFirstOrThrow({ where: { eventId: other.id } })).checkinCode;
    await signInAsCheckin(page, baseURL!);
    await page.goto(`/admin/events/${today.id}/checkin?mode=scan`);
    await page.getByRole("textbox", { name: "受付コード", exact: true }).fill(code);
    await page.getByRole("button", { name: "受付する" }).click();
    await expect(page.getByRole("status").filter({ hasText: `別のイベントの受付票です：受付テストの夜（other）（` })).toBeVisible();
    expect((await db.registration.findFirstOrThrow({ where: { eventId: other.id } })).status).toBe("CONFIRMED");
  });
});
