import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { createStaffSession, staffCookie } from "../support/staff-session";
import { hostileMails, unsafeControlHtml } from "../support/xss/emails";
import { armXssProbe, markdownPayload, textPayload, urlPayload } from "../support/xss/payloads";
import { currentRun, waitForMail } from "./support/run";

// Stored XSS on the production build, in Chromium with scripts on. Every text an event or a participant can
// carry holds payloads (script tags, attribute breakers, javascript: URLs, SVG handlers, template injection,
// `</script>` for the JSON-LD, Markdown links and raw HTML, Unicode look-alikes). The form and the API refuse
// markup, so the payloads are written into the database directly, as a bug or an import could; the URL fields
// get `javascript:` URLs the staff form refuses (lib/events/staff/schema.ts isWebUrl). Then each public,
// participant and staff page that shows them is opened with a detector armed in every frame: nothing may run,
// and no live javascript: link may be left. Every mail template is rendered with the same payloads and its HTML
// loaded into Chromium. Control: raw, unescaped payloads in a page are detected (the detector works).

let db: PrismaClient;
const run = randomBytes(3).toString("hex");
const email = `xss-${run}@example.com`;
const ids = { event: "", slug: "", participant: "", registration: "", campaign: "", staffUser: "" };
const links = { manage: "", me: "", survey: "" };
const restore: (() => Promise<unknown>)[] = [];

const P = (field: string) => textPayload(`${run}:${field}`);

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  db = createPrismaClient(currentRun().app.databaseUrl, { max: 2 });
  const [wdl, city] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { slug: "wdl" } }),
    db.organization.findUniqueOrThrow({ where: { slug: "ogaki-city" } }),
  ]);
  const startsAt = new Date(Math.floor((Date.now() + 10 * 86_400_000) / 3_600_000) * 3_600_000);
  const event = await db.event.create({
    data: {
      slug: `e2e-xss-${run}`,
      status: "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: `XSSテスト ${run}`,
      descriptionJa: "テスト",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      format: "HYBRID",
      capacity: 50,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
      questions: {
        create: [
          { position: 1, kind: "TEXT", labelJa: "ひとこと", required: false, cityVisible: true },
          { position: 2, kind: "SINGLE_CHOICE", labelJa: "選択", required: false, cityVisible: true, options: [{ id: "a1", labelJa: "A" }] },
        ],
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  ids.event = event.id;
  ids.slug = event.slug;

  // A real sign-up (the API refuses markup), agreeing to provision to the city and to surveys.
  const response = await request.post(`/api/events/${event.slug}/registrations`, {
    data: {
      name: `XSS 太郎 ${run}`,
      furigana: "えっくすえすえす",
      email,
      prefectureCode: "13",
      municipality: "世田谷区",
      relationships: ["VISITED"],
      interests: ["tourism"],
      answers: { [event.questions[0]!.id]: "ふつうの回答", [event.questions[1]!.id]: "a1" },
      consents: { CITY_PROVISION: true, SURVEY: true, WDL_NEWS: true },
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  links.manage = new URL(/(http\S+\/manage\/[\w-]+)/.exec((await waitForMail(email, /参加登録が完了しました/)).text ?? "")![1]!).pathname;
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, emailNormalized: email }, include: { participant: true } });
  ids.registration = registration.id;
  ids.participant = registration.participantId;

  // The survey link, from an invitation queued as the scheduled job does (see survey.spec.ts).
  await db.outboxMessage.create({
    data: {
      dedupeKey: `survey:${registration.id}`,
      template: "survey-invitation",
      category: "SURVEY",
      payload: {
        name: registration.participant.name ?? "",
        event: {
          id: event.id, slug: event.slug, titleJa: event.titleJa, titleEn: null, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString(),
          format: event.format, venueName: null, venueAddress: null, venueMapUrl: null, onlineUrl: null, feeJa: null, feeEn: null,
          organizersJa: "WDL × 大垣市", organizersEn: "WDL × Ogaki City", updatedAt: event.updatedAt.toISOString(),
        },
      },
      locale: "ja",
      toEmail: email,
      toName: registration.participant.name,
      participantId: registration.participantId,
      registrationId: registration.id,
      eventId: event.id,
    },
  });
  const survey = await waitForMail(email, /アンケートご協力のお願い/, 30_000);
  links.survey = new URL(/https?:\/\/\S+\/survey\/[\w-]{43}(?![\w.-])/.exec(survey.text ?? "")![0]).pathname;
  links.me = new URL(/https?:\/\/\S+\/me\/[\w.-]+/.exec(survey.text ?? "")![0]).pathname;

  // Now the payloads, in every text field, written around the schemas.
  await db.event.update({
    where: { id: event.id },
    data: {
      titleJa: `XSS ${run} ${P("titleJa")}`,
      titleEn: P("titleEn"),
      summaryJa: P("summaryJa"),
      summaryEn: P("summaryEn"),
      descriptionJa: markdownPayload(`${run}:descriptionJa`),
      descriptionEn: markdownPayload(`${run}:descriptionEn`),
      venueName: P("venueName"),
      venueAddress: P("venueAddress"),
      venueMapUrl: urlPayload(`${run}:venueMapUrl`),
      onlineUrl: urlPayload(`${run}:onlineUrl`),
      feeJa: P("feeJa"),
      feeEn: P("feeEn"),
    },
  });
  await db.eventQuestion.update({ where: { id: event.questions[0]!.id }, data: { labelJa: P("questionLabel"), helpJa: P("questionHelp"), labelEn: P("questionLabelEn") } });
  await db.eventQuestion.update({
    where: { id: event.questions[1]!.id },
    data: { labelJa: P("choiceLabel"), options: [{ id: "a1", labelJa: P("optionJa"), labelEn: P("optionEn") }] },
  });
  await db.participant.update({
    where: { id: registration.participantId },
    data: {
      // The name keeps the run tag so staff searches find the row.
      name: `XSS ${run} ${P("name")}`,
      furigana: P("furigana"),
      affiliation: P("affiliation"),
      municipality: P("municipality"),
      skills: [P("skill")],
    },
  });
  await db.registration.update({
    where: { id: registration.id },
    data: {
      howHeard: "OTHER",
      howHeardOther: P("howHeardOther"),
      utmSource: P("utmSource"),
      utmMedium: P("utmMedium"),
      utmCampaign: P("utmCampaign"),
      utmTerm: P("utmTerm"),
      utmContent: P("utmContent"),
      ref: P("ref"),
      staffNote: P("staffNote"),
    },
  });
  await db.answer.updateMany({ where: { registrationId: registration.id, questionId: event.questions[0]!.id }, data: { text: P("answer") } });
  await db.answer.updateMany({ where: { registrationId: registration.id, questionId: event.questions[1]!.id }, data: { choices: ["a1", P("choiceId")] } });
  await db.surveyResponse.create({
    data: { registrationId: registration.id, participantId: registration.participantId, eventId: event.id, satisfaction: 4, joinAgain: "YES", nextSteps: ["VISIT_OGAKI"], comment: P("surveyComment") },
  });
  await db.activity.create({
    data: { participantId: registration.participantId, kind: "OTHER", source: "SELF_REPORTED", occurredOn: new Date(Date.UTC(2026, 0, 10)), note: P("activityNote") },
  });
  const campaign = await db.campaign.create({
    data: {
      organizationId: wdl.id,
      category: "FOLLOW_UP",
      subjectJa: `{{name}} ${P("campaignSubject")}`,
      bodyJa: `{{name}} {{eventTitle}}\n\n${markdownPayload(`${run}:campaignBody`)}`,
      subjectEn: P("campaignSubjectEn"),
      bodyEn: markdownPayload(`${run}:campaignBodyEn`),
      segment: { eventIds: [event.id], statuses: ["CONFIRMED"], interests: [], relationships: [] },
    },
  });
  ids.campaign = campaign.id;

  // Organisation and staff names are shared with the other specs: changed for this one and put back after.
  for (const org of [wdl, city]) {
    await db.organization.update({ where: { id: org.id }, data: { nameJa: `${org.nameJa} ${P(`org:${org.slug}`)}`, nameEn: `${org.nameEn} ${P(`orgEn:${org.slug}`)}` } });
    restore.push(() => db.organization.update({ where: { id: org.id }, data: { nameJa: org.nameJa, nameEn: org.nameEn } }));
  }
  for (const staffEmail of ["admin@wdl.example", "organizer@wdl.example", "admin@city.ogaki.example"]) {
    const user = await db.user.findUniqueOrThrow({ where: { email: staffEmail } });
    await db.user.update({ where: { id: user.id }, data: { name: `${user.name ?? ""} ${P(`staff:${staffEmail}`)}` } });
    restore.push(() => db.user.update({ where: { id: user.id }, data: { name: user.name } }));
  }
});

test.afterAll(async () => {
  for (const undo of restore.reverse()) await undo();
  await db.$disconnect();
});

async function signInAs(page: Page, staffEmail: string, baseURL: string) {
  await page.context().clearCookies();
  await page.context().addCookies([staffCookie(await createStaffSession(db, staffEmail), baseURL)]);
}

/** Opens each path and collects what ran; a page must also answer (not an error page) and show the run's data. */
async function visitAll(page: Page, paths: string[], optional: string[] = []) {
  const probe = await armXssProbe(page);
  const found: Record<string, string[]> = {};
  for (const path of [...paths, ...optional]) {
    const response = await page.goto(path, { waitUntil: "load" });
    // Pages a role may not open (or that another part of the app adds later) may refuse; none may fail.
    expect(response?.status(), path).toBeLessThan(optional.includes(path) ? 500 : 400);
    // The detector is live on this page (a page that answered but ran no init script would prove nothing).
    expect(await page.evaluate(() => typeof window.__xss), path).toBe("function");
    // Focus and hover everything focusable once: autofocus/onfocus/onmouseover payloads fire only then.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>("a, button, input, select, textarea, [tabindex]")) {
        el.focus();
        el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      }
    });
    const hits = await probe.hits();
    if (hits.length > 0) found[path] = hits;
  }
  return found;
}

test("control: the detector catches payloads that are put into a page unescaped", async ({ page }) => {
  const probe = await armXssProbe(page);
  await probe.setContent(unsafeControlHtml());
  const hits = await probe.hits();
  expect(hits).toEqual(expect.arrayContaining(["control:text", "dialog:control:text", "control:markdown"]));
  expect(hits.some((h) => h.startsWith("live-link:javascript:"))).toBe(true);
});

test("no stored payload runs on the public and participant pages", async ({ page }) => {
  test.setTimeout(120_000);
  const found = await visitAll(page, ["/", "/events", `/events/${ids.slug}`, `/events/${ids.slug}/register`, links.manage, `${links.manage}/cancel`, links.me, links.survey]);
  expect(found).toEqual({});

  // The payloads are on the page as text (so they were rendered, escaped), and the JSON-LD parses back to them.
  await page.goto(`/events/${ids.slug}`);
  await expect(page.getByRole("heading", { level: 1 }).first()).toContainText(`__xss("${run}:titleJa")`);
  const jsonLd = await page.locator('script[type="application/ld+json"]').textContent();
  expect((JSON.parse(jsonLd!) as { name: string }).name).toContain(`<script>__xss("${run}:titleJa")</script>`);
  // The map link is not a javascript: link (the page leaves it out or React neutralises it).
  const mapHrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "").filter((h) => h.includes("__xss")));
  expect(mapHrefs).toEqual([]);
});

test("no stored payload runs on WDL's staff pages", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signInAs(page, "admin@wdl.example", baseURL!);
  const e = `/admin/events/${ids.event}`;
  const found = await visitAll(page, [
    "/admin",
    e,
    `${e}/edit`,
    `${e}/preview`,
    `${e}/registrations`,
    `${e}/registrations?q=${run}`,
    `${e}/checkin`,
    `${e}/checkin?q=${run}`,
    `${e}/export`,
    `/admin/participants/${ids.participant}`,
    "/admin/campaigns",
    `/admin/campaigns/${ids.campaign}`,
    `/admin/campaigns/${ids.campaign}/edit`,
    "/admin/insights",
    `/admin/insights?event=${ids.event}`,
    `/admin/insights/print?event=${ids.event}`,
    "/admin/outbox",
    "/admin/audit",
    "/admin/staff",
  ], ["/admin/requests"]);
  expect(found).toEqual({});
  // The participant ledger shows the hostile name as text.
  await page.goto(`/admin/participants/${ids.participant}`);
  await expect(page.getByText(`__xss("${run}:name")`).first()).toBeVisible();
});

test("no stored payload runs on the city's pages", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin@city.ogaki.example", baseURL!);
  const e = `/admin/events/${ids.event}`;
  const found = await visitAll(
    page,
    ["/admin", e, `${e}/preview`, `${e}/registrations`, `/admin/participants/${ids.participant}`, `${e}/export`, `/admin/insights?event=${ids.event}`, "/admin/audit", "/admin/staff"],
    ["/admin/requests"],
  );
  expect(found).toEqual({});
});

test("no payload runs in the HTML of any mail", async ({ page }) => {
  const probe = await armXssProbe(page);
  const found: Record<string, string[]> = {};
  for (const mail of hostileMails()) {
    await probe.setContent(mail.html);
    const hits = await probe.hits();
    if (hits.length > 0) found[mail.name] = hits;
    // The hostile values are in the mail, as text.
    if (!mail.name.startsWith("staff-signin")) expect(await page.locator("body").textContent(), mail.name).toContain("__xss(");
  }
  expect(found).toEqual({});
});
