import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { cancelRegistration } from "@/lib/registrations/mutations";
import { getDb } from "@/lib/server/db";

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
  const person = await db.participant.findUnique({ where: { id: participantId }, select: { id: true, anonymizedAt: true } });
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
    await tx.participantAccessToken.deleteMany({ where: { participantId } });
    const cancelled = await tx.outboxMessage.updateMany({
      where: { participantId, status: { in: ["PENDING", "SENDING"] } },
      data: { status: "CANCELLED", lastError: "data_deleted" },
    });
    // Mail already sent stays as a delivery record, without the address, name or content.
    await tx.outboxMessage.updateMany({ where: { participantId }, data: { toEmail: "", toName: null, payload: {} } });
    const cityProvisions = await tx.provisionRecordItem.count({ where: { participantId } });
    const request = await tx.deletionRequest.create({
      data: {
        participantId,
        via: options.via,
        status: "COMPLETED",
        requestedAt: now,
        completedAt: now,
        detail: { registrations: ids.length, registrationsCancelled, mailsCancelled: cancelled.count, cityProvisions },
      },
      select: { id: true },
    });
    return { ok: true, deletionRequestId: request.id, registrationsCancelled, mailsCancelled: cancelled.count, cityProvisions } as const;
  });
}
