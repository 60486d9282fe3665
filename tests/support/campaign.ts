import { randomBytes } from "node:crypto";
import { startCampaign } from "@/lib/campaigns/mutations";
import type { PrismaClient } from "@/lib/db/client";
import { createEvent, createOrganizations } from "./fixtures";

// A follow-up campaign to the `n` people who attended an event, started as an organiser starts it (the fan-out
// writes one outbox row per recipient).

export async function seedCampaign(db: PrismaClient, n: number, tag = randomBytes(3).toString("hex")) {
  const event = await createEvent(db, { capacity: null, startsAt: new Date(Date.now() - 3 * 24 * 3600_000) });
  const recipients = Array.from({ length: n }, (_, i) => `r${tag}-${i}@example.com`);
  await db.participant.createMany({
    data: recipients.map((email, i) => ({ email, emailNormalized: email, name: `受信者 ${i}` })),
  });
  const people = await db.participant.findMany({ where: { emailNormalized: { in: recipients } }, select: { id: true, email: true } });
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
  const campaignId = await startFollowUp(db, event.id);
  return { campaignId, eventId: event.id, recipients };
}

/** Another follow-up to the attendees of the same event, started now. */
export async function startFollowUp(db: PrismaClient, eventId: string): Promise<string> {
  const { wdl } = await createOrganizations(db);
  const campaign = await db.campaign.create({
    data: {
      organizationId: wdl.id,
      category: "FOLLOW_UP",
      subjectJa: "{{eventTitle}}へのご参加ありがとうございました",
      bodyJa: "{{name}} 様\n\n先日はありがとうございました。**次回**のご案内です。",
      segment: { eventIds: [eventId], statuses: ["ATTENDED"], interests: [], relationships: [] },
    },
  });
  const started = await startCampaign(campaign.id, wdl.id);
  if (!started.ok) throw new Error(`the campaign did not start: ${started.reason}`);
  return campaign.id;
}
