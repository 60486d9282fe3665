import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/unsubscribe/[token]/route";
import { createMailTransport } from "@/lib/mail/transport";
import { useAppDatabase } from "../../../../support/app-env";
import { seedCampaign, startFollowUp } from "../../../../support/campaign";
import type { TestDatabase } from "../../../../support/db";
import { sendDueMail } from "../../../../support/outbox";
import { startTestSmtp, type TestSmtp } from "../../../../support/smtp";

// RFC 8058 one-click unsubscribe, from the header of a mail really sent: a POST with no session stops that kind
// of mail; a GET of the same URL changes nothing; every later send skips the person (and counts them).

let t: TestDatabase;
let smtp: TestSmtp;
beforeAll(async () => {
  t = await useAppDatabase();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };

async function sendAll() {
  const transport = createMailTransport({ ...mailEnv, SMTP_URL: smtp.url });
  try {
    return await sendDueMail(transport);
  } finally {
    transport.close();
  }
}

const call = (handler: typeof POST, url: string, init: RequestInit = {}) => {
  const token = decodeURIComponent(new URL(url).pathname.split("/").pop()!);
  return handler(new Request(url, init), { params: Promise.resolve({ token }) });
};
const oneClick = (url: string, body = "List-Unsubscribe=One-Click") =>
  call(POST, url, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });

describe("one-click unsubscribe", () => {
  it("stops the kind of mail by POST without a session; GET changes nothing; the next campaign skips the person", async () => {
    const first = await seedCampaign(t.db, 3);
    expect(await sendAll()).toEqual({ sent: 3, failed: 0 });
    const [leaving, ...staying] = first.recipients;
    const mail = smtp.received.find((m) => m.envelopeTo.includes(leaving!))!;
    const header = (key: string) => mail.parsed.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, "");
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const url = /^<(https?:\/\/[^>\s]+)>$/.exec(header("list-unsubscribe") ?? "")![1]!;
    expect(url).toMatch(/\/api\/unsubscribe\//);
    // The footer links the page (which asks first) and the person's preferences, in both parts.
    expect(mail.parsed.text).toMatch(/\/unsubscribe\/[\w.-]+/);
    expect(mail.parsed.text).toMatch(/\/me\/[\w.-]+/);
    expect(mail.parsed.html).toContain("/unsubscribe/");

    const opened = await call(GET, url);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toMatch(/\/unsubscribe\/[\w.-]+$/);
    expect((await oneClick(url, "something=else")).status).toBe(400);
    expect(await t.db.suppression.count()).toBe(0);

    const done = await oneClick(url);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("配信を停止しました");
    expect(await t.db.suppression.findMany({ select: { emailNormalized: true, category: true, reason: true } })).toEqual([
      { emailNormalized: leaving, category: "FOLLOW_UP", reason: "UNSUBSCRIBE" },
    ]);
    expect((await oneClick(url)).status).toBe(200); // the mail client's POST after the person's own click
    expect(await t.db.suppression.count()).toBe(1);

    // A later campaign to the same people: the person is skipped, counted, and never contacted.
    const before = smtp.received.length;
    const second = await startFollowUp(t.db, first.eventId);
    expect(await t.db.campaign.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ recipientCount: 2, skippedCount: 1 });
    expect(await sendAll()).toEqual({ sent: 2, failed: 0 });
    expect(smtp.received.slice(before).flatMap((m) => m.envelopeTo).sort()).toEqual([...staying].sort());
    const skipped = await t.db.outboxMessage.findFirstOrThrow({ where: { campaignId: second, toEmail: leaving } });
    expect(skipped).toMatchObject({ status: "SUPPRESSED", lastError: "unsubscribed", attempts: 0 });
  });

  it("withdraws the consent a kind of mail rests on, and refuses forged or unknown tokens", async () => {
    const { recipients } = await seedCampaign(t.db, 1);
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: recipients[0] } });
    await t.db.consent.create({ data: { participantId: person.id, purpose: "WDL_NEWS", version: "2026-10" } });
    const news = await t.db.outboxMessage.create({
      data: { dedupeKey: `news:${person.id}`, template: "campaign", category: "WDL_NEWS", toEmail: person.email!, participantId: person.id, payload: {}, status: "SENT" },
    });
    const { unsubscribeUrls } = await import("@/lib/subscriptions/links");
    const url = unsubscribeUrls("http://localhost:3000", news.id).oneClick;
    expect((await oneClick(url.replace(/\.[\w-]+$/, ".forged"))).status).toBe(404);
    expect((await oneClick(url.replace(/\/[0-9a-f-]{36}\./, "/00000000-0000-4000-8000-000000000000."))).status).toBe(404);
    expect(await t.db.consent.count({ where: { participantId: person.id, withdrawnAt: null } })).toBe(1);

    expect((await oneClick(url)).status).toBe(200);
    expect(await t.db.consent.findFirstOrThrow({ where: { participantId: person.id, purpose: "WDL_NEWS" } })).toMatchObject({ withdrawnVia: "unsubscribe" });
    expect(await t.db.suppression.count({ where: { emailNormalized: person.emailNormalized!, category: "WDL_NEWS" } })).toBe(1);
  });
});
