import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { ConsentPurpose } from "@/lib/generated/prisma/enums";
import { cancelRegistration } from "@/lib/registrations/mutations";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { deletionRequestScope } from "@/lib/participants/data";

// Deleting a person's data (APPI; DESIGN.md §4): the person is anonymised everywhere, not erased, so the city's
// past figures (実人数, 延べ人数, the funnel) stay true while nothing identifies them any more. What is kept is what
// the figures group by: prefecture, relationships, interests (coarse, never with a name or address), each
// registration's state, dates, how they heard and the campaign tags, survey scores. Everything a person typed
// or that reaches them is removed: name, furigana, email, affiliation, municipality, skills, answers, survey
// comments, activity notes, staff notes, links (manage link, page links), pending mail. Upcoming seats are
// given back first (the waitlist moves up). The provision records stay: they are the legal record that the city
// received a copy, and the deletion request lists them so the city can be told to delete its copy too.

export type AnonymizeOutcome =
  | { ok: true; deletionRequestId: string; registrationsCancelled: number; mailsCancelled: number; cityProvisions: number }
  | { ok: false; reason: "not_found" | "already_anonymized" };

export async function anonymizeParticipant(
  participantId: string,
  options: { via: "participant_page" | "staff" | "retention"; now?: Date },
): Promise<AnonymizeOutcome> {
  const db = getDb();
  const person = await db.participant.findUnique({ where: { id: participantId }, select: { id: true, anonymizedAt: true, email: true, emailNormalized: true } });
  if (!person) return { ok: false, reason: "not_found" };
  if (person.anonymizedAt) return { ok: false, reason: "already_anonymized" };
  const now = options.now ?? new Date();

  // Seats for events that have not started go back to the waitlist, each in its own seat transaction.
  const upcoming = await db.registration.findMany({
    where: { participantId, status: { in: ["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED"] }, event: { startsAt: { gt: now } } },
    select: { id: true },
  });
  let registrationsCancelled = 0;
  for (const registration of upcoming) {
    const outcome = await cancelRegistration(registration.id, { type: "PARTICIPANT" }, { reason: "data_deleted" });
    if (outcome.ok) registrationsCancelled += 1;
  }

  return db.$transaction(async (tx) => {
    // Guarded: two deletions of the same person at once anonymise once.
    const claimed = await tx.participant.updateMany({
      where: { id: participantId, anonymizedAt: null },
      data: {
        anonymizedAt: now,
        email: null,
        emailNormalized: null,
        name: null,
        furigana: null,
        affiliation: null,
        municipality: null,
        skills: [],
        emailVerifiedAt: null,
      },
    });
    if (claimed.count === 0) return { ok: false, reason: "already_anonymized" } as const;

    const registrations = await tx.registration.findMany({ where: { participantId }, select: { id: true } });
    const ids = registrations.map((r) => r.id);
    await tx.answer.deleteMany({ where: { registrationId: { in: ids } } });
    // The manage link dies with the person: its hash is replaced by one nobody holds the token of.
    for (const id of ids) {
      await tx.registration.update({
        where: { id },
        data: {
          emailNormalized: null,
          staffNote: null,
          howHeardOther: null,
          utmTerm: null,
          utmContent: null,
          answersPurgedAt: now,
          manageTokenHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
        },
      });
    }
    await tx.surveyResponse.updateMany({ where: { participantId }, data: { comment: null } });
    await tx.activity.updateMany({ where: { participantId }, data: { note: null } });
    await tx.consent.updateMany({ where: { participantId, withdrawnAt: null }, data: { withdrawnAt: now, withdrawnVia: "deletion" } });
    // Revoked (not deleted) at the moment of deletion: the link used to delete still shows the result page
    // (lib/participants/links/data.ts resolveDeletedPageToken), and opens nothing else.
    await tx.participantAccessToken.updateMany({ where: { participantId, revokedAt: null }, data: { revokedAt: now } });
    await tx.pendingSignupChange.deleteMany({ where: { participantId } });
    const cancelled = await tx.outboxMessage.updateMany({
      where: { participantId, status: { in: ["PENDING", "SENDING"] } },
      data: { status: "CANCELLED", lastError: "data_deleted" },
    });
    // Mail already sent stays as a delivery record, without the address, name or content.
    await tx.outboxMessage.updateMany({ where: { participantId }, data: { toEmail: "", toName: null, payload: {} } });
    if (person.email) {
      // Rows written before the person row was linked (none are expected, but the address is what identifies).
      const addressed = { participantId: null, toEmail: { equals: person.email, mode: "insensitive" as const } };
      await tx.outboxMessage.updateMany({ where: { ...addressed, status: { in: ["PENDING", "SENDING"] } }, data: { status: "CANCELLED", lastError: "data_deleted" } });
      await tx.outboxMessage.updateMany({ where: addressed, data: { toEmail: "", toName: null, payload: {} } });
    }
    if (person.emailNormalized) {
      // The suppression list and the sign-up rate limit are keyed by the address: they go with it. Should the
      // person sign up again, that is a new relationship with new consents.
      await tx.suppression.deleteMany({ where: { emailNormalized: person.emailNormalized } });
      await tx.rateLimitBucket.deleteMany({ where: { key: `signup:email:${person.emailNormalized}` } });
    }
    const cityProvisions = await tx.provisionRecordItem.count({ where: { participantId } });
    const request = await tx.deletionRequest.create({
      data: {
        participantId,
        via: options.via,
        status: "COMPLETED",
        requestedAt: now,
        completedAt: now,
        cityProvisionCount: cityProvisions,
        detail: { registrations: ids.length, registrationsCancelled, mailsCancelled: cancelled.count, cityProvisions },
      },
      select: { id: true },
    });
    return { ok: true, deletionRequestId: request.id, registrationsCancelled, mailsCancelled: cancelled.count, cityProvisions } as const;
  });
}

/**
 * Withdraws one current consent of a person, from their own page. Withdrawal stops future use (DESIGN.md §4):
 * the outbox checks consents when it claims a mail, and the city's lists and exports show only people with a
 * current provision consent. What the city already received is not recalled by this: the page says so, and
 * deletion is the way to ask for that. Idempotent: false when there was nothing to withdraw.
 */
export async function withdrawConsent(participantId: string, purpose: ConsentPurpose, now: Date = new Date()): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    const withdrawn = await tx.consent.updateMany({
      where: { participantId, purpose, withdrawnAt: null, participant: { anonymizedAt: null } },
      data: { withdrawnAt: now, withdrawnVia: "participant_page" },
    });
    if (withdrawn.count === 0) return false;
    await tx.participant.update({ where: { id: participantId }, data: { lastActiveAt: now } });
    return true;
  });
}

/**
 * The audit trail of what a person did with their own data through their page (download, deletion). Written
 * under the organiser (WDL), whose admins read the log; the row names the person only by id.
 */
export async function recordParticipantAudit(participantId: string, action: "participant.export" | "participant.delete", detail: Record<string, unknown>): Promise<void> {
  const db = getDb();
  const organizer = await db.organization.findFirst({ where: { kind: "WDL" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  await db.auditLog.create({
    data: { actorUserId: null, organizationId: organizer?.id ?? null, action, targetType: "Participant", targetId: participantId, subjectCount: 1, detail: detail as never },
  });
}

export type CityCopyOutcome = { ok: true } | { ok: false; reason: "not_found" | "already_confirmed" | "no_city_copy" };

/**
 * A city admin confirms that the city deleted its own copy of a deleted person's data (the copy it received
 * under the provision consent). Recorded with date and who, and in the audit log, in one transaction; a
 * second confirmation changes nothing.
 */
export async function confirmCityCopyDeleted(staff: Pick<Staff, "id" | "organizationId" | "role">, requestId: string, now: Date = new Date()): Promise<CityCopyOutcome> {
  return getDb().$transaction(async (tx) => {
    const request = await tx.deletionRequest.findFirst({
      where: { AND: [{ id: requestId }, deletionRequestScope(staff)] },
      select: { id: true, cityProvisionCount: true, cityCopyDeletedAt: true },
    });
    if (!request) return { ok: false, reason: "not_found" } as const;
    if (request.cityProvisionCount === 0) return { ok: false, reason: "no_city_copy" } as const;
    const claimed = await tx.deletionRequest.updateMany({
      where: { id: requestId, cityCopyDeletedAt: null },
      data: { cityCopyDeletedAt: now, cityCopyDeletedById: staff.id },
    });
    if (claimed.count === 0) return { ok: false, reason: "already_confirmed" } as const;
    await tx.auditLog.create({
      data: {
        actorUserId: staff.id,
        organizationId: staff.organizationId,
        action: "deletionRequest.cityCopyDeleted",
        targetType: "DeletionRequest",
        targetId: requestId,
        subjectCount: 1,
        createdAt: now,
      },
    });
    return { ok: true } as const;
  });
}
