import "server-only";
import { getDb } from "@/lib/server/db";
import { tokenHash } from "@/lib/server/secrets";
import type { SignupQuestion } from "@/lib/registrations/schema";
import { SEAT_HOLDING_STATUSES } from "@/lib/registrations/states";

export type QuestionOption = { id: string; labelJa: string; labelEn?: string | null };

const questionSelect = {
  id: true,
  kind: true,
  labelJa: true,
  labelEn: true,
  helpJa: true,
  helpEn: true,
  required: true,
  options: true,
  sensitive: true,
} as const;

function withOptions<T extends { options: unknown }>(question: T): Omit<T, "options"> & { options: QuestionOption[] } {
  return { ...question, options: Array.isArray(question.options) ? (question.options as QuestionOption[]) : [] };
}

/** What the sign-up form and API need: the public event, its current questions and the seats taken. */
export async function getSignupEvent(slug: string) {
  const db = getDb();
  const event = await db.event.findFirst({
    where: { slug, status: { in: ["PUBLISHED", "CLOSED", "CANCELLED"] } },
    select: {
      id: true,
      slug: true,
      status: true,
      titleJa: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      format: true,
      venueName: true,
      capacity: true,
      waitlistEnabled: true,
      approvalRequired: true,
      reviewerKind: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
      questions: { where: { archivedAt: null }, orderBy: { position: "asc" }, select: questionSelect },
    },
  });
  if (!event) return null;
  const seatsTaken = await db.registration.count({
    where: { eventId: event.id, status: { in: [...SEAT_HOLDING_STATUSES] } },
  });
  return { ...event, seatsTaken, questions: event.questions.map(withOptions) };
}

export type SignupEvent = NonNullable<Awaited<ReturnType<typeof getSignupEvent>>>;

/**
 * What a sign-up itself needs, in one query: the event's id and its current questions (the form page needs more,
 * getSignupEvent). Every sign-up of a rush makes this read, so it is one round trip instead of three.
 */
export async function getSignupTarget(slug: string): Promise<{ id: string; cityReview: boolean; questions: SignupQuestion[] } | null> {
  const rows = await getDb().$queryRaw<{ id: string; cityReview: boolean; questions: { id: string; kind: SignupQuestion["kind"]; required: boolean; options: unknown }[] }[]>`
    SELECT e.id, (e."approvalRequired" AND e."reviewerKind" IS NOT DISTINCT FROM 'CITY') AS "cityReview",
           coalesce((SELECT json_agg(json_build_object('id', q.id, 'kind', q.kind, 'required', q.required, 'options', q.options) ORDER BY q.position)
                     FROM "EventQuestion" q WHERE q."eventId" = e.id AND q."archivedAt" IS NULL), '[]'::json) AS questions
    FROM "Event" e
    WHERE e.slug = ${slug} AND e.status IN ('PUBLISHED', 'CLOSED', 'CANCELLED')`;
  const event = rows[0];
  if (!event) return null;
  return { id: event.id, cityReview: event.cityReview, questions: event.questions.map(withOptions) };
}

/** The registration a manage link points at (the link's token is looked up by its hash only). */
export async function getRegistrationByManageToken(token: string) {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const db = getDb();
  const registration = await db.registration.findUnique({
    where: { manageTokenHash: tokenHash(token) },
    select: {
      id: true,
      status: true,
      locale: true,
      createdAt: true,
      waitlistedAt: true,
      offerExpiresAt: true,
      checkinCode: true,
      participantId: true,
      participant: { select: { name: true, email: true } },
      answers: { select: { questionId: true, text: true, choices: true } },
      event: {
        select: {
          id: true,
          slug: true,
          status: true,
          titleJa: true,
          titleEn: true,
          startsAt: true,
          endsAt: true,
          format: true,
          venueName: true,
          venueAddress: true,
          venueMapUrl: true,
          onlineUrl: true,
          questions: { where: { archivedAt: null }, orderBy: { position: "asc" }, select: questionSelect },
        },
      },
    },
  });
  if (!registration) return null;
  let waitlistPosition: number | null = null;
  if (registration.status === "WAITLISTED" && registration.waitlistedAt) {
    waitlistPosition =
      (await db.registration.count({
        where: {
          eventId: registration.event.id,
          status: "WAITLISTED",
          OR: [
            { waitlistedAt: { lt: registration.waitlistedAt } },
            { waitlistedAt: registration.waitlistedAt, id: { lte: registration.id } },
          ],
        },
      })) || null;
  }
  return {
    ...registration,
    waitlistPosition,
    event: { ...registration.event, questions: registration.event.questions.map(withOptions) },
  };
}

export type ManagedRegistration = NonNullable<Awaited<ReturnType<typeof getRegistrationByManageToken>>>;
