import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { currentRun } from "./support/run";

// The registrations table in a real browser: an organiser approves a pending application with the bulk
// form, and city staff looking at the same event see only the people who consented to provision to the city.

let db: PrismaClient;
const run = randomBytes(3).toString("hex");

test.beforeAll(() => {
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
});
let restoreReviewer: (() => Promise<unknown>) | null = null;
test.afterAll(async () => {
  await restoreReviewer?.();
  await db.$disconnect();
});

async function signInAs(page: Page, email: string, baseURL: string) {
  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(await createStaffSession(db, email), baseURL)]);
}

/** Applies to the demo's fieldwork tour through the public API, answering its required questions. */
async function apply(request: APIRequestContext, slug: string, questions: { id: string; kind: string; required: boolean; options: unknown }[], who: { name: string; email: string; consent: boolean }) {
  const answers = Object.fromEntries(
    questions
      .filter((q) => q.required)
      .map((q) => [q.id, q.kind === "SINGLE_CHOICE" ? (q.options as { id: string }[])[0]!.id : "現地を見てみたいです。"]),
  );
  const response = await request.post(`/api/events/${slug}/registrations`, {
    data: {
      name: who.name,
      furigana: "てすと",
      email: who.email,
      prefectureCode: "13",
      municipality: "世田谷区",
      relationships: ["VISITED"],
      interests: ["tourism"],
      answers,
      consents: { CITY_PROVISION: who.consent },
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  expect(await response.json()).toEqual({ outcome: "received", intake: "review" });
  expect(await db.registration.findFirst({ where: { emailNormalized: who.email.toLowerCase(), event: { slug } }, select: { status: true } })).toEqual({ status: "PENDING" });
}

test("an organiser bulk-approves a pending application; the city's view hides a person without provision consent", async ({ page, request, baseURL }) => {
  // The demo's fieldwork tour (approval required), reviewed by WDL for this test: on an event the city reviews the
  // organisers' approve is refused (the city's review queue is tests/e2e/staff-review.spec.ts).
  const event = await db.event.findFirstOrThrow({ where: { approvalRequired: true, status: "PUBLISHED" }, include: { questions: true } });
  await db.event.update({ where: { id: event.id }, data: { reviewerKind: "WDL" } });
  restoreReviewer = () => db.event.update({ where: { id: event.id }, data: { reviewerKind: event.reviewerKind } });
  const consenting = { name: `提供あり ${run}`, email: `consent-${run}@example.com`, consent: true };
  const private_ = { name: `提供なし ${run}`, email: `private-${run}@example.com`, consent: false };
  await apply(request, event.slug, event.questions, consenting);
  await apply(request, event.slug, event.questions, private_);

  // The organiser finds the pending applications of this run and approves the one without consent.
  await signInAs(page, "organizer@wdl.example", baseURL!);
  await page.goto(`/admin/events/${event.id}/registrations?status=PENDING&q=${run}`);
  await expect(page.getByRole("heading", { level: 1, name: "申し込み一覧" })).toBeVisible();
  await expect(page.getByText("2件中 1–2件目")).toBeVisible();
  await expect(page.getByRole("cell", { name: private_.email })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-registrations-organizer.png", fullPage: true });
  await page.getByRole("checkbox", { name: `${private_.name} を選択`, exact: true }).check();
  await page.getByLabel("操作").selectOption({ label: "承認する" });
  await page.getByRole("button", { name: "選択した申し込みに実行" }).click();
  const status = page.getByRole("status").filter({ hasText: "結果" });
  await expect(status).toContainText("結果：1件中 1件を実行しました");
  await expect(status).toContainText(`${private_.name}：完了（参加確定）`);
  // The table re-renders without the approved row (the filter is PENDING).
  await expect(page.getByRole("checkbox", { name: `${private_.name} を選択`, exact: true })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: `${consenting.name} を選択`, exact: true })).toBeVisible();

  const approved = await db.registration.findFirstOrThrow({ where: { eventId: event.id, emailNormalized: private_.email }, include: { history: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } });
  expect(approved.status).toBe("CONFIRMED");
  expect(approved.history.map((h) => [h.fromStatus, h.toStatus, h.actorType])).toEqual([
    [null, "PENDING", "PARTICIPANT"],
    ["PENDING", "CONFIRMED", "STAFF"],
  ]);

  // City staff see the same event's list limited to consenting people, without email addresses.
  await signInAs(page, "staff@city.ogaki.example", baseURL!);
  const since = new Date();
  await page.goto(`/admin/events/${event.id}/registrations?q=${run}`);
  await expect(page.getByRole("heading", { level: 1, name: "申し込み一覧" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("提供に同意した方だけ");
  await expect(page.getByRole("link", { name: consenting.name, exact: true })).toBeVisible();
  await expect(page.getByText(private_.name)).toHaveCount(0);
  await expect(page.getByText("@example.com")).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0); // no bulk changes for the city
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-registrations-city.png", fullPage: true });
  await expect(page.getByRole("columnheader", { name: "配慮事項" })).toHaveCount(0);

  // That view is a provision record naming the consenting person and their consent.
  const person = await db.participant.findUniqueOrThrow({ where: { emailNormalized: consenting.email }, include: { consents: true } });
  const record = await db.provisionRecord.findFirstOrThrow({
    where: { eventId: event.id, kind: "VIEW", createdAt: { gte: since }, staffUser: { email: "staff@city.ogaki.example" } },
    include: { persons: true },
  });
  expect(record.persons).toEqual([expect.objectContaining({ participantId: person.id, consentId: person.consents.find((c) => c.purpose === "CITY_PROVISION")!.id })]);

  // The person's page: shown for the consenting person (city fields), a 404 for the other.
  await page.getByRole("link", { name: consenting.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(consenting.name) })).toBeVisible();
  await expect(page.getByText("@example.com")).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/.artifacts/staff-participant-city.png", fullPage: true });
  const hidden = await db.participant.findUniqueOrThrow({ where: { emailNormalized: private_.email } });
  const response = await page.goto(`/admin/participants/${hidden.id}`);
  expect(response?.status()).toBe(404);
});
