import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/mutations";
import type { Prisma } from "@/lib/generated/prisma/client";
import { cancelEvent, changeCapacity } from "@/lib/registrations/mutations";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";
import { SLUG_MAX, type EventInput, type FieldErrors, type QuestionInput } from "@/lib/events/staff/schema";

// What organisers do to events: create, edit, duplicate, publish, close, cancel, and the event's own
// questions. Every function takes the staff member explicitly (server actions pass the one requireStaff()
// re-read from the database), checks the permission again, and carries the organisation scope in its `where`,
// so an id of another organisation's event answers "not_found" exactly like an id that does not exist.
// Status changes are guarded in SQL (`updateMany … where status = …`): a double click changes nothing twice.
// Seats are never touched here: capacity goes through changeCapacity and cancelling through cancelEvent
// (lib/registrations/mutations.ts), which hold the event lock.

export type StaffActor = Pick<Staff, "id" | "organizationId" | "role">;

export type Refusal = { ok: false; reason: "not_found" | "not_allowed" | "ended" };
export type Invalid = { ok: false; errors: FieldErrors };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = { ok: false, reason: "not_found" } as const;
const notAllowed = { ok: false, reason: "not_allowed" } as const;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Whether this staff member may manage this id at all (permission and a well-formed id). */
function mayManage(staff: StaffActor, eventId: string): boolean {
  return can(staff.role, "events.manage") && UUID.test(eventId);
}

/** The event, if it is in the staff member's scope. */
async function scopedEvent(staff: StaffActor, eventId: string) {
  return getDb().event.findFirst({ where: { id: eventId, ...eventScope(staff) } });
}

// ───────────────────────────── Create and edit ─────────────────────────────

function eventData(input: EventInput) {
  const { capacity: _capacity, ...fields } = input;
  return fields;
}

/**
 * A new event, as a draft owned by the staff member's organisation. Both partners organise it: the owner
 * hosts, 大垣市 (the organisation of kind CITY) co-hosts, which is what gives city staff access to it.
 */
export async function createStaffEvent(staff: StaffActor, input: EventInput): Promise<{ ok: true; eventId: string; slug: string } | Invalid | Refusal> {
  if (!can(staff.role, "events.manage")) return notFound;
  const db = getDb();
  const city = await db.organization.findFirst({ where: { kind: "CITY" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  const organizers: { organizationId: string; role: "HOST" | "CO_HOST" }[] = [{ organizationId: staff.organizationId, role: "HOST" }];
  if (city && city.id !== staff.organizationId) organizers.push({ organizationId: city.id, role: "CO_HOST" });
  try {
    const event = await db.event.create({
      data: {
        ...eventData(input),
        // A new event has no registrations yet, so its first capacity is not a seat change.
        capacity: input.capacity,
        status: "DRAFT",
        ownerOrganizationId: staff.organizationId,
        createdById: staff.id,
        organizers: { create: organizers },
      },
      select: { id: true, slug: true },
    });
    await recordAudit(staff, { action: "event.create", targetType: "Event", targetId: event.id, eventId: event.id, detail: { slug: event.slug } });
    return { ok: true, eventId: event.id, slug: event.slug };
  } catch (error) {
    // The unique index settles a race between two organisers choosing the same slug.
    if (isUniqueViolation(error)) return { ok: false, errors: { slug: { code: "slug_taken" } } };
    throw error;
  }
}

const COMPARED_FIELDS = [
  "slug", "titleJa", "titleEn", "summaryJa", "summaryEn", "descriptionJa", "descriptionEn", "startsAt", "endsAt", "format",
  "area", "kind", "venueName", "venueAddress", "venueMapUrl", "onlineUrl", "waitlistEnabled", "approvalRequired", "reviewerKind",
  "registrationOpensAt", "registrationClosesAt", "feeJa", "feeEn", "offerHoldHours", "reminderHoursBefore", "surveyEnabled",
  "surveyDelayHours",
] as const;

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * Saves the edit form. A changed capacity goes first, through the seat rules: lowering it below the seats
 * already taken is refused with the number taken and nothing else is saved; raising it offers the new seats to
 * the waitlist at once. A cancelled event is not edited any more.
 */
export async function updateStaffEvent(
  staff: StaffActor,
  eventId: string,
  input: EventInput,
): Promise<{ ok: true; changed: string[]; offered: number } | Invalid | Refusal> {
  if (!mayManage(staff, eventId)) return notFound;
  const db = getDb();
  const current = await scopedEvent(staff, eventId);
  if (!current) return notFound;
  if (current.status === "CANCELLED") return notAllowed;

  const changed = COMPARED_FIELDS.filter((field) => !same(current[field], input[field]));
  // A taken slug is the likely mistake: say so before anything is saved (the unique index still decides below).
  if (changed.includes("slug")) {
    const taken = await db.event.count({ where: { slug: input.slug, id: { not: eventId } } });
    if (taken > 0) return { ok: false, errors: { slug: { code: "slug_taken" } } };
  }

  let offered = 0;
  if (input.capacity !== current.capacity) {
    const result = await changeCapacity(eventId, input.capacity, { type: "STAFF", userId: staff.id });
    if (!result.ok) {
      if (result.reason === "not_found") return notFound;
      return { ok: false, errors: { capacity: { code: "capacity_below_taken", params: { taken: result.seatsTaken } } } };
    }
    offered = result.offered;
    await recordAudit(staff, {
      action: "event.capacity",
      targetType: "Event",
      targetId: eventId,
      eventId,
      detail: { from: current.capacity, to: input.capacity, offered },
    });
  }

  if (changed.length > 0) {
    try {
      const updated = await db.event.updateMany({
        where: { id: eventId, ...eventScope(staff), status: { not: "CANCELLED" } },
        data: Object.fromEntries(changed.map((field) => [field, input[field]])) as Prisma.EventUpdateManyMutationInput,
      });
      if (updated.count === 0) return notAllowed;
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: false, errors: { slug: { code: "slug_taken" } } };
      throw error;
    }
    await recordAudit(staff, { action: "event.update", targetType: "Event", targetId: eventId, eventId, detail: { fields: changed } });
  }
  return { ok: true, changed: input.capacity !== current.capacity ? [...changed, "capacity"] : changed, offered };
}

// ───────────────────────────── Status changes ─────────────────────────────

/** Why a guarded update changed nothing: the event is not there for this staff member, or not in that state. */
async function refusal(staff: StaffActor, eventId: string): Promise<Refusal> {
  return (await scopedEvent(staff, eventId)) ? notAllowed : notFound;
}

/** DRAFT → PUBLISHED: the event appears on the public list and takes sign-ups. Not once it is over. */
export async function publishStaffEvent(staff: StaffActor, eventId: string, now = new Date()): Promise<{ ok: true } | Refusal> {
  if (!mayManage(staff, eventId)) return notFound;
  const updated = await getDb().event.updateMany({
    where: { id: eventId, ...eventScope(staff), status: "DRAFT", endsAt: { gt: now } },
    data: { status: "PUBLISHED", publishedAt: now },
  });
  if (updated.count === 0) {
    const event = await scopedEvent(staff, eventId);
    if (!event) return notFound;
    return event.status === "DRAFT" ? { ok: false, reason: "ended" } : notAllowed;
  }
  await recordAudit(staff, { action: "event.publish", targetType: "Event", targetId: eventId, eventId });
  return { ok: true };
}

/** PUBLISHED → CLOSED: sign-ups stop; the event stays on the public list, and its registrations stand. */
export async function closeStaffEvent(staff: StaffActor, eventId: string, now = new Date()): Promise<{ ok: true } | Refusal> {
  if (!mayManage(staff, eventId)) return notFound;
  const updated = await getDb().event.updateMany({
    where: { id: eventId, ...eventScope(staff), status: "PUBLISHED" },
    data: { status: "CLOSED", closedAt: now },
  });
  if (updated.count === 0) return refusal(staff, eventId);
  await recordAudit(staff, { action: "event.close", targetType: "Event", targetId: eventId, eventId });
  return { ok: true };
}

/**
 * Cancels the event: every active registration is cancelled and mailed, in the same transaction as the status
 * change (cancelEvent holds the event lock and refuses a second cancellation).
 */
export async function cancelStaffEvent(
  staff: StaffActor,
  eventId: string,
  reason: string,
): Promise<{ ok: true; notified: number } | Refusal> {
  if (!mayManage(staff, eventId)) return notFound;
  const event = await scopedEvent(staff, eventId);
  if (!event) return notFound;
  if (event.status === "CANCELLED") return notAllowed;
  const result = await cancelEvent(eventId, reason, { type: "STAFF", userId: staff.id });
  if (!result.ok) return { ok: false, reason: result.reason };
  await recordAudit(staff, {
    action: "event.cancel",
    targetType: "Event",
    targetId: eventId,
    eventId,
    subjectCount: result.notified,
    detail: { reason, from: event.status },
  });
  return { ok: true, notified: result.notified };
}

/** `<slug>-copy-N`, shortened so it stays a valid slug. */
function copySlug(slug: string, n: number): string {
  const suffix = `-copy-${n}`;
  return `${slug.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/**
 * A draft copy of the event (for the next date of a series): same content, organisers and current questions
 * (new ids; options keep theirs), no registrations. The slug is the first free `<slug>-copy-N`; two organisers
 * copying at once are settled by the unique index (the loser takes the next N).
 */
export async function duplicateStaffEvent(staff: StaffActor, eventId: string): Promise<{ ok: true; eventId: string; slug: string } | Refusal> {
  if (!mayManage(staff, eventId)) return notFound;
  const db = getDb();
  const source = await db.event.findFirst({
    where: { id: eventId, ...eventScope(staff) },
    include: { organizers: true, questions: { where: { archivedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] } },
  });
  if (!source) return notFound;
  // Copies made before (of any length of slug, the stem of `-copy-1` finds them); the unique index decides anyway.
  const stem = copySlug(source.slug, 1).slice(0, -1);
  const existing = await db.event.findMany({ where: { slug: { startsWith: stem } }, select: { slug: true } });
  const taken = new Set(existing.map((e) => e.slug));

  const {
    id: _id,
    slug: _slug,
    status: _status,
    createdById: _createdBy,
    publishedAt: _published,
    closedAt: _closed,
    cancelledAt: _cancelled,
    cancelReason: _reason,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    organizers,
    questions,
    ...content
  } = source;

  for (let n = 1, attempts = 0; attempts < 20; n++) {
    const slug = copySlug(source.slug, n);
    if (taken.has(slug)) continue;
    attempts++;
    try {
      const copy = await db.event.create({
        data: {
          ...content,
          slug,
          status: "DRAFT",
          createdById: staff.id,
          organizers: { create: organizers.map((o) => ({ organizationId: o.organizationId, role: o.role })) },
          questions: {
            create: questions.map((q, i) => ({
              position: i + 1,
              kind: q.kind,
              labelJa: q.labelJa,
              labelEn: q.labelEn,
              helpJa: q.helpJa,
              helpEn: q.helpEn,
              required: q.required,
              options: q.options as Prisma.InputJsonValue,
              sensitive: q.sensitive,
              cityVisible: q.cityVisible,
            })),
          },
        },
        select: { id: true, slug: true },
      });
      await recordAudit(staff, { action: "event.duplicate", targetType: "Event", targetId: copy.id, eventId: copy.id, detail: { from: eventId, slug } });
      return { ok: true, eventId: copy.id, slug: copy.slug };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      taken.add(slug);
    }
  }
  throw new Error("no free slug for the copy");
}

// ───────────────────────────── Questions ─────────────────────────────

type Tx = Prisma.TransactionClient;
type StoredOption = { id: string; labelJa: string; labelEn?: string | null };

function storedOptions(value: unknown): StoredOption[] {
  return Array.isArray(value) ? (value as StoredOption[]) : [];
}

/** A short id for a new option, unique within its question. Answers store it; it never changes. */
function newOptionId(taken: Set<string>): string {
  for (;;) {
    const id = `o${randomBytes(4).toString("hex")}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * Runs a change to an event's questions: checks the event is in scope and not cancelled, and serialises
 * question changes per event (an advisory lock of their own, so the seat lock on the event row is not held
 * while organisers edit questions), so two editors never both take the same position.
 */
async function questionTransaction<T>(
  staff: StaffActor,
  eventId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T | Refusal> {
  if (!mayManage(staff, eventId)) return notFound;
  return getDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`event-questions:${eventId}`}, 0))`;
    const event = await tx.event.findFirst({ where: { id: eventId, ...eventScope(staff) }, select: { status: true } });
    if (!event) return notFound;
    if (event.status === "CANCELLED") return notAllowed;
    return fn(tx);
  });
}

export async function addQuestion(
  staff: StaffActor,
  eventId: string,
  input: QuestionInput,
): Promise<{ ok: true; questionId: string } | Invalid | Refusal> {
  const result = await questionTransaction(staff, eventId, async (tx) => {
    const last = await tx.eventQuestion.aggregate({ where: { eventId }, _max: { position: true } });
    const ids = new Set<string>();
    const question = await tx.eventQuestion.create({
      data: {
        eventId,
        position: (last._max.position ?? 0) + 1,
        kind: input.kind,
        labelJa: input.labelJa,
        labelEn: input.labelEn,
        helpJa: input.helpJa,
        helpEn: input.helpEn,
        required: input.required,
        sensitive: input.sensitive,
        cityVisible: input.cityVisible,
        options: input.options.map((o) => ({ id: newOptionId(ids), labelJa: o.labelJa, labelEn: o.labelEn })),
      },
      select: { id: true },
    });
    return { ok: true as const, questionId: question.id };
  });
  if (result.ok) {
    await recordAudit(staff, { action: "event.question.create", targetType: "EventQuestion", targetId: result.questionId, eventId, detail: { kind: input.kind } });
  }
  return result;
}

const TEXT_KINDS = ["TEXT", "TEXTAREA"];

/**
 * Saves a question. Answers already given must keep their meaning: once a question has answers its kind
 * changes only between the two text kinds, and an option someone chose cannot be removed (its label can be
 * corrected). Option ids are kept; new options get new ids.
 */
export async function updateQuestion(
  staff: StaffActor,
  eventId: string,
  questionId: string,
  input: QuestionInput,
): Promise<{ ok: true } | Invalid | Refusal> {
  if (!UUID.test(questionId)) return notFound;
  const result = await questionTransaction(staff, eventId, async (tx): Promise<{ ok: true; changed: string[] } | Invalid | Refusal> => {
    const current = await tx.eventQuestion.findFirst({ where: { id: questionId, eventId, archivedAt: null } });
    if (!current) return notFound;
    const before = storedOptions(current.options);
    const known = new Set(before.map((o) => o.id));
    const unknown = input.options.findIndex((o) => o.id !== null && !known.has(o.id));
    if (unknown >= 0) return { ok: false, errors: { [`options.${unknown}.labelJa`]: { code: "invalid" } } };

    const kindChanges = current.kind !== input.kind && !(TEXT_KINDS.includes(current.kind) && TEXT_KINDS.includes(input.kind));
    if (kindChanges && (await tx.answer.count({ where: { questionId } })) > 0) {
      return { ok: false, errors: { kind: { code: "kind_locked" } } };
    }
    const kept = new Set(input.options.flatMap((o) => (o.id ? [o.id] : [])));
    const removed = before.filter((o) => !kept.has(o.id)).map((o) => o.id);
    if (removed.length > 0 && (await tx.answer.count({ where: { questionId, choices: { hasSome: removed } } })) > 0) {
      return { ok: false, errors: { options: { code: "option_in_use" } } };
    }
    const ids = new Set(before.map((o) => o.id));
    const options = input.options.map((o) => ({ id: o.id ?? newOptionId(ids), labelJa: o.labelJa, labelEn: o.labelEn }));
    const data = {
      kind: input.kind,
      labelJa: input.labelJa,
      labelEn: input.labelEn,
      helpJa: input.helpJa,
      helpEn: input.helpEn,
      required: input.required,
      sensitive: input.sensitive,
      cityVisible: input.cityVisible,
    };
    const changed = Object.entries(data)
      .filter(([field, value]) => current[field as keyof typeof data] !== value)
      .map(([field]) => field);
    if (JSON.stringify(before.map((o) => [o.id, o.labelJa, o.labelEn ?? null])) !== JSON.stringify(options.map((o) => [o.id, o.labelJa, o.labelEn]))) {
      changed.push("options");
    }
    await tx.eventQuestion.update({ where: { id: questionId }, data: { ...data, options } });
    return { ok: true, changed };
  });
  if (!result.ok) return result;
  if (result.changed.length > 0) {
    await recordAudit(staff, { action: "event.question.update", targetType: "EventQuestion", targetId: questionId, eventId, detail: { fields: result.changed } });
  }
  return { ok: true };
}

/** Moves a question one place up or down among the current ones (positions are renumbered 1…n). */
export async function moveQuestion(
  staff: StaffActor,
  eventId: string,
  questionId: string,
  direction: "up" | "down",
): Promise<{ ok: true; moved: boolean } | Refusal> {
  if (!UUID.test(questionId)) return notFound;
  const result = await questionTransaction(staff, eventId, async (tx): Promise<{ ok: true; moved: boolean } | Refusal> => {
    const questions = await tx.eventQuestion.findMany({
      where: { eventId, archivedAt: null },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, position: true },
    });
    const index = questions.findIndex((q) => q.id === questionId);
    if (index < 0) return notFound;
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= questions.length) return { ok: true, moved: false };
    const order = questions.map((q) => q.id);
    [order[index], order[target]] = [order[target]!, order[index]!];
    for (const [i, id] of order.entries()) {
      if (questions.find((q) => q.id === id)?.position !== i + 1) {
        await tx.eventQuestion.update({ where: { id }, data: { position: i + 1 } });
      }
    }
    return { ok: true, moved: true };
  });
  if (result.ok && result.moved) {
    await recordAudit(staff, { action: "event.question.move", targetType: "EventQuestion", targetId: questionId, eventId, detail: { direction } });
  }
  return result;
}

/**
 * Removes a question from the form. The row stays (archivedAt), so answers already given keep their question
 * and their meaning in lists and exports.
 */
export async function archiveQuestion(staff: StaffActor, eventId: string, questionId: string, now = new Date()): Promise<{ ok: true } | Refusal> {
  if (!UUID.test(questionId)) return notFound;
  const result = await questionTransaction(staff, eventId, async (tx): Promise<{ ok: true } | Refusal> => {
    const updated = await tx.eventQuestion.updateMany({ where: { id: questionId, eventId, archivedAt: null }, data: { archivedAt: now } });
    return updated.count === 0 ? notFound : { ok: true };
  });
  if (result.ok) {
    await recordAudit(staff, { action: "event.question.archive", targetType: "EventQuestion", targetId: questionId, eventId });
  }
  return result;
}

/** Puts a removed question back on the form, at the end (its answers were kept all along). */
export async function restoreQuestion(staff: StaffActor, eventId: string, questionId: string): Promise<{ ok: true } | Refusal> {
  if (!UUID.test(questionId)) return notFound;
  const result = await questionTransaction(staff, eventId, async (tx): Promise<{ ok: true } | Refusal> => {
    const last = await tx.eventQuestion.aggregate({ where: { eventId }, _max: { position: true } });
    const updated = await tx.eventQuestion.updateMany({
      where: { id: questionId, eventId, archivedAt: { not: null } },
      data: { archivedAt: null, position: (last._max.position ?? 0) + 1 },
    });
    return updated.count === 0 ? notFound : { ok: true };
  });
  if (result.ok) {
    await recordAudit(staff, { action: "event.question.restore", targetType: "EventQuestion", targetId: questionId, eventId });
  }
  return result;
}
