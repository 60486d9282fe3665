import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { getEmailEvents } from "@/lib/mail/data";
import { createEvent, createOrganizations } from "./fixtures";

// A campaign to `n` people who attended an event, with its outbox rows written (as its start writes them).

export async function seedCampaign(db: PrismaClient, n: number, tag = randomBytes(3).toString("hex")) {
  const { wdl } = await createOrganizations(db);
  const event = await createEvent(db, { capacity: null, startsAt: new Date(Date.now() - 3 * 24 * 3600_000) });
  const recipients = Array.from({ length: n }, (_, i) => `r${tag}-${i}@example.com`);
  await db.participant.createMany({
    data: recipients.map((email, i) => ({ email, emailNormalized: email, name: `受信者 ${i}` })),
  });
  const people = await db.participant.findMany({ where: { emailNormalized: { in: recipients } }, select: { id: true, email: true, name: true } });
  await db.registration.createMany({
    data: people.map((p, i) => ({
      eventId: event.id,
      participantId: p.id,
      emailNormalized: p.email,
      status: "ATTENDED" as const,
      manageTokenHash: randomBytes(16).toString("hex"),
      checkinCode: String(i).padStart(8, "0"),
      confirmedAt: event.startsAt,
    })),
  });
  const campaign = await db.campaign.create({
    data: {
      organizationId: wdl.id,
      category: "FOLLOW_UP",
      subjectJa: "ご参加ありがとうございました",
      bodyJa: "{{name}} 様、先日はありがとうございました。",
      segment: { eventIds: [event.id], statuses: ["ATTENDED"], interests: [], relationships: [] },
      status: "SENDING",
      startedAt: new Date(),
      recipientCount: n,
      skippedCount: 0,
    },
  });
  const snapshot = (await getEmailEvents([event.id])).get(event.id)!;
  await db.outboxMessage.createMany({
    data: people.map((p) => ({
      dedupeKey: `campaign:${campaign.id}:${p.id}`,
      template: "event-reminder",
      category: "FOLLOW_UP" as const,
      toEmail: p.email!,
      toName: p.name,
      participantId: p.id,
      eventId: event.id,
      campaignId: campaign.id,
      payload: { name: p.name, event: snapshot, status: "ATTENDED", hoursBefore: 24 },
    })),
  });
  return { campaignId: campaign.id, eventId: event.id, recipients };
}
