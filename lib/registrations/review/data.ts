import "server-only";
import { recordAudit, recordProvision } from "@/lib/audit/mutations";
import { getStaffEvent } from "@/lib/events/staff/data";
import type { QuestionOption } from "@/lib/registrations/data";
import { isReviewQuestion, reviewProvisionItems } from "@/lib/registrations/review/items";
import { reviewAccess, reviewerKindOf, type OrganizationKind } from "@/lib/registrations/review/policy";
import { cityParticipantSelect, toCityParticipant, type CityParticipant } from "@/lib/registrations/staff/city";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can, isCityRole } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";

// An approval event's review queue: the pending applicants with what the reviewer decides on
// (lib/registrations/review/items.ts). The scope is in every `where` (another organisation's event is null, as
// if it did not exist). City reviewers see only applicants with a current review consent (CITY_REVIEW, asked on
// the sign-up form of every event the city reviews), whatever their general provision consent; each view is
// audited and, for the city, a provision record naming each person and the review consent it relied on.

type StaffRef = Pick<Staff, "id" | "organizationId" | "role">;
type Context = { ip?: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many applicants one view shows (oldest first); decisions go up to 100 at a time. */
export const REVIEW_QUEUE_LIMIT = 200;

export type ReviewQuestion = {
  id: string;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  labelJa: string;
  labelEn: string | null;
  options: QuestionOption[];
};

export type ReviewApplicant = {
  id: string;
  appliedAt: Date;
  participant: CityParticipant;
  answers: Record<string, { text: string | null; choices: string[] }>;
};

export type ReviewQueue = {
  event: { id: string; titleJa: string; titleEn: string | null; startsAt: Date; endsAt: Date; capacity: number | null; seatsTaken: number };
  /** null: the event takes no approval, so there is nothing to review. */
  reviewer: OrganizationKind | null;
  access: "decide" | "read";
  questions: ReviewQuestion[];
  applicants: ReviewApplicant[];
  /** All pending applications, those shown included. */
  pendingTotal: number;
  /** Pending applicants the city may not see: no current review consent (withdrawn, or applied before review moved to the city). */
  withoutConsent: number;
};

const reviewConsent = { purpose: "CITY_REVIEW", withdrawnAt: null } as const;

export async function getReviewQueue(staff: StaffRef, eventId: string, context: Context = {}): Promise<ReviewQueue | null> {
  const event = await getStaffEvent(staff, eventId);
  if (!event) return null;
  const access = reviewAccess(staff, event);
  const reviewer = reviewerKindOf(event);
  const city = isCityRole(staff.role);
  const db = getDb();
  // An event without approval has no queue: the organisers are told so; the city has nothing here at all.
  if (!reviewer && !city && can(staff.role, "registrations.review")) {
    return {
      event: { id: event.id, titleJa: event.titleJa, titleEn: event.titleEn, startsAt: event.startsAt, endsAt: event.endsAt, capacity: event.capacity, seatsTaken: 0 },
      reviewer: null,
      access: "read",
      questions: [],
      applicants: [],
      pendingTotal: 0,
      withoutConsent: 0,
    };
  }
  if (!access || !reviewer) return null;

  const questions = event.questions.filter(isReviewQuestion);
  const pendingWhere = { eventId: event.id, status: "PENDING" as const };
  const visibleWhere = city ? { ...pendingWhere, participant: { consents: { some: reviewConsent } } } : pendingWhere;
  const [pendingTotal, visibleTotal, seatsTaken, found] = await Promise.all([
    db.registration.count({ where: pendingWhere }),
    db.registration.count({ where: visibleWhere }),
    db.registration.count({ where: { eventId: event.id, status: { in: ["CONFIRMED", "OFFERED", "ATTENDED"] } } }),
    db.registration.findMany({
      where: visibleWhere,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: REVIEW_QUEUE_LIMIT,
      select: {
        id: true,
        createdAt: true,
        answersPurgedAt: true,
        participant: { select: { ...cityParticipantSelect, consents: { where: reviewConsent, select: { id: true } } } },
        answers: { where: { questionId: { in: questions.map((q) => q.id) } }, select: { questionId: true, text: true, choices: true } },
      },
    }),
  ]);

  // Re-checked on the rows themselves: a consent withdrawn between the statements hides the person.
  const shown = city ? found.filter((r) => r.participant.consents.length > 0) : found;
  const applicants: ReviewApplicant[] = shown.map((r) => ({
    id: r.id,
    appliedAt: r.createdAt,
    participant: toCityParticipant(r.participant),
    answers: r.answersPurgedAt ? {} : Object.fromEntries(r.answers.map((a) => [a.questionId, { text: a.text, choices: a.choices }])),
  }));

  const participantIds = [...new Set(shown.map((r) => r.participant.id))];
  if (city) {
    const persons = new Map<string, { participantId: string; consentId: string }>();
    for (const r of shown) persons.set(r.participant.id, { participantId: r.participant.id, consentId: r.participant.consents[0]!.id });
    await recordProvision(staff, { kind: "VIEW", eventId: event.id, items: reviewProvisionItems(event.questions), persons: [...persons.values()] });
  }
  await recordAudit(staff, {
    action: "registrations.review_queue",
    targetType: "Event",
    targetId: event.id,
    eventId: event.id,
    subjectCount: participantIds.length,
    detail: { access, participantIds },
    ip: context.ip,
  });

  return {
    event: { id: event.id, titleJa: event.titleJa, titleEn: event.titleEn, startsAt: event.startsAt, endsAt: event.endsAt, capacity: event.capacity, seatsTaken },
    reviewer,
    access,
    questions: questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      labelJa: q.labelJa,
      labelEn: q.labelEn,
      options: Array.isArray(q.options) ? (q.options as QuestionOption[]) : [],
    })),
    applicants,
    pendingTotal,
    withoutConsent: city ? pendingTotal - visibleTotal : 0,
  };
}

/**
 * The selected applications a reviewer may decide on: pending, of this event in the staff member's scope, and for
 * the city only those it may see (a current review consent). Anything else is simply not found.
 */
export async function findReviewableApplications(staff: StaffRef, eventId: string, ids: string[]) {
  if (!UUID.test(eventId) || ids.length === 0) return [];
  return getDb().registration.findMany({
    where: {
      id: { in: ids.filter((id) => UUID.test(id)) },
      eventId,
      status: "PENDING",
      event: eventScope(staff),
      ...(isCityRole(staff.role) ? { participant: { consents: { some: reviewConsent } } } : {}),
    },
    select: { id: true, participant: { select: { name: true } } },
  });
}
