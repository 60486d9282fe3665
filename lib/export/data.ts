import "server-only";
import type { ExportAudience, ExportQuestion, ExportRow } from "@/lib/export/columns";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { eventScope } from "@/lib/staff/scope";

// Reads for registration exports. Every query carries the staff member's event scope, and for the city the
// consent rule: only people with a current provision consent (第三者提供, DESIGN.md §4). Rows are read in
// keyset batches (id order), so a 50,000-row export never holds more than one batch.

type Scoped = Pick<Staff, "organizationId">;

export const EXPORT_BATCH_SIZE = 1000;

/** The event to export with all its questions (archived ones too), or null outside the staff member's scope. */
export async function getExportEvent(staff: Scoped, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
  const event = await getDb().event.findFirst({
    where: { id: eventId, ...eventScope(staff) },
    select: {
      id: true,
      slug: true,
      titleJa: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      questions: {
        select: {
          id: true,
          position: true,
          kind: true,
          labelJa: true,
          labelEn: true,
          options: true,
          sensitive: true,
          cityVisible: true,
          archivedAt: true,
        },
      },
    },
  });
  if (!event) return null;
  const questions: ExportQuestion[] = event.questions.map((q) => ({
    ...q,
    options: Array.isArray(q.options) ? (q.options as ExportQuestion["options"]) : [],
  }));
  return { ...event, questions };
}

export type ExportEvent = NonNullable<Awaited<ReturnType<typeof getExportEvent>>>;

const currentCityConsent = { purpose: "CITY_PROVISION", withdrawnAt: null } as const;

function registrationWhere(staff: Scoped, eventId: string, audience: ExportAudience): Prisma.RegistrationWhereInput {
  return {
    eventId,
    event: eventScope(staff),
    ...(audience === "city" ? { participant: { anonymizedAt: null, consents: { some: currentCityConsent } } } : {}),
  };
}

/** How many rows the export will have. */
export async function countExportRows(staff: Scoped, eventId: string, audience: ExportAudience): Promise<number> {
  return getDb().registration.count({ where: registrationWhere(staff, eventId, audience) });
}

/**
 * The people a city export will contain and the consent each is exported under: the persons of the
 * provision record, written before any row leaves (APPI art. 29). Only ids, so 50,000 people stay small.
 */
export async function listCityExportPersons(staff: Scoped, eventId: string): Promise<{ participantId: string; consentId: string }[]> {
  // From the consent side: one current CITY_PROVISION consent per person (partial unique index), one query.
  const consents = await getDb().consent.findMany({
    where: { ...currentCityConsent, participant: { anonymizedAt: null, registrations: { some: { eventId, event: eventScope(staff) } } } },
    select: { id: true, participantId: true },
  });
  return consents.map((c) => ({ participantId: c.participantId, consentId: c.id }));
}

type RawExportRow = Omit<ExportRow, "participant" | "answers"> & {
  participantId: string;
  name: string | null;
  furigana: string | null;
  email: string | null;
  affiliation: string | null;
  prefectureCode: string | null;
  municipality: string | null;
  relationships: string[];
  interests: string[];
  answers: ExportRow["answers"] | null;
};

/**
 * One batch of export rows after `after` (registration id, exclusive), in id order. The city's rows carry
 * no email and no utm/ref, and only the answers to the questions it may see (`questionIds`), so nothing else
 * is even read. One statement with each row's answers aggregated in it: findMany's three statements per
 * batch and their assembly in JS were most of an export's time (measured by tests/bench/export.ts).
 */
export async function readExportBatch(
  staff: Scoped,
  eventId: string,
  options: { audience: ExportAudience; questionIds: string[]; after: string | null; take: number },
): Promise<ExportRow[]> {
  const city = options.audience === "city";
  const rows = await getDb().$queryRaw<RawExportRow[]>`
    SELECT r.id, r.status::text AS status, r."createdAt", r."checkedInAt", coalesce(r."relationshipsAtSignup"::text[], '{}') AS "relationshipsAtSignup",
           r."howHeard"::text AS "howHeard", r."howHeardOther",
           ${city ? Prisma.sql`NULL::text AS "utmSource", NULL::text AS "utmMedium", NULL::text AS "utmCampaign", NULL::text AS "utmTerm", NULL::text AS "utmContent", NULL::text AS ref`
                  : Prisma.sql`r."utmSource", r."utmMedium", r."utmCampaign", r."utmTerm", r."utmContent", r.ref`},
           p.id AS "participantId", p.name, p.furigana, ${city ? Prisma.sql`NULL::text` : Prisma.sql`p.email`} AS email, p.affiliation,
           p."prefectureCode", p.municipality, coalesce(p.relationships::text[], '{}') AS relationships, coalesce(p.interests, '{}') AS interests,
           (SELECT json_agg(json_build_object('questionId', a."questionId", 'text', a.text, 'choices', a.choices))
            FROM "Answer" a WHERE a."registrationId" = r.id AND a."questionId" = ANY(${options.questionIds}::uuid[])) AS answers
    FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
    -- (Prisma's list columns are nullable in the database; a row written outside Prisma may hold NULL.)
    WHERE r."eventId" = ${eventId}::uuid
      -- eventScope(staff) and, for the city, registrationWhere's consent rule, in SQL.
      AND EXISTS (SELECT 1 FROM "EventOrganizer" o WHERE o."eventId" = r."eventId" AND o."organizationId" = ${staff.organizationId}::uuid)
      ${city ? Prisma.sql`AND p."anonymizedAt" IS NULL AND EXISTS (SELECT 1 FROM "Consent" c WHERE c."participantId" = p.id AND c.purpose = 'CITY_PROVISION' AND c."withdrawnAt" IS NULL)` : Prisma.empty}
      ${options.after ? Prisma.sql`AND r.id > ${options.after}::uuid` : Prisma.empty}
    ORDER BY r.id
    LIMIT ${options.take}`;
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    createdAt: r.createdAt,
    checkedInAt: r.checkedInAt,
    relationshipsAtSignup: r.relationshipsAtSignup,
    howHeard: r.howHeard,
    howHeardOther: r.howHeardOther,
    utmSource: r.utmSource,
    utmMedium: r.utmMedium,
    utmCampaign: r.utmCampaign,
    utmTerm: r.utmTerm,
    utmContent: r.utmContent,
    ref: r.ref,
    participant: {
      id: r.participantId,
      name: r.name,
      furigana: r.furigana,
      ...(city ? {} : { email: r.email }),
      affiliation: r.affiliation,
      prefectureCode: r.prefectureCode,
      municipality: r.municipality,
      relationships: r.relationships,
      interests: r.interests,
    },
    answers: r.answers ?? [],
  }));
}

/** All export rows, batch by batch: the next batch is read only when the previous one has been written. */
export async function* exportBatches(
  staff: Scoped,
  eventId: string,
  options: { audience: ExportAudience; questionIds: string[]; batchSize?: number },
): AsyncGenerator<ExportRow[], void, undefined> {
  const take = options.batchSize ?? EXPORT_BATCH_SIZE;
  let after: string | null = null;
  for (;;) {
    const batch = await readExportBatch(staff, eventId, { ...options, after, take });
    if (batch.length > 0) yield batch;
    if (batch.length < take) return;
    after = batch[batch.length - 1]!.id;
  }
}
