import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import ICAL from "ical.js";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { currentRun, waitForMail } from "./support/run";

// A Tokyo-area professional signs up on a phone, in Japanese, and manages the registration from the mail.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function createEvent(capacity: number, withQuestions = true) {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 10 * 86_400_000) / 3_600_000) * 3_600_000);
  return db.event.create({
    data: {
      slug: `e2e-${run}-${capacity}-${randomBytes(2).toString("hex")}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "大垣の水と暮らしを語る夜（テスト）",
      summaryJa: "テスト用のイベントです。",
      descriptionJa: "## 内容\n\n- トーク\n- 交流会",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷のイベントスペース",
      capacity,
      waitlistEnabled: true,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: withQuestions
        ? {
            create: [
              { position: 1, kind: "TEXT", labelJa: "ご職業", required: true },
              {
                position: 2,
                kind: "MULTI_CHOICE",
                labelJa: "聞きたいテーマ",
                options: [
                  { id: "water", labelJa: "水と暮らし" },
                  { id: "work", labelJa: "仕事" },
                ],
              },
            ],
          }
        : undefined,
    },
  });
}

function apiSignup(n: string, overrides: Record<string, unknown> = {}) {
  return {
    name: `テスト ${n}`,
    furigana: "てすと",
    email: `api-${run}-${n}@example.com`,
    prefectureCode: "13",
    relationships: ["NONE"],
    consents: { CITY_PROVISION: false },
    ...overrides,
  };
}

async function fillSignupForm(page: Page, email: string) {
  await page.getByLabel("お名前").fill("山田 花子");
  await page.getByLabel("ふりがな").fill("やまだ はなこ");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("お住まいの都道府県").selectOption("13");
  await page.getByLabel("市区町村").fill("世田谷区");
  await page.getByRole("checkbox", { name: "訪問経験" }).check();
  await page.getByRole("checkbox", { name: "ふるさと納税", exact: true }).check();
  await page.getByLabel("ご職業").fill("デザイナー");
  await page.getByRole("checkbox", { name: "水と暮らし" }).check();
  await page.getByRole("checkbox", { name: /大垣市への情報提供に同意します/ }).check();
}

test("sign up on a phone, get the confirmation with a calendar file, cancel from the mail, and the waitlist moves up", async ({ page, request }) => {
  const event = await createEvent(1);
  const email = `hanako-${run}@example.com`;

  await page.goto(`/events/${event.slug}?utm_source=newsletter&ref=wdl`);
  await page.getByRole("link", { name: "申し込む" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "参加申し込み" })).toBeVisible();

  // Sending the empty form: errors next to each field, the first one focused, nothing stored.
  await page.waitForTimeout(1100);
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByText("入力内容を確認してください")).toBeVisible();
  await expect(page.locator("#name")).toBeFocused();
  await expect(page.locator("#name-error")).toHaveText(/入力してください/);
  await expect(page.locator("#name")).toHaveAttribute("aria-describedby", /name-error/);
  await expect(page.locator("#email-error")).toBeVisible();
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);

  // A wrong address keeps everything typed.
  await fillSignupForm(page, "花子＠example.com");
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.locator("#email-error")).toHaveText(/半角英数字/);
  await expect(page.getByLabel("お名前")).toHaveValue("山田 花子");
  await expect(page.getByLabel("ご職業")).toHaveValue("デザイナー");
  await page.screenshot({ path: "tests/e2e/.artifacts/signup-errors.png", fullPage: true });

  await page.getByLabel("メールアドレス").fill(email);
  await page.getByRole("button", { name: "申し込む" }).click();
  // The screen says what any address would be told; the status and the manage link are in the mail only.
  await expect(page.getByRole("heading", { name: "確認メールをお送りしました" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(email);
  await expect(page.getByRole("link", { name: "Googleカレンダー" })).toBeVisible();
  await expect(page.locator('a[href*="/manage/"], a[href*="/me/"]')).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/signup-done.png", fullPage: true });

  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id }, include: { answers: true, participant: { include: { consents: true } } } });
  expect(registration).toMatchObject({ status: "CONFIRMED", utmSource: "newsletter", ref: "wdl", relationshipsAtSignup: ["VISITED", "FURUSATO_NOZEI"] });
  expect(registration.answers).toHaveLength(2);
  expect(registration.participant.consents.map((c) => c.purpose)).toEqual(["CITY_PROVISION"]);

  // The event is now full: the next person joins the waitlist (through the JSON API).
  const waitlisted = await request.post(`/api/events/${event.slug}/registrations`, {
    data: apiSignup("next", { answers: { [(await db.eventQuestion.findFirstOrThrow({ where: { eventId: event.id, kind: "TEXT" } })).id]: "エンジニア" } }),
  });
  expect(waitlisted.status()).toBe(202);
  expect(await waitlisted.json()).toEqual({ outcome: "received", intake: "waitlist" });
  expect((await waitForMail(`api-${run}-next@example.com`, /キャンセル待ちに登録しました/)).text).toContain("現在 1 番目です");

  // The confirmation arrives at the SMTP server, with an .ics that calendars understand.
  const confirmation = await waitForMail(email, /参加登録が完了しました/);
  const ics = confirmation.attachments.find((a) => a.filename === "event.ics");
  expect(ics?.contentType).toMatch(/text\/calendar/);
  const vevent = new ICAL.Component(ICAL.parse(ics!.content.toString("utf8"))).getFirstSubcomponent("vevent")!;
  const calendarEvent = new ICAL.Event(vevent);
  expect(calendarEvent.startDate.toJSDate().toISOString()).toBe(event.startsAt.toISOString());
  expect(calendarEvent.summary).toBe(event.titleJa);
  expect(confirmation.html).toContain("calendar.google.com");
  const manageUrl = /https?:\/\/[^\s]+\/manage\/[\w-]+/.exec(confirmation.text ?? "")?.[0];
  expect(manageUrl).toBeDefined();

  // The manage link: view, then cancel after a confirmation step (opening the pages changes nothing).
  await page.goto(manageUrl!);
  await expect(page.getByText("参加確定")).toBeVisible();
  await page.getByRole("link", { name: "参加をキャンセルする" }).click();
  await expect(page.getByRole("heading", { name: "キャンセルしますか？" })).toBeVisible();
  expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe("CONFIRMED");
  await page.getByRole("button", { name: "キャンセルする" }).click();
  await expect(page.getByText("キャンセルを受け付けました。")).toBeVisible();
  await expect(page.getByText("キャンセル済み")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/manage-cancelled.png", fullPage: true });

  // The freed seat goes to the first person on the waitlist, who is told by mail.
  const offer = await waitForMail(`api-${run}-next@example.com`, /お席をご用意しました/);
  expect(offer.text).toMatch(/\/manage\//);
  await waitForMail(email, /キャンセルを受け付けました/);
  const statuses = await db.registration.findMany({ where: { eventId: event.id }, orderBy: { createdAt: "asc" }, select: { status: true } });
  expect(statuses.map((s) => s.status)).toEqual(["CANCELLED", "OFFERED"]);
});

test("signing up twice with the same address (other case, full-width) creates nothing new, answers the same, and mails the link again", async ({ request }) => {
  const event = await createEvent(5, false);
  const first = await request.post(`/api/events/${event.slug}/registrations`, { data: apiSignup("twice", { email: `twice-${run}@example.com` }) });
  expect(first.status()).toBe(202);
  const again = await request.post(`/api/events/${event.slug}/registrations`, { data: apiSignup("twice", { email: `ＴＷＩＣＥ-${run}＠EXAMPLE.com` }) });
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual(await first.json());
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);
  await waitForMail(`twice-${run}@example.com`, /すでにお申し込み済みです/);
});

test("a stranger who knows an address sees what a new address sees; the owner gets the links by mail and applies the change once", async ({ page, browser }) => {
  const event = await createEvent(10);
  const owner = apiSignup("owner", { email: `owner-${run}@example.com`, name: "本人 一花" });
  expect((await page.request.post(`/api/events/${(await createEvent(10, false)).slug}/registrations`, { data: owner })).status()).toBe(202);
  const before = await db.participant.findUniqueOrThrow({ where: { emailNormalized: owner.email } });
  await waitForMail(owner.email, /参加登録が完了しました/); // the first sign-up's mail, before the one that matters
  const since = Date.now();

  // The stranger, and for comparison someone with a new address, send the same form.
  const outcomeText = async (p: Page, email: string) => {
    await p.goto(`/events/${event.slug}/register`);
    await p.waitForTimeout(1100);
    await fillSignupForm(p, email);
    await p.getByLabel("お名前").fill("なりすまし 次郎");
    await p.getByRole("button", { name: "申し込む" }).click();
    await expect(p.getByRole("heading", { name: "確認メールをお送りしました" })).toBeVisible();
    await expect(p.locator('a[href*="/manage/"], a[href*="/me/"], a[href*="/signup-changes/"]')).toHaveCount(0);
    return (await p.locator(".outcome").innerText()).replace(email, "<email>");
  };
  const stranger = await outcomeText(page, owner.email);
  await page.screenshot({ path: "tests/e2e/.artifacts/signup-known-address.png", fullPage: true });
  const other = await browser.newPage({ viewport: page.viewportSize() ?? undefined });
  expect(await outcomeText(other, `newcomer-${run}@example.com`)).toBe(stranger);
  await other.close();
  expect(await db.participant.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);

  // The owner's mail: greeted by the stored name, with the manage link and the one-time link.
  const mail = await waitForMail(owner.email, /参加登録が完了しました/, 20_000, since);
  expect(mail.text).toContain("本人 一花");
  expect(mail.text).not.toContain("なりすまし");
  expect(mail.text).toMatch(/\/manage\/[\w-]+/);
  const apply = /https?:\/\/[^\s]+\/signup-changes\/[\w-]+/.exec(mail.text ?? "")![0];

  // Opening the link (as a mail scanner would) changes nothing; the button applies, once.
  await page.goto(apply);
  await expect(page.getByRole("heading", { level: 1, name: "入力した内容の反映" })).toBeVisible();
  await expect(page.getByText("なりすまし 次郎")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/signup-changes.png", fullPage: true });
  expect(await db.participant.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
  await page.getByRole("button", { name: "この内容を反映する" }).click();
  await expect(page.getByText("入力した内容を反映しました。")).toBeVisible();
  expect(await db.participant.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({ name: "なりすまし 次郎", municipality: "世田谷区" });
  await page.goto(apply);
  await expect(page.getByText("このリンクはすでに使われています（内容は反映済みです）。")).toBeVisible();
});

test("200 parallel sign-ups through the API for 20 seats: 20 confirmed, 180 waitlisted in order 1..180", async ({ request }) => {
  const event = await createEvent(20, false);
  const responses = await Promise.all(
    Array.from({ length: 200 }, (_, i) => request.post(`/api/events/${event.slug}/registrations`, { data: apiSignup(`rush-${i}`) })),
  );
  const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ outcome: string; intake: string }>));
  expect(responses.map((r) => r.status()).filter((s) => s !== 202)).toEqual([]);
  expect(bodies.filter((b) => b.intake === "open")).toHaveLength(20);
  expect(bodies.filter((b) => b.intake === "waitlist")).toHaveLength(180);
  // Each person's place is in their mail.
  const mails = await db.outboxMessage.findMany({ where: { eventId: event.id, template: "registration-waitlisted" }, select: { payload: true } });
  const positions = mails.map((m) => (m.payload as { waitlistPosition: number }).waitlistPosition).sort((a, b) => a - b);
  expect(positions).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
  expect(await db.registration.count({ where: { eventId: event.id, status: "CONFIRMED" } })).toBe(20);
});

test("the public pages have no serious or critical accessibility violations", async ({ page }) => {
  const event = await createEvent(10);
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  for (const path of ["/", `/events/${event.slug}`, `/events/${event.slug}/register`]) {
    await page.goto(path);
    expect(await serious(), path).toEqual([]);
  }
  // The form with its errors showing.
  await page.waitForTimeout(1100);
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByText("入力内容を確認してください")).toBeVisible();
  expect(await serious(), "register with errors").toEqual([]);
  // The outcome of a real sign-up, and the manage page its mail links to.
  await fillSignupForm(page, `a11y-${run}@example.com`);
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("heading", { name: "確認メールをお送りしました" })).toBeVisible();
  expect(await serious(), "outcome").toEqual([]);
  const mail = await waitForMail(`a11y-${run}@example.com`, /参加登録が完了しました/);
  await page.goto(/https?:\/\/[^\s]+\/manage\/[\w-]+/.exec(mail.text ?? "")![0]);
  await expect(page.getByRole("heading", { level: 1, name: "お申し込みの確認" })).toBeVisible();
  expect(await serious(), "manage").toEqual([]);
});
