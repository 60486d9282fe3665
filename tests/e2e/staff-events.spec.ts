import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { toJstInput } from "@/lib/events/staff/schema";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { seriousViolations } from "./support/a11y";
import { currentRun } from "./support/run";

// A WDL organiser creates an event (in Japan time, from a browser in New York), adds a sign-up question,
// publishes it, and sees it on the public list with its question on the sign-up form. City staff see the
// event's overview but none of the organiser's buttons.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
test.afterAll(async () => {
  await db.$disconnect();
});


test("an organiser creates an event with a question, publishes it, and it appears on the public list", async ({ page, context, baseURL }) => {
  await context.addCookies([staffCookie(await createStaffSession(db, "organizer@wdl.example"), baseURL!)]);
  const slug = `e2e-staff-${run}`;
  const title = `大垣の水辺を歩く夕べ ${run}`;
  // Three weeks ahead, 19:00–21:00 Japan time.
  const day = toJstInput(new Date(Date.now() + 21 * 86_400_000)).date;

  await page.goto("/admin/events/new");
  await expect(page.getByRole("heading", { level: 1, name: "イベントを作成" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("URL（スラッグ）").fill(slug);
  await page.getByLabel(/^説明（日本語）/).fill("## 内容\n\n- 水辺の散歩\n- 交流会");
  await page.getByRole("group", { name: /^開始/ }).getByLabel("日付").fill(day);
  await page.getByRole("group", { name: /^開始/ }).getByLabel("時刻").fill("19:00");
  await page.getByRole("group", { name: /^終了/ }).getByLabel("日付").fill(day);
  await page.getByRole("group", { name: /^終了/ }).getByLabel("時刻").fill("18:00");
  await page.getByLabel("会場名").fill("神田のコワーキングスペース");
  await page.getByLabel("定員").fill("30");

  // Errors next to their fields, the first one focused, everything typed kept.
  await page.getByRole("button", { name: "下書きとして作成する" }).click();
  await expect(page.getByText("件の項目を確認してください")).toBeVisible();
  await expect(page.locator("#titleJa")).toBeFocused();
  await expect(page.locator("#titleJa-error")).toHaveText(/入力してください/);
  await expect(page.locator("#endsAt-error")).toHaveText(/終了は開始より後/);
  await expect(page.getByLabel("URL（スラッグ）")).toHaveValue(slug);
  await expect(page.getByLabel("会場名")).toHaveValue("神田のコワーキングスペース");

  await page.getByLabel(/^タイトル（日本語）/).fill(title);
  await page.getByRole("group", { name: /^終了/ }).getByLabel("時刻").fill("21:00");
  await page.getByRole("button", { name: "下書きとして作成する" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "イベントを編集" })).toBeVisible();
  await expect(page.getByText("イベントを下書きとして作成しました")).toBeVisible();
  const event = await db.event.findUniqueOrThrow({ where: { slug }, include: { organizers: { include: { organization: true } } } });
  expect(event).toMatchObject({ status: "DRAFT", titleJa: title, capacity: 30, venueName: "神田のコワーキングスペース" });
  expect(toJstInput(event.startsAt)).toEqual({ date: day, time: "19:00" });
  expect(event.endsAt.getTime() - event.startsAt.getTime()).toBe(2 * 3_600_000);
  expect(event.organizers.map((o) => `${o.organization.kind}:${o.role}`).sort()).toEqual(["CITY:CO_HOST", "WDL:HOST"]);

  // A choice question: two options, required.
  const add = page.getByRole("form", { name: "質問を追加" });
  await add.getByLabel("回答の形式").selectOption("SINGLE_CHOICE");
  await add.getByLabel(/^質問（日本語）/).fill("大垣とのつながり");
  await add.getByLabel("選択肢1（日本語）").fill("出身・在住経験がある");
  await add.getByLabel("選択肢2（日本語）").fill("これから知りたい");
  await add.getByLabel("回答を必須にする").check();
  await add.getByRole("button", { name: "質問を追加する" }).click();
  await expect(page.getByText("質問を追加しました。")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "大垣とのつながり" }).locator(".tag", { hasText: /^必須$/ })).toBeVisible();
  const question = await db.eventQuestion.findFirstOrThrow({ where: { eventId: event.id } });
  expect(question).toMatchObject({ kind: "SINGLE_CHOICE", required: true, position: 1, archivedAt: null });
  expect((question.options as { id: string; labelJa: string }[]).map((o) => o.labelJa)).toEqual(["出身・在住経験がある", "これから知りたい"]);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("link", { name: /の概要へ/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(title) })).toBeVisible();
  await expect(page.getByText("下書き", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "申込者一覧" })).toHaveAttribute("href", `/admin/events/${event.id}/registrations`);
  await expect(page.getByRole("link", { name: "受付（チェックイン）" })).toHaveAttribute("href", `/admin/events/${event.id}/checkin`);
  await expect(page.getByRole("link", { name: "エクスポート" })).toHaveAttribute("href", `/admin/events/${event.id}/export`);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "公開する" }).click();
  await expect(page.getByText("イベントを公開しました。")).toBeVisible();
  await expect(page.getByText("公開中", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "公開する" })).toHaveCount(0);
  expect(await db.auditLog.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { action: true } })).toEqual([
    { action: "event.create" },
    { action: "event.question.create" },
    { action: "event.publish" },
  ]);

  await page.goto("/events");
  const card = page.getByRole("link", { name: title });
  await expect(card).toBeVisible();
  await card.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByRole("link", { name: "申し込む" }).click();
  await expect(page.getByRole("group", { name: /大垣とのつながり/ })).toBeVisible();
  await expect(page.getByRole("radio", { name: "これから知りたい" })).toBeVisible();
});

test("city staff see an event's overview without the organiser's buttons, and cannot open its edit page", async ({ page, context, baseURL }) => {
  const event = await db.event.findFirstOrThrow({ where: { organizers: { some: { organization: { kind: "CITY" } } } }, orderBy: { createdAt: "desc" } });
  await context.addCookies([staffCookie(await createStaffSession(db, "staff@city.ogaki.example"), baseURL!)]);

  await page.goto(`/admin/events/${event.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "申し込み状況" })).toBeVisible();
  await expect(page.getByRole("button", { name: "公開する" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "編集する" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "受付（チェックイン）" })).toHaveCount(0);

  expect((await page.goto(`/admin/events/${event.id}/edit`))?.status()).toBe(403);
  await expect(page.getByText("この画面を開く権限がありません")).toBeVisible();
  expect((await page.goto("/admin/events/new"))?.status()).toBe(403);
});

test("an organiser edits capacity and questions under the seat and answer rules, duplicates, and cancels with a confirmation step", async ({ page, context, baseURL, request }) => {
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 12 * 86_400_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-edit-${run}`,
      status: "PUBLISHED",
      publishedAt: new Date(),
      ownerOrganizationId: wdl.id,
      titleJa: `編集テスト ${run}`,
      descriptionJa: "説明",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venueName: "渋谷",
      capacity: 2,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: {
        create: [
          { position: 1, kind: "TEXT", labelJa: "ご職業" },
          { position: 2, kind: "MULTI_CHOICE", labelJa: "聞きたいテーマ", options: [{ id: "water", labelJa: "水と暮らし" }, { id: "work", labelJa: "仕事" }] },
        ],
      },
    },
    include: { questions: true },
  });
  const themes = event.questions.find((q) => q.kind === "MULTI_CHOICE")!;
  for (const n of [1, 2]) {
    const response = await request.post(`/api/events/${event.slug}/registrations`, {
      data: { name: `テスト ${n}`, furigana: "てすと", email: `edit-${run}-${n}@example.com`, prefectureCode: "13", relationships: ["NONE"], answers: { [themes.id]: ["water"] } },
    });
    expect(response.status()).toBe(202);
  }

  await context.addCookies([staffCookie(await createStaffSession(db, "organizer@wdl.example"), baseURL!)]);
  await page.goto(`/admin/events/${event.id}/edit`);
  await expect(page.getByText("現在 2 席が埋まっています")).toBeVisible();

  // Lowering the capacity below the seats taken is refused with the reason; nothing else is saved.
  await page.getByLabel("定員").fill("1");
  await page.getByLabel(/^タイトル（日本語）/).fill("変更しない題名");
  await page.getByRole("button", { name: "保存する", exact: true }).click();
  await expect(page.locator("#capacity-error")).toHaveText(/すでに2席が埋まっているため/);
  await expect(page.getByLabel("定員")).toHaveValue("1");
  expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ capacity: 2, titleJa: `編集テスト ${run}` });
  await page.getByLabel("定員").fill("3");
  await page.getByLabel(/^タイトル（日本語）/).fill(`編集テスト ${run}`);
  await page.getByRole("button", { name: "保存する", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "保存しました。" })).toBeVisible();
  expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBe(3);

  // An option someone chose cannot be removed.
  const themeItem = page.getByRole("listitem").filter({ has: page.getByText("聞きたいテーマ", { exact: true }) });
  await themeItem.getByText("編集", { exact: true }).click();
  await themeItem.getByLabel("選択肢1を削除").check();
  await themeItem.getByLabel("選択肢3（日本語）").fill("食");
  await themeItem.getByRole("button", { name: "質問を保存する" }).click();
  await expect(themeItem.getByText("選ばれた回答がある選択肢は削除できません")).toBeVisible();
  await expect(themeItem.getByLabel("選択肢3（日本語）")).toHaveValue("食");

  // Reorder and remove (the removed question stays listed, with its answers kept).
  await page.getByRole("button", { name: "「聞きたいテーマ」を上へ移動" }).click();
  await expect(page.getByRole("button", { name: "「聞きたいテーマ」を上へ移動" })).toBeDisabled();
  await page.getByRole("button", { name: "「ご職業」をフォームから外す" }).click();
  await expect(page.getByRole("button", { name: "「ご職業」をフォームに戻す" })).toBeVisible();
  const questions = await db.eventQuestion.findMany({ where: { eventId: event.id }, orderBy: { position: "asc" } });
  expect(questions.map((q) => [q.labelJa, q.archivedAt === null])).toEqual([
    ["聞きたいテーマ", true],
    ["ご職業", false],
  ]);

  // Duplicate: a draft copy, opened for editing.
  await page.goto(`/admin/events/${event.id}`);
  await page.getByRole("button", { name: "コピーして新しいイベントを作る" }).click();
  await expect(page.getByText("コピーを下書きとして作成しました")).toBeVisible();
  await expect(page.getByLabel("URL（スラッグ）")).toHaveValue(`${event.slug}-copy-1`);

  // Cancel: a link to the confirmation, a reason, then the registrants are told.
  await page.goto(`/admin/events/${event.id}`);
  await page.getByRole("link", { name: "イベントを中止する…" }).click();
  await expect(page.getByRole("heading", { name: "このイベントを中止しますか？" })).toBeVisible();
  await expect(page.getByText("申し込み中の2名")).toBeVisible();
  expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("PUBLISHED");
  await page.getByRole("button", { name: "中止を確定して通知する" }).click();
  await expect(page.locator("#cancel-reason-error")).toHaveText(/入力してください/);
  await page.getByLabel(/^中止の理由/).fill("講師の体調不良のため");
  await page.getByRole("button", { name: "中止を確定して通知する" }).click();
  await expect(page.getByText("イベントを中止しました。申し込み中の2名に中止のお知らせを送ります。")).toBeVisible();
  await expect(page.getByText("中止", { exact: true })).toBeVisible();
  expect(await db.outboxMessage.count({ where: { eventId: event.id, template: "event-cancelled" } })).toBe(2);
});
