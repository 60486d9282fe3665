import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun, waitForMail } from "./support/run";

// Follow-up mail end to end: an organiser composes a follow-up to the people who came to a seeded event, sees
// how many get it and a preview with a real person's data, sends a test to themselves, sends it, and watches the
// campaign page reach "all sent" while the app's worker delivers; every attendee's mail greets them by name.
// City staff cannot reach the campaign pages.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});

test("organiser composes, tests and sends a follow-up to the attendees of an event", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const event = await db.event.findFirstOrThrow({ where: { slug: { startsWith: "ogaki-water-talk-" } } });
  // Who should get it: every attendee with an address, less anyone who stopped follow-ups.
  const stopped = new Set((await db.suppression.findMany({ where: { category: "FOLLOW_UP" } })).map((s) => s.emailNormalized));
  const attendees = (
    await db.registration.findMany({
      where: { eventId: event.id, status: "ATTENDED", participant: { anonymizedAt: null, emailNormalized: { not: null } } },
      include: { participant: true },
    })
  )
    .map((r) => r.participant)
    .filter((p) => !stopped.has(p.emailNormalized!));
  expect(attendees.length).toBeGreaterThan(3);

  await page.context().addCookies([staffCookie(await createStaffSession(db, "organizer@wdl.example"), baseURL!)]);
  await page.goto("/admin/campaigns");
  await expect(page.getByRole("heading", { level: 1, name: "メール配信" })).toBeVisible();
  await page.getByRole("link", { name: "新しい配信を作成" }).click();

  // Compose: a follow-up to the people who came.
  const subject = `ご来場ありがとうございました ${run}`;
  await expect(page.getByRole("radio", { name: /^フォローアップ/ })).toBeChecked();
  await page.getByLabel(/^件名（日本語）/).fill(subject);
  await page.getByLabel(/^本文（日本語）/).fill("{{eventTitle}}（{{eventDate}}）にご参加いただき、ありがとうございました。\n\n**アンケート**にご協力ください。");
  await page.getByRole("checkbox", { name: new RegExp(event.titleJa.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).check();
  await expect(page.getByRole("checkbox", { name: "出席", exact: true })).toBeChecked();
  // A typo in a merge field is caught before anything is saved.
  await page.getByLabel(/^件名（英語）/).fill("Thanks {{nmae}}");
  await page.getByRole("button", { name: "下書きを保存する" }).click();
  await expect(page.getByText("使えない差し込み項目です：{{nmae}}")).toBeVisible();
  await expect(page.getByLabel(/^件名（英語）/)).toBeFocused();
  await page.getByLabel(/^件名（英語）/).fill("");
  await page.getByRole("button", { name: "下書きを保存する" }).click();

  // The campaign page: how many get it, and the mail as one of them will see it.
  await expect(page.getByText("下書きを保存しました")).toBeVisible();
  await expect(page.getByTestId("segment-summary")).toContainText(`送信対象 ${attendees.length} 人`);
  await expect(page.getByTestId("preview-whose")).toContainText("さんのデータで表示しています");
  const preview = page.frameLocator("iframe[title^='メールのプレビュー']");
  await expect(preview.getByText("アンケート", { exact: true })).toBeVisible();
  await expect(preview.getByText(/ご参加いただき、ありがとうございました/)).toContainText(event.titleJa);

  // A test to myself, marked as such.
  const since = Date.now();
  await page.getByRole("button", { name: "自分宛てにテスト送信" }).click();
  await expect(page.getByText("organizer@wdl.example 宛てにテストメールを送信しました")).toBeVisible();
  const testMail = await waitForMail("organizer@wdl.example", new RegExp(`^\\[テスト送信\\] ${subject}$`), 30_000, since);
  expect(testMail.text).toContain(event.titleJa);
  expect(testMail.html).toContain("<strong>アンケート</strong>");

  // Send now, after the confirmation that says to how many.
  await page.getByRole("link", { name: "今すぐ送信…" }).click();
  await page.getByRole("button", { name: `${attendees.length} 人に送信する` }).click();
  await expect(page.getByText("送信を開始しました")).toBeVisible();
  // The page refreshes itself while sending; the worker delivers and finishes the campaign.
  await expect(page.getByText(`送信済み ${attendees.length} / ${attendees.length} 通`)).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("heading", { level: 1 }).getByText("送信完了")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("table")).toContainText(attendees[0]!.emailNormalized!);

  // Every attendee got their own mail, greeted by name, with the event filled in.
  for (const person of attendees) {
    const mail = await waitForMail(person.emailNormalized!, new RegExp(`^${subject}$`), 30_000, since);
    expect(mail.text).toContain(`${person.name} 様`);
    expect(mail.text).toContain(event.titleJa);
    // Not transactional mail: one-click unsubscribe in the headers, and the way to stop it in the footer.
    expect(mail.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(true);
    expect(mail.text).toContain("この種類のメールの配信停止");
  }
  // Exactly one each.
  const rows = await db.outboxMessage.findMany({ where: { campaign: { subjectJa: subject }, dedupeKey: { startsWith: "campaign:" } } });
  expect(rows).toHaveLength(attendees.length);
  expect(rows.every((r) => r.status === "SENT")).toBe(true);

  // The outbox shows them too.
  await page.goto("/admin/outbox?category=FOLLOW_UP");
  await expect(page.getByRole("heading", { level: 1, name: "送信状況" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText(subject);
});

test("city staff cannot reach the campaign or outbox pages", async ({ request, baseURL }) => {
  const token = await createStaffSession(db, "staff@city.ogaki.example");
  const campaign = await db.campaign.findFirst({ select: { id: true } });
  const routes = ["/admin/campaigns", "/admin/campaigns/new", "/admin/outbox", ...(campaign ? [`/admin/campaigns/${campaign.id}`] : [])];
  for (const route of routes) {
    const response = await request.get(`${baseURL}${route}`, { headers: { Cookie: `next-auth.session-token=${token}` }, maxRedirects: 0 });
    // Their role may not use these pages: a signed-in staff member is told so (403), before any record is read.
    expect(response.status(), route).toBe(403);
    expect(await response.text(), route).toContain("この画面を開く権限がありません");
  }
});
