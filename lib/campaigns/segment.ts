import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { CONSENT_FOR_CATEGORY, type CampaignCategory } from "@/lib/mail/categories";
import type { CampaignSegment } from "@/lib/campaigns/schema";

// The recipients of a campaign, defined ONCE, in SQL: the count on the campaign page, the preview recipient
// and the fan-out into the outbox all select from segmentRecipients(), so they can never disagree.
//
// Who: people with a registration, in a chosen state, for an event the organisation organises (the events
// eventScope() gives staff: EventOrganizer rows of the organisation), narrowed by the person's interests and
// relationships (any of the chosen ones). One row per person: the merge values come from their most recent
// matching registration (and its event). Anonymised people (anonymizedAt set, or the address gone) are never
// recipients.
//
// Skipped (written as SUPPRESSED rows by the fan-out, so the organiser sees who and why): people who stopped
// this kind of mail (a Suppression row for the address and category), and, for kinds of mail that need a
// consent (news), people without a current one. The worker checks both again when it sends.

export type SkipReason = "unsubscribed" | "no_consent";

/** One recipient, as the segment query returns it (columns named as the outbox takes them). */
export type SegmentRecipient = {
  participantId: string;
  registrationId: string;
  eventId: string;
  email: string;
  name: string | null;
  locale: string;
  eventTitleJa: string;
  eventTitleEn: string | null;
  eventStartsAt: Date;
  skipReason: SkipReason | null;
};

function segmentConditions(organizationId: string, segment: CampaignSegment): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [
    Prisma.sql`EXISTS (SELECT 1 FROM "EventOrganizer" o WHERE o."eventId" = r."eventId" AND o."organizationId" = ${organizationId}::uuid)`,
    Prisma.sql`p."anonymizedAt" IS NULL`,
    Prisma.sql`p.email IS NOT NULL`,
    Prisma.sql`p."emailNormalized" IS NOT NULL`,
  ];
  if (segment.eventIds.length > 0) parts.push(Prisma.sql`r."eventId" = ANY(${segment.eventIds}::uuid[])`);
  if (segment.statuses.length > 0) parts.push(Prisma.sql`r.status = ANY(${segment.statuses}::text[]::"RegistrationStatus"[])`);
  if (segment.interests.length > 0) parts.push(Prisma.sql`p.interests && ${segment.interests}::text[]`);
  if (segment.relationships.length > 0) parts.push(Prisma.sql`p.relationships && ${segment.relationships}::text[]::"Relationship"[]`);
  return parts;
}

function skipReason(category: CampaignCategory): Prisma.Sql {
  const purpose = CONSENT_FOR_CATEGORY[category];
  const unsubscribed = Prisma.sql`WHEN EXISTS (
    SELECT 1 FROM "Suppression" s WHERE s."emailNormalized" = m."emailNormalized" AND s.category = ${category}::"MailCategory"
  ) THEN 'unsubscribed'`;
  const noConsent =
    purpose === null
      ? Prisma.empty
      : Prisma.sql`WHEN NOT EXISTS (
    SELECT 1 FROM "Consent" c WHERE c."participantId" = m."participantId" AND c.purpose = ${purpose}::"ConsentPurpose" AND c."withdrawnAt" IS NULL
  ) THEN 'no_consent'`;
  return Prisma.sql`CASE ${unsubscribed} ${noConsent} END`;
}

/**
 * The recipients of a segment for an organisation and a kind of mail, as a sub-select (alias it). Ordered by
 * person id (time-ordered uuids: the person who first signed up comes first), so "the first recipient" is
 * stable.
 */
export function segmentRecipients(organizationId: string, category: CampaignCategory, segment: CampaignSegment): Prisma.Sql {
  const where = Prisma.join(segmentConditions(organizationId, segment), " AND ");
  return Prisma.sql`(
    SELECT m."participantId", m."registrationId", m."eventId", m.email, m.name, m.locale,
           m."eventTitleJa", m."eventTitleEn", m."eventStartsAt", ${skipReason(category)} AS "skipReason"
    FROM (
      SELECT DISTINCT ON (p.id)
        p.id AS "participantId", r.id AS "registrationId", e.id AS "eventId", p.email, p."emailNormalized", p.name,
        p.locale, e."titleJa" AS "eventTitleJa", e."titleEn" AS "eventTitleEn", e."startsAt" AS "eventStartsAt"
      FROM "Registration" r
      JOIN "Participant" p ON p.id = r."participantId"
      JOIN "Event" e ON e.id = r."eventId"
      WHERE ${where}
      ORDER BY p.id, r."createdAt" DESC, r.id DESC
    ) m
  )`;
}
