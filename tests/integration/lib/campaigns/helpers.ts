import { randomBytes } from "node:crypto";
import type { CampaignSegment } from "@/lib/campaigns/schema";
import type { PrismaClient } from "@/lib/db/client";
import type { ConsentPurpose, MailCategory, Relationship, RegistrationStatus } from "@/lib/generated/prisma/enums";

// People, registrations and campaigns written straight into the database, so each segment test states
// exactly who is in it (interests, relationships, consents, suppressions, anonymised people).

const hex = () => randomBytes(4).toString("hex");

export type PersonOptions = {
  name?: string | null;
  locale?: string;
  interests?: string[];
  relationships?: Relationship[];
  consents?: ConsentPurpose[];
  withdrawn?: ConsentPurpose[];
  anonymized?: boolean;
};

export async function createPerson(db: PrismaClient, options: PersonOptions = {}) {
  const email = `person-${hex()}@example.com`;
  const anonymized = options.anonymized ?? false;
  const person = await db.participant.create({
    data: {
      email: anonymized ? null : email,
      emailNormalized: anonymized ? null : email,
      name: options.name === undefined ? `参加者 ${hex()}` : options.name,
      locale: options.locale ?? "ja",
      interests: options.interests ?? [],
      relationships: options.relationships ?? [],
      anonymizedAt: anonymized ? new Date() : null,
    },
  });
  for (const purpose of options.consents ?? []) {
    await db.consent.create({ data: { participantId: person.id, purpose, version: "test" } });
  }
  for (const purpose of options.withdrawn ?? []) {
    await db.consent.create({ data: { participantId: person.id, purpose, version: "test", withdrawnAt: new Date() } });
  }
  return { ...person, address: email };
}

export async function register(db: PrismaClient, eventId: string, participantId: string, status: RegistrationStatus, createdAt = new Date()) {
  const person = await db.participant.findUniqueOrThrow({ where: { id: participantId } });
  return db.registration.create({
    data: {
      eventId,
      participantId,
      emailNormalized: person.emailNormalized,
      status,
      manageTokenHash: `test-${hex()}${hex()}`,
      checkinCode: hex().toUpperCase(),
      createdAt,
    },
  });
}

export async function suppress(db: PrismaClient, address: string, category: MailCategory) {
  await db.suppression.create({ data: { emailNormalized: address, category, reason: "UNSUBSCRIBE" } });
}

/** An event organised by one organisation alone (no city co-host). */
export async function createOwnEvent(db: PrismaClient, organizationId: string, startsAt = new Date(Date.now() - 7 * 86_400_000)) {
  return db.event.create({
    data: {
      slug: `own-${hex()}`,
      status: "CLOSED",
      ownerOrganizationId: organizationId,
      titleJa: `イベント ${hex()}`,
      titleEn: "Event",
      descriptionJa: "説明",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      organizers: { create: [{ organizationId, role: "HOST" }] },
    },
  });
}

export function segment(change: Partial<CampaignSegment> = {}): CampaignSegment {
  return { eventIds: [], statuses: [], interests: [], relationships: [], ...change };
}

export async function createCampaignRow(
  db: PrismaClient,
  organizationId: string,
  options: { category?: "FOLLOW_UP" | "WDL_NEWS" | "CITY_NEWS"; segment?: CampaignSegment; status?: "DRAFT" | "SCHEDULED"; scheduledAt?: Date } = {},
) {
  return db.campaign.create({
    data: {
      organizationId,
      category: options.category ?? "FOLLOW_UP",
      subjectJa: "{{eventTitle}} のご参加ありがとうございました",
      bodyJa: "{{name}} 様\n\nアンケートにご協力ください。",
      segment: options.segment ?? segment(),
      status: options.status ?? "DRAFT",
      scheduledAt: options.scheduledAt ?? null,
    },
  });
}

/** A WDL-kind organisation of its own, so a test's "everyone in our scope" is only that test's people. */
export async function createOrganization(db: PrismaClient) {
  const slug = `org-${hex()}`;
  return db.organization.create({ data: { slug, kind: "WDL", nameJa: `団体 ${slug}`, nameEn: `Org ${slug}` } });
}
