import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { seriousViolations } from "./support/a11y";
import { currentRun, waitForMail } from "./support/run";

// The day after: an attendee gets the survey mail, opens its link on a phone, forgets the first question and
// is told next to it, answers, and is thanked; the answer is in the database and the link shows it again.
// A forged link is a 404; someone who did not attend is told the survey is for attendees.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
const HOUR = 3_600_000;

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function createEvent() {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 2 * HOUR) / 60_000) * 60_000);
  return db.event.create({
    data: {
      slug: `e2e-survey-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `アンケートテストの夜（${run}）`,
      descriptionJa: "アンケートのテスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      venueName: "渋谷のイベントスペース",
      capacity: 30,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
    include: { organizers: { include: { organization: true } } },
  });
}

/** A real sign-up through the public API, agreeing to surveys. */
async function signUp(request: APIRequestContext, slug: string, who: string, name: string) {
  const email = `survey-${run}-${who}@example.com`;
  const response = await request.post(`/api/events/${slug}/registrations`, {
    data: { name, furigana: "あんけーと", email, prefectureCode: "13", relationships: ["VISITED"], consents: { SURVEY: true } },
  });
  expect(response.status()).toBe(202);
  return db.registration.findFirstOrThrow({ where: { emailNormalized: email }, include: { participant: true } });
}

type Event = Awaited<ReturnType<typeof createEvent>>;
type Registration = Awaited<ReturnType<typeof signUp>>;

/**
 * The invitation row as the scheduled job queues it (lib/surveys/mutations.ts enqueueDueSurveys), written now
 * rather than at the job's next five-minute tick; should the job get there first, its row is the one sent.
 */
async function queueInvitation(event: Event, registration: Registration) {
  const organisers = [...event.organizers].sort((a, b) => (a.role === b.role ? 0 : a.role === "HOST" ? -1 : 1));
  await db.outboxMessage.createMany({
    skipDuplicates: true,
    data: {
      dedupeKey: `survey:${registration.id}`,
      template: "survey-invitation",
      category: "SURVEY",
      payload: {
        name: registration.participant.name ?? "",
        event: {
          id: event.id,
          slug: event.slug,
          titleJa: event.titleJa,
          titleEn: event.titleEn,
          startsAt: event.startsAt.toISOString(),
          endsAt: event.endsAt.toISOString(),
          format: event.format,
          venueName: event.venueName,
          venueAddress: event.venueAddress,
          venueMapUrl: event.venueMapUrl,
          onlineUrl: event.onlineUrl,
          feeJa: event.feeJa,
          feeEn: event.feeEn,
          organizersJa: organisers.map((o) => o.organization.nameJa).join(" × "),
          organizersEn: organisers.map((o) => o.organization.nameEn).join(" × "),
          updatedAt: event.updatedAt.toISOString(),
        },
      },
      locale: registration.locale,
      toEmail: registration.participant.email!,
      toName: registration.participant.name,
      participantId: registration.participantId,
      registrationId: registration.id,
      eventId: event.id,
    },
  });
}

/** The survey link in the invitation mail the worker sent. */
async function surveyLinkFromMail(email: string) {
  const mail = await waitForMail(email, /アンケートご協力のお願い/, 30_000);
  expect(mail.text).toContain("アンケートに回答する（約1分）");
  // A stored, revocable link of the person (lib/participants/links), not the id-derived one of older mails.
  const url = /https?:\/\/\S+\/survey\/[\w-]{43}(?![\w.-])/.exec(mail.text ?? "")?.[0];
  expect(url, "survey link in the mail").toBeTruthy();
  // A survey mail can be stopped: one-click unsubscribe in the headers, and the reason in the footer.
  expect(mail.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(true);
  expect(mail.text).toContain("イベント後のアンケートの受け取りに同意いただいた方にお送りしています。");
  return new URL(url!).pathname;
}


test("a malformed or unsigned survey link is a friendly 404 that is never cached", async ({ page }) => {
  for (const path of ["/survey/nonsense", `/survey/${randomUUID()}.${"A".repeat(43)}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    expect(response?.headers()["cache-control"], path).toContain("no-store");
    await expect(page.getByRole("heading", { level: 1, name: "このリンクは無効です" })).toBeVisible();
    await expect(page.getByRole("link", { name: "ほかのイベントを見る" })).toBeVisible();
  }
  expect(await seriousViolations(page)).toEqual([]);
});

test("an attendee answers the survey from the mail on a phone; a forged link and a non-attendee are turned away", async ({ page, request }) => {
  const event = await createEvent();
  const hanako = await signUp(request, event.slug, "hanako", "山田 花子");
  const taro = await signUp(request, event.slug, "taro", "佐藤 太郎");

  // The evening took place yesterday; Hanako came, Taro did not.
  const endsAt = new Date(Date.now() - 26 * HOUR);
  await db.event.update({ where: { id: event.id }, data: { startsAt: new Date(endsAt.getTime() - 2 * HOUR), endsAt } });
  await db.registration.update({ where: { id: hanako.id }, data: { status: "ATTENDED", checkedInAt: new Date(endsAt.getTime() - HOUR) } });
  await db.registration.update({ where: { id: taro.id }, data: { status: "NO_SHOW" } });
  const ended = await db.event.findUniqueOrThrow({ where: { id: event.id }, include: { organizers: { include: { organization: true } } } });
  await queueInvitation(ended, hanako);
  await queueInvitation(ended, taro);

  const link = await surveyLinkFromMail(hanako.participant.email!);
  const response = await page.goto(link);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.getByRole("heading", { level: 1, name: "イベント後アンケート" })).toBeVisible();
  await expect(page.getByText(`アンケートテストの夜（${run}）`)).toBeVisible();
  await expect(page.getByText("山田 花子 様")).toBeVisible();
  expect(await seriousViolations(page), "form").toEqual([]);
  // Opening the link records nothing.
  expect(await db.surveyResponse.count({ where: { registrationId: hanako.id } })).toBe(0);

  // First try: the satisfaction question is forgotten.
  const satisfaction = page.getByRole("group", { name: /今回のイベントの満足度/ });
  const joinAgain = page.getByRole("group", { name: /また参加したいと思いますか/ });
  const nextSteps = page.getByRole("group", { name: /これからやってみたいこと/ });
  await joinAgain.getByRole("radio", { name: "はい" }).check();
  await nextSteps.getByRole("checkbox", { name: "大垣を訪れる" }).check();
  await nextSteps.getByRole("checkbox", { name: "ふるさと納税" }).check();
  await page.getByRole("textbox", { name: /ご意見・ご感想/ }).fill("水都の話が面白かったです。");
  await page.getByRole("button", { name: "回答を送信する" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "入力内容を確認してください" })).toHaveText("入力内容を確認してください（1件）");
  await expect(satisfaction.getByText("満足度を選んでください")).toBeVisible();
  await expect(satisfaction).toHaveAccessibleDescription(/満足度を選んでください/);
  await expect(satisfaction.getByRole("radio").first()).toBeFocused();
  // What was answered is still there.
  await expect(joinAgain.getByRole("radio", { name: "はい" })).toBeChecked();
  await expect(nextSteps.getByRole("checkbox", { name: "ふるさと納税" })).toBeChecked();
  await expect(page.getByRole("textbox", { name: /ご意見・ご感想/ })).toHaveValue("水都の話が面白かったです。");
  expect(await seriousViolations(page), "errors").toEqual([]);
  await page.screenshot({ path: "tests/e2e/.artifacts/survey-error.png", fullPage: true });
  expect(await db.surveyResponse.count({ where: { registrationId: hanako.id } })).toBe(0);

  await satisfaction.getByRole("radio", { name: /とても満足/ }).check();
  await page.getByRole("button", { name: "回答を送信する" }).click();
  await expect(page.getByRole("heading", { name: "ご回答ありがとうございました" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "ご回答ありがとうございました" })).toBeFocused();
  await page.screenshot({ path: "tests/e2e/.artifacts/survey-thanks.png", fullPage: true });
  const saved = await db.surveyResponse.findUniqueOrThrow({ where: { registrationId: hanako.id } });
  expect(saved).toMatchObject({
    participantId: hanako.participantId,
    eventId: event.id,
    satisfaction: 5,
    joinAgain: "YES",
    nextSteps: ["VISIT_OGAKI", "FURUSATO_NOZEI"],
    comment: "水都の話が面白かったです。",
  });

  // "Change my answers" brings the form back with what was sent.
  await page.getByRole("button", { name: "回答を変更する" }).click();
  await expect(satisfaction.getByRole("radio", { name: /とても満足/ })).toBeChecked();
  await expect(page.getByRole("button", { name: "回答を更新する" })).toBeVisible();

  // Back to the link later: the answers are there, and can be changed.
  await page.goto(link);
  await expect(page.getByText(/にご回答いただきました/)).toBeVisible();
  await expect(satisfaction.getByRole("radio", { name: /とても満足/ })).toBeChecked();
  await expect(nextSteps.getByRole("checkbox", { name: "大垣を訪れる" })).toBeChecked();
  await joinAgain.getByRole("radio", { name: "たぶん" }).check();
  await page.getByRole("button", { name: "回答を更新する" }).click();
  await expect(page.getByRole("heading", { name: "ご回答ありがとうございました" })).toBeVisible();
  expect(await db.surveyResponse.findMany({ where: { registrationId: hanako.id } })).toMatchObject([{ id: saved.id, joinAgain: "MAYBE" }]);

  // A guessed link: Hanako's with one character changed (forged id-derived links: tests/unit/lib/surveys).
  const token = link.split("/").pop()!;
  const forged = await page.goto(`/survey/${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
  expect(forged?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "このリンクは無効です" })).toBeVisible();

  // Taro's own (genuine) link: he did not come.
  const taroLink = await surveyLinkFromMail(taro.participant.email!);
  expect((await page.goto(taroLink))?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "イベントに参加された方へのアンケートです" })).toBeVisible();
  await expect(page.getByRole("radio")).toHaveCount(0);
  expect(await db.surveyResponse.count({ where: { registrationId: taro.id } })).toBe(0);
});
