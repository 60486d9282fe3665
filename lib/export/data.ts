import "server-only";
import type { ExportAudience, ExportQuestion, ExportRow } from "@/lib/export/columns";
import type { Prisma } from "@/lib/generated/prisma/client";
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

/**
 * One batch of export rows after `after` (registration id, exclusive), in id order. The city's rows carry
 * no email and only the answers to the questions it may see (`questionIds`), so nothing else is even read.
 */
export async function readExportBatch(
  staff: Scoped,
  eventId: string,
  options: { audience: ExportAudience; questionIds: string[]; after: string | null; take: number },
): Promise<ExportRow[]> {
  const city = options.audience === "city";
  const rows = await getDb().registration.findMany({
    where: { ...registrationWhere(staff, eventId, options.audience), ...(options.after ? { id: { gt: options.after } } : {}) },
    orderBy: { id: "asc" },
    take: options.take,
    select: {
      id: true,
      status: true,
      createdAt: true,
      checkedInAt: true,
      relationshipsAtSignup: true,
      howHeard: true,
      howHeardOther: true,
      utmSource: !city,
      utmMedium: !city,
      utmCampaign: !city,
      utmTerm: !city,
      utmContent: !city,
      ref: !city,
      participant: {
        select: {
          id: true,
          name: true,
          furigana: true,
          email: !city,
          affiliation: true,
          prefectureCode: true,
          municipality: true,
          relationships: true,
          interests: true,
        },
      },
      answers: { where: { questionId: { in: options.questionIds } }, select: { questionId: true, text: true, choices: true } },
    },
  });
  return rows.map((r) => ({
    ...r,
    utmSource: r.utmSource ?? null,
    utmMedium: r.utmMedium ?? null,
    utmCampaign: r.utmCampaign ?? null,
    utmTerm: r.utmTerm ?? null,
    utmContent: r.utmContent ?? null,
    ref: r.ref ?? null,
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
