import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import os from "node:os";
import nodemailer from "nodemailer";
import { createCampaign, startCampaign } from "@/lib/campaigns/mutations";
import { campaignSchema } from "@/lib/campaigns/schema";
import { renderEmail } from "@/lib/emails";
import { storedLinkToken } from "@/lib/participants/links/tokens";
import { unsubscribeUrls } from "@/lib/subscriptions/links";
import { cpuBetween, readCpu, type CpuUse } from "./cpu";
import { median } from "./measure";
import type { SmtpSink } from "./sink";
import type { BenchContext, BenchResult } from "./types";

// Issue 7, follow-up: one campaign to 10,000 people who attended an event, sent by the app's own mail worker
// (the `npm start` worker beside `next start`, SMTP to the harness's sink). Figure: messages per second from the
// moment the organiser starts the campaign (the fan-out into the outbox included) until the sink holds the
// last of the 10,000. Peer, in the same run: a bare pooled nodemailer loop (the same number of connections as
// the app's SMTP_MAX_CONNECTIONS default) sending the same 10,000 messages, rendered once from the same
// campaign, to the same sink: what SMTP on this machine takes with no outbox, no database and no per-recipient
// rendering. Correctness: the sink got exactly one mail per recipient (matched by the Message-ID the outbox sets,
// `<outbox row id@host>`, so other mail arriving meanwhile is not counted), every outbox row is SENT and the
// campaign is closed as SENT.

export const FOLLOW_UP_RECIPIENTS = 10_000;
const WARMUP_RECIPIENTS = 1_000;
/** The app's SMTP_MAX_CONNECTIONS default (lib/config/env-schema.ts), which the bench does not override. */
const SMTP_CONNECTIONS = 5;
/** Messages the peer keeps queued in nodemailer's pool at once (it sends them over SMTP_CONNECTIONS). */
const PEER_IN_FLIGHT = 100;
const RUN_DEADLINE_MS = 5 * 60_000;
const TARGET_RATIO = 0.8;
/** The bench process's own clock, which the sink's `at` uses too. */
const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const BODY_JA = `{{name}} 様

先日は「{{eventTitle}}」（{{eventDate}}）にご参加いただき、ありがとうございました。
当日の資料と、会場で話題になったプロジェクトの続きをお知らせします。

## 当日の資料
- 登壇資料（PDF）: https://example.org/ogaki/slides
- グラフィックレコーディング: https://example.org/ogaki/graphic-record
- 参加者アンケートの結果（速報）: https://example.org/ogaki/survey

## 次の一歩
大垣市では、関係人口として地域と関わり続けたい方に向けて、次のような機会を用意しています。

1. **現地フィールドワーク**（11月・1泊2日）: 水都大垣の湧き水と、まちの商店街を歩きます。
2. **オンライン相談会**（毎月第2水曜 20:00〜）: 副業・プロボノで関わりたい方の相談を受け付けます。
3. **ふるさと納税**: 大垣の取り組みを応援する使い道を選べます。

> 「参加して、大垣が初めて“自分ごと”になりました」（前回の参加者の声）

ご不明な点は、このメールへの返信でお問い合わせください。
今後ともどうぞよろしくお願いいたします。`;

const BODY_EN = `Dear {{name}},

Thank you for joining "{{eventTitle}}" on {{eventDate}}. Here are the materials from the day and what comes next.

## Materials
- Slides (PDF): https://example.org/ogaki/slides
- Graphic recording: https://example.org/ogaki/graphic-record
- First survey results: https://example.org/ogaki/survey

## Next steps
1. **Fieldwork in Ogaki** (November, two days): the springs of the water city and its shopping streets.
2. **Online consultation** (second Wednesday of each month, 20:00 JST) for side jobs and pro bono work.
3. **Furusato nozei**: support Ogaki's projects directly.

Reply to this mail with any question.`;

export type FollowUpAudience = { eventId: string; title: string; emails: string[]; tag: string };

/**
 * An event that took place two days ago and `count` people who attended it, written in set-based SQL. One in
 * five reads English. A follow-up needs no separate consent (lib/mail/categories.ts: it is within the purpose
 * shown at sign-up), so none is written; nobody has unsubscribed.
 */
export async function createFollowUpAudience(ctx: BenchContext, prefix: string, count: number): Promise<FollowUpAudience> {
  const tag = `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`;
  const title = `大垣 関係人口ミートアップ ${tag}`;
  const { rows } = await ctx.client.query<{ id: string }>(
    `INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "titleEn", "descriptionJa", "startsAt", "endsAt", area, kind,
                          capacity, "reminderHoursBefore", "surveyEnabled", "closedAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'CLOSED', $2, $3, $4, '説明', now() - interval '2 days', now() - interval '2 days' + interval '2 hours',
             'OGAKI', 'NETWORKING', NULL, '{}', false, now(), now())
     RETURNING id`,
    [tag, ctx.organizations.wdlId, title, `Ogaki meetup ${tag}`],
  );
  const eventId = rows[0]!.id;
  await ctx.client.query(
    `INSERT INTO "EventOrganizer" ("eventId", "organizationId", role) VALUES ($1, $2, 'HOST'), ($1, $3, 'CO_HOST')`,
    [eventId, ctx.organizations.wdlId, ctx.organizations.cityId],
  );
  await ctx.client.query(
    `INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, "prefectureCode", relationships, interests, locale, "updatedAt")
     SELECT gen_random_uuid(), $1::text || '-' || i || '@example.com', $1::text || '-' || i || '@example.com', '参加者 ' || i, 'さんかしゃ', '13',
            ARRAY['VISITED']::"Relationship"[], ARRAY['food'], CASE WHEN i % 5 = 0 THEN 'en' ELSE 'ja' END, now()
     FROM generate_series(1, $2::int) i`,
    [tag, count],
  );
  await ctx.client.query(
    `INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, locale, "relationshipsAtSignup", "manageTokenHash",
                                 "checkinCode", "confirmedAt", "checkedInAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, p.id, p."emailNormalized", 'ATTENDED', p.locale, ARRAY['VISITED']::"Relationship"[], md5($1::text || p.id::text),
            substr(md5(p.id::text || $1::text), 1, 10), now() - interval '9 days', now() - interval '2 days', now() - interval '10 days', now()
     FROM "Participant" p WHERE p."emailNormalized" LIKE $2`,
    [eventId, `${tag}-%@example.com`],
  );
  const emails = (await ctx.client.query<{ e: string }>(`SELECT "emailNormalized" AS e FROM "Participant" WHERE "emailNormalized" LIKE $1`, [`${tag}-%@example.com`]))
    .rows.map((r) => r.e);
  if (emails.length !== count) throw new Error(`follow-up audience: wrote ${emails.length} people, wanted ${count}`);
  return { eventId, title, emails, tag };
}

/** A follow-up draft to everyone who attended the audience's event, as the composer would save it. */
async function createFollowUpDraft(ctx: BenchContext, audience: FollowUpAudience, label: string): Promise<string> {
  const input = campaignSchema.parse({
    category: "FOLLOW_UP",
    subjectJa: `【${label}】{{eventTitle}} ご参加のお礼と資料のご案内`,
    bodyJa: BODY_JA,
    subjectEn: `[${label}] Thank you for joining {{eventTitle}}`,
    bodyEn: BODY_EN,
    eventIds: [audience.eventId],
    statuses: ["ATTENDED"],
  });
  const created = await createCampaign(ctx.staff.wdl, input);
  if (!created.ok) throw new Error(`follow-up campaign not created: ${JSON.stringify(created)}`);
  return created.campaignId;
}

const messageIdOf = (value: string | null) => /^<([0-9a-f-]{36})@/i.exec(value ?? "")?.[1]?.toLowerCase() ?? null;

export type CampaignRun = {
  campaignId: string;
  /** Start (the organiser's click) to the last of the campaign's mails at the sink. */
  seconds: number;
  messagesPerSecond: number;
  /** First mail at the sink to the last: the sending alone, without the fan-out. */
  sendSeconds: number;
  fanOutMs: number;
  /** performance.now() of the start and of the first and last mail at the sink (the bench process's clock). */
  at: { started: number; first: number; last: number };
  /** From the start until the last mail (self: this process, which runs the SMTP sink). */
  cpu: CpuUse;
  recipientCount: number;
  sunk: number;
  distinctRecipients: number;
  duplicates: number;
  unexpectedRecipients: number;
  outbox: Record<string, number>;
  campaignStatus: string;
  finishedInTime: boolean;
  ok: boolean;
};

/**
 * Creates and starts a follow-up to the audience through the campaign library (what the staff "send now"
 * action calls), then waits, bounded by `deadlineMs`, until the sink holds one mail per recipient.
 */
export async function sendFollowUp(
  ctx: BenchContext,
  audience: FollowUpAudience,
  label: string,
  { deadlineMs = RUN_DEADLINE_MS, onStarted }: { deadlineMs?: number; onStarted?: () => void } = {},
): Promise<CampaignRun> {
  const campaignId = await createFollowUpDraft(ctx, audience, label);
  const sink: SmtpSink = ctx.sink;
  let scanned = sink.messages.length;
  const cpuStart = readCpu(ctx);
  const started = now();
  const deadline = started + deadlineMs;
  const result = await startCampaign(campaignId, ctx.organizations.wdlId);
  const fanOutMs = now() - started;
  if (!result.ok) throw new Error(`follow-up campaign not started: ${result.reason}`);
  onStarted?.();
  const rowIds = new Set(
    (await ctx.client.query<{ id: string }>(`SELECT id FROM "OutboxMessage" WHERE "campaignId" = $1 AND "dedupeKey" LIKE 'campaign:%'`, [campaignId])).rows.map(
      (r) => r.id,
    ),
  );
  const expected = new Set(audience.emails);
  const perRow = new Map<string, number>();
  const perRecipient = new Map<string, number>();
  let first = Number.NaN;
  let last = Number.NaN;
  let unexpectedRecipients = 0;
  const scan = () => {
    for (; scanned < sink.messages.length; scanned++) {
      const message = sink.messages[scanned]!;
      const id = messageIdOf(message.messageId);
      if (!id || !rowIds.has(id)) continue;
      perRow.set(id, (perRow.get(id) ?? 0) + 1);
      for (const to of message.to) {
        perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
        if (!expected.has(to)) unexpectedRecipients++;
      }
      if (Number.isNaN(first)) first = message.at;
      last = message.at;
    }
  };
  while (now() < deadline) {
    scan();
    if (perRow.size >= rowIds.size) break;
    await sleep(20);
  }
  const finishedInTime = perRow.size >= rowIds.size;
  const cpu = cpuBetween(cpuStart, readCpu(ctx));
  // The worker commits each row as its mail's final dot goes out; the campaign closes on the worker's next pass.
  let outbox: Record<string, number> = {};
  let campaignStatus = "";
  const settleBy = now() + 30_000;
  while (now() < settleBy) {
    outbox = Object.fromEntries(
      (
        await ctx.client.query<{ status: string; n: number }>(
          `SELECT status::text, count(*)::int AS n FROM "OutboxMessage" WHERE "campaignId" = $1 AND "dedupeKey" LIKE 'campaign:%' GROUP BY status`,
          [campaignId],
        )
      ).rows.map((r) => [r.status, r.n]),
    );
    campaignStatus = (await ctx.client.query<{ status: string }>(`SELECT status::text FROM "Campaign" WHERE id = $1`, [campaignId])).rows[0]!.status;
    if ((outbox.SENT ?? 0) === rowIds.size && campaignStatus === "SENT") break;
    await sleep(100);
  }
  // A mail sent twice would arrive after its first copy: look once more before counting.
  await sleep(500);
  scan();
  const duplicates = [...perRow.values()].reduce((n, c) => n + c - 1, 0);
  const seconds = (last - started) / 1000;
  const ok =
    finishedInTime &&
    result.recipientCount === audience.emails.length &&
    result.skippedCount === 0 &&
    perRow.size === audience.emails.length &&
    perRecipient.size === audience.emails.length &&
    [...perRecipient.values()].every((c) => c === 1) &&
    duplicates === 0 &&
    unexpectedRecipients === 0 &&
    (outbox.SENT ?? 0) === audience.emails.length &&
    Object.keys(outbox).length === 1 &&
    campaignStatus === "SENT";
  return {
    campaignId,
    seconds,
    messagesPerSecond: perRow.size / seconds,
    sendSeconds: (last - first) / 1000,
    fanOutMs,
    at: { started, first, last },
    cpu,
    recipientCount: result.recipientCount,
    sunk: [...perRow.values()].reduce((a, b) => a + b, 0),
    distinctRecipients: perRecipient.size,
    duplicates,
    unexpectedRecipients,
    outbox,
    campaignStatus,
    finishedInTime,
    ok,
  };
}

/** One mail of the campaign as the worker renders it (lib/mail/outbox/worker.ts buildMail), for the peer to reuse. */
function renderPeerMessage(ctx: BenchContext, audience: FollowUpAudience) {
  const id = randomUUID();
  const rendered = renderEmail(
    "campaign",
    {
      campaign: { subjectJa: "【peer】{{eventTitle}} ご参加のお礼と資料のご案内", bodyJa: BODY_JA, subjectEn: null, bodyEn: null },
      category: "FOLLOW_UP",
      name: "参加者 1",
      eventTitleJa: audience.title,
      eventTitleEn: null,
      eventStartsAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      appUrl: ctx.baseUrl,
      contactEmail: null,
      subscription: { category: "FOLLOW_UP", unsubscribeUrl: unsubscribeUrls(ctx.baseUrl, id).page, preferencesUrl: `${ctx.baseUrl}/me/${storedLinkToken("PARTICIPANT_PAGE", id)}` },
    },
    "ja",
  );
  return {
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: { "List-Unsubscribe": `<${unsubscribeUrls(ctx.baseUrl, id).oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

export type PeerRun = {
  seconds: number;
  messagesPerSecond: number;
  sunk: number;
  distinctRecipients: number;
  errors: number;
  finishedInTime: boolean;
  /** self: this process, the loop and the SMTP sink together. */
  cpu: CpuUse;
};

/**
 * The bare loop: the same mail to every recipient through nodemailer's own pool, nothing else. Its sockets have
 * Nagle's algorithm off (`noDelay`), as the app's have: with it on, the small write that ends each message waits
 * for the server's delayed ACK (40 ms on Linux), and both sides would measure that timer, not SMTP (see
 * `nagle` below, measured once per run of the benchmark for the record).
 */
async function bareNodemailerLoop(
  ctx: BenchContext,
  audience: FollowUpAudience,
  message: ReturnType<typeof renderPeerMessage>,
  label: string,
  { nagle = false, count = audience.emails.length }: { nagle?: boolean; count?: number } = {},
): Promise<PeerRun> {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    host: "127.0.0.1",
    port: ctx.sink.port,
    secure: false,
    ignoreTLS: true,
    ...(nagle
      ? {}
      : {
          getSocket: (_options: unknown, callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void) => {
            const socket = net.connect({ host: "127.0.0.1", port: ctx.sink.port, noDelay: true }, () => callback(null, { connection: socket }));
            socket.once("error", (error) => callback(error));
          },
        }),
  });
  const marker = `peer-${label}-${randomBytes(3).toString("hex")}`;
  const from = "大垣×WDL 関係人口イベント <no-reply@ogaki-kankei.localhost>";
  let scanned = ctx.sink.messages.length;
  const cpuStart = readCpu(ctx);
  const started = now();
  const deadline = started + RUN_DEADLINE_MS;
  let next = 0;
  let errors = 0;
  try {
    const lane = async () => {
      while (next < count && now() < deadline) {
        const i = next++;
        try {
          await transport.sendMail({ from, to: audience.emails[i]!, ...message, messageId: `<${marker}-${i}@127.0.0.1>` });
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: PEER_IN_FLIGHT }, lane));
  } finally {
    transport.close();
  }
  const cpu = cpuBetween(cpuStart, readCpu(ctx));
  const recipients = new Set<string>();
  let sunk = 0;
  let last = Number.NaN;
  for (; scanned < ctx.sink.messages.length; scanned++) {
    const m = ctx.sink.messages[scanned]!;
    if (!m.messageId?.startsWith(`<${marker}-`)) continue;
    sunk++;
    last = m.at;
    for (const to of m.to) recipients.add(to);
  }
  const seconds = (last - started) / 1000;
  return { seconds, messagesPerSecond: sunk / seconds, sunk, distinctRecipients: recipients.size, errors, finishedInTime: next >= count, cpu };
}

export async function followUpBench(ctx: BenchContext): Promise<BenchResult> {
  ctx.log(`follow-up: writing ${FOLLOW_UP_RECIPIENTS.toLocaleString("en")} attendees (+${WARMUP_RECIPIENTS} for the warm-up)`);
  const warmAudience = await createFollowUpAudience(ctx, "followup-bench-warm", WARMUP_RECIPIENTS);
  const audience = await createFollowUpAudience(ctx, "followup-bench", FOLLOW_UP_RECIPIENTS);
  const warmPeerMessage = renderPeerMessage(ctx, warmAudience);
  const peerMessage = renderPeerMessage(ctx, audience);

  const warmApp = await sendFollowUp(ctx, warmAudience, "warm-up");
  const warmPeer = await bareNodemailerLoop(ctx, warmAudience, warmPeerMessage, "warm-up");
  ctx.log(`follow-up warm-up: app ${warmApp.messagesPerSecond.toFixed(0)} msg/s, peer ${warmPeer.messagesPerSecond.toFixed(0)} msg/s`);

  const apps: CampaignRun[] = [];
  const peers: PeerRun[] = [];
  for (let run = 1; run <= 3; run++) {
    const app = await sendFollowUp(ctx, audience, `run ${run}`);
    const peer = await bareNodemailerLoop(ctx, audience, peerMessage, `run-${run}`);
    ctx.log(
      `follow-up run ${run}: app ${app.messagesPerSecond.toFixed(0)} msg/s (${app.seconds.toFixed(1)} s, fan-out ${app.fanOutMs.toFixed(0)} ms), ` +
        `peer ${peer.messagesPerSecond.toFixed(0)} msg/s (${peer.seconds.toFixed(1)} s)${app.ok ? "" : " — CHECK FAILED"}`,
    );
    apps.push(app);
    peers.push(peer);
  }

  // For the record: the same loop with nodemailer's default sockets (Nagle on), on a fifth of the messages.
  const nagle = await bareNodemailerLoop(ctx, audience, peerMessage, "nagle", { nagle: true, count: FOLLOW_UP_RECIPIENTS / 5 });
  ctx.log(`follow-up: the bare loop with Nagle on sends ${nagle.messagesPerSecond.toFixed(0)} msg/s`);

  const figure = median(apps.map((r) => r.messagesPerSecond));
  const peerFigure = median(peers.map((r) => r.messagesPerSecond));
  const ratio = figure / peerFigure;
  const peersOk = peers.every((p) => p.finishedInTime && p.errors === 0 && p.sunk === FOLLOW_UP_RECIPIENTS && p.distinctRecipients === FOLLOW_UP_RECIPIENTS);
  const ok = warmApp.ok && apps.every((r) => r.ok) && peersOk;
  const met = ratio >= TARGET_RATIO;
  const sum = (pick: (r: CampaignRun) => number) => apps.map(pick).join("/");
  return {
    id: "follow-up",
    workload: `one follow-up campaign to ${FOLLOW_UP_RECIPIENTS.toLocaleString("en")} attendees, sent by the app's mail worker (SMTP_MAX_CONNECTIONS 5) to the SMTP sink`,
    figure: { name: "campaign start → last mail at the sink", value: figure, unit: "msg/s" },
    peer: { name: `bare pooled nodemailer loop (${SMTP_CONNECTIONS} connections, TCP_NODELAY)`, value: peerFigure, unit: "msg/s" },
    ratio,
    target: { text: `≥ ${TARGET_RATIO} × the bare nodemailer loop`, met },
    ...(met
      ? {}
      : {
          limit:
            `ratio ${ratio.toFixed(2)}, ${((1 - ratio / TARGET_RATIO) * 100).toFixed(0)} % short of ${TARGET_RATIO}; while the app sent, its worker used ` +
            `${median(apps.map((r) => r.cpu.workerPct))} % of a core, this process (the sink) ${median(apps.map((r) => r.cpu.selfPct))} %, the machine ` +
            `${median(apps.map((r) => r.cpu.machineBusyPct))} % of ${os.cpus().length} cores (peer: loop and sink ${median(peers.map((r) => r.cpu.selfPct))} %, ` +
            `machine ${median(peers.map((r) => r.cpu.machineBusyPct))} %); per mail the worker also renders it, holds the hand-off transaction ` +
            `(BEGIN, UPDATE + INSERT, COMMIT on its own connection), and claims rows and checks the campaign's end once per batch`,
        }),
    correctness: {
      "mails per run at the sink": sum((r) => r.sunk),
      "distinct recipients per run": sum((r) => r.distinctRecipients),
      duplicates: apps.reduce((n, r) => n + r.duplicates, 0),
      "unexpected recipients": apps.reduce((n, r) => n + r.unexpectedRecipients, 0),
      "outbox rows SENT per run": sum((r) => r.outbox.SENT ?? 0),
      "outbox rows not SENT": apps.reduce((n, r) => n + Object.entries(r.outbox).reduce((m, [s, c]) => m + (s === "SENT" ? 0 : c), 0), 0),
      "campaigns closed as SENT": apps.filter((r) => r.campaignStatus === "SENT").length,
      "peer mails per run": peers.map((p) => p.sunk).join("/"),
    },
    ok,
    detail: {
      recipients: FOLLOW_UP_RECIPIENTS,
      smtpConnections: SMTP_CONNECTIONS,
      peerInFlight: PEER_IN_FLIGHT,
      peerWithNagle: nagle,
      peerMessageBytes: { html: peerMessage.html.length, text: peerMessage.text.length },
      warmUp: { app: warmApp, peer: warmPeer },
      runs: apps.map((app, i) => ({ app, peer: peers[i] })),
      sendOnlyMessagesPerSecond: median(apps.map((r) => r.distinctRecipients / r.sendSeconds)),
      fanOutMs: median(apps.map((r) => r.fanOutMs)),
    },
  };
}
