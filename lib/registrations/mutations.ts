import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { EmailTemplate } from "@/lib/emails";
import { toEmailEvent } from "@/lib/emails/types";
import { normalizeEmail } from "@/lib/participants/email";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CURRENT_CONSENT_VERSION, CURRENT_POLICY_VERSION } from "@/lib/registrations/policy";
import type { SignupInput } from "@/lib/registrations/schema";
import { getDb } from "@/lib/server/db";
import { signedToken, tokenHash } from "@/lib/server/secrets";

// Every change that takes or frees a seat runs here, in one transaction that first locks the event row
// (SELECT … FOR UPDATE; lock_timeout is set on every connection, lib/db/client.ts), then counts the
// seat-holding rows and decides. Transitions are guarded in SQL (`… WHERE status IN (…)`), so a double click
// or a double cancel changes nothing. Every change appends to RegistrationTransition and writes its mail to
// the outbox in the same transaction (DESIGN.md §3).

type Tx = Prisma.TransactionClient;

/**
 * A seat transaction. In a rush, requests queue for a pool connection and then for the event lock; Prisma's
 * defaults (2 s to get a connection, 5 s in all) would turn that queue into errors, so both are longer here.
 * The lock wait itself is bounded by lock_timeout (lib/db/client.ts).
 */
function seatTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().$transaction(fn, { maxWait: 20_000, timeout: 30_000 });
}
type Status = "PENDING" | "CONFIRMED" | "WAITLISTED" | "OFFERED" | "DECLINED" | "CANCELLED" | "ATTENDED" | "NO_SHOW";
type Actor = { type: "PARTICIPANT" | "STAFF" | "SYSTEM"; userId?: string | null };

export const MANAGE_TOKEN_PURPOSE = "manage";

/** The manage-link token of a registration: derived, never stored (only its hash is). */
export function manageTokenFor(registrationId: string): string {
  return signedToken(MANAGE_TOKEN_PURPOSE, registrationId);
}

/** The event row, locked for the rest of the transaction, with what mails need to describe it. */
type LockedEvent = {
  id: string;
  slug: string;
  status: "DRAFT" | "PUBLISHED" | "CLOSED" | "CANCELLED";
  titleJa: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  format: "IN_PERSON" | "ONLINE" | "HYBRID";
  venueName: string | null;
  venueAddress: string | null;
  venueMapUrl: string | null;
  onlineUrl: string | null;
  feeJa: string | null;
  feeEn: string | null;
  capacity: number | null;
  waitlistEnabled: boolean;
  approvalRequired: boolean;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  offerHoldHours: number;
  updatedAt: Date;
  organizersJa: string;
  organizersEn: string;
  seats: number;
  waiting: number;
  /** The database clock right after the lock was taken: waitlist order is lock order, across app instances. */
  lockedAt: Date;
};

async function lockEvent(tx: Tx, where: { eventId: string } | { registrationId: string }): Promise<LockedEvent | null> {
  const rows = await tx.$queryRaw<Omit<LockedEvent, "seats" | "waiting" | "lockedAt">[]>`
    SELECT e.id, e.slug, e.status::text AS status, e."titleJa", e."titleEn", e."startsAt", e."endsAt",
           e.format::text AS format, e."venueName", e."venueAddress", e."venueMapUrl", e."onlineUrl",
           e."feeJa", e."feeEn", e.capacity, e."waitlistEnabled", e."approvalRequired",
           e."registrationOpensAt", e."registrationClosesAt", e."offerHoldHours", e."updatedAt",
           coalesce((SELECT string_agg(o."nameJa", ' × ' ORDER BY eo.role, o."nameJa")
                     FROM "EventOrganizer" eo JOIN "Organization" o ON o.id = eo."organizationId"
                     WHERE eo."eventId" = e.id), '') AS "organizersJa",
           coalesce((SELECT string_agg(o."nameEn", ' × ' ORDER BY eo.role, o."nameJa")
                     FROM "EventOrganizer" eo JOIN "Organization" o ON o.id = eo."organizationId"
                     WHERE eo."eventId" = e.id), '') AS "organizersEn"
    FROM "Event" e
    WHERE e.id = ${"eventId" in where ? where.eventId : null}::uuid
       OR e.id = (SELECT "eventId" FROM "Registration" WHERE id = ${"registrationId" in where ? where.registrationId : null}::uuid)
    FOR UPDATE OF e`;
  const event = rows[0];
  if (!event) return null;
  // Counted in a statement of its own, after the lock is held: a statement that waited for the lock still
  // sees the snapshot taken before it waited (READ COMMITTED), so counting in the locking statement overbooks.
  const [counts] = await tx.$queryRaw<{ seats: number; waiting: number; lockedAt: Date }[]>`
    SELECT count(*) FILTER (WHERE status IN ('CONFIRMED', 'OFFERED', 'ATTENDED'))::int AS seats,
           count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting,
           clock_timestamp() AS "lockedAt"
    FROM "Registration" WHERE "eventId" = ${event.id}::uuid`;
  return { ...event, seats: counts?.seats ?? 0, waiting: counts?.waiting ?? 0, lockedAt: counts?.lockedAt ?? new Date() };
}

type RegistrationMailTemplate = EmailTemplate;

type Change = {
  registrationId: string;
  participantId: string;
  to: Status;
  from: Status | null;
  email: string;
  name: string;
  locale: string;
  mail: RegistrationMailTemplate | null;
  waitlistPosition?: number | null;
  offerExpiresAt?: Date | null;
  reason?: string | null;
  dedupeSuffix?: string;
};

/** Appends the history rows and the outbox rows of a batch of changes (two statements whatever the batch). */
async function record(tx: Tx, event: LockedEvent, changes: Change[], actor: Actor, now: Date): Promise<void> {
  if (changes.length === 0) return;
  await tx.registrationTransition.createMany({
    data: changes.map((c) => ({
      registrationId: c.registrationId,
      fromStatus: c.from,
      toStatus: c.to,
      actorType: actor.type,
      actorUserId: actor.userId ?? null,
      reason: c.reason ?? null,
      createdAt: now,
    })),
  });
  const mails = changes.filter((c) => c.mail !== null);
  if (mails.length === 0) return;
  await tx.outboxMessage.createMany({
    data: mails.map((c) => ({
      dedupeKey: `${c.mail}:${c.registrationId}:${c.dedupeSuffix ?? now.getTime()}`,
      template: c.mail!,
      category: "TRANSACTIONAL" as const,
      locale: c.locale,
      toEmail: c.email,
      toName: c.name,
      participantId: c.participantId,
      registrationId: c.registrationId,
      eventId: event.id,
      payload: {
        name: c.name,
        status: c.to,
        event: toEmailEvent(event), // the event as it was when the mail was caused
        waitlistPosition: c.waitlistPosition ?? null,
        offerExpiresAt: c.offerExpiresAt?.toISOString() ?? null,
        reason: c.reason ?? null,
      },
      nextAttemptAt: now,
    })),
    skipDuplicates: true,
  });
}

function registrationWindow(event: LockedEvent, now: Date): "open" | "closed" {
  if (event.status !== "PUBLISHED") return "closed";
  if (event.registrationOpensAt && now < event.registrationOpensAt) return "closed";
  const deadline = event.registrationClosesAt ?? event.startsAt;
  return now < deadline ? "open" : "closed";
}

function hasFreeSeat(event: LockedEvent): boolean {
  return event.capacity === null || event.seats < event.capacity;
}

async function waitlistPosition(tx: Tx, registrationId: string): Promise<number | null> {
  const rows = await tx.$queryRaw<{ position: number | null }[]>`
    SELECT CASE WHEN me.status = 'WAITLISTED' THEN (
      SELECT count(*)::int FROM "Registration" r
      WHERE r."eventId" = me."eventId" AND r.status = 'WAITLISTED'
        AND (r."waitlistedAt", r.id) <= (me."waitlistedAt", me.id)) END AS position
    FROM "Registration" me WHERE me.id = ${registrationId}::uuid`;
  return rows[0]?.position ?? null;
}

/**
 * Offers every free seat to the next people on the waitlist, in order. Called in the same transaction as
 * whatever freed the seat (cancellation, decline of an offer, expiry, a capacity raise).
 */
async function offerFreedSeats(tx: Tx, event: LockedEvent, actor: Actor, now: Date): Promise<Change[]> {
  if (!event.waitlistEnabled || event.capacity === null || registrationWindow(event, now) === "closed") return [];
  const free = event.capacity - event.seats;
  if (free <= 0 || event.waiting === 0) return [];
  const holdUntil = new Date(Math.min(now.getTime() + event.offerHoldHours * 3_600_000, event.startsAt.getTime()));
  const offered = await tx.$queryRaw<{ id: string; participantId: string; email: string; name: string; locale: string }[]>`
    WITH next AS (
      SELECT id FROM "Registration"
      WHERE "eventId" = ${event.id}::uuid AND status = 'WAITLISTED'
      ORDER BY "waitlistedAt", id
      LIMIT ${free}
      FOR UPDATE
    )
    UPDATE "Registration" r
    SET status = 'OFFERED', "offeredAt" = ${now}, "offerExpiresAt" = ${holdUntil}, "updatedAt" = ${now}
    FROM next, "Participant" p
    WHERE r.id = next.id AND p.id = r."participantId"
    RETURNING r.id, r."participantId", coalesce(p.email, '') AS email, coalesce(p.name, '') AS name, r.locale`;
  event.seats += offered.length;
  event.waiting -= offered.length;
  const changes: Change[] = offered.map((r) => ({
    registrationId: r.id,
    participantId: r.participantId,
    from: "WAITLISTED",
    to: "OFFERED",
    email: r.email,
    name: r.name,
    locale: r.locale,
    mail: "registration-offered",
    offerExpiresAt: holdUntil,
    reason: "seat_freed",
  }));
  await record(tx, event, changes, actor, now);
  return changes;
}

// ───────────────────────────── Sign-up ─────────────────────────────

export type SignupOutcome =
  | { kind: "registered"; registrationId: string; status: "CONFIRMED" | "WAITLISTED" | "PENDING"; waitlistPosition: number | null }
  | { kind: "already_registered"; registrationId: string; status: Status; waitlistPosition: number | null }
  | { kind: "full" }
  | { kind: "closed" }
  | { kind: "not_found" };

export type AnswerInput = { questionId: string; text: string | null; choices: string[] };

const CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read aloud at the door

function checkinCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => CHECKIN_ALPHABET[b % CHECKIN_ALPHABET.length]).join("");
}

export function answersFrom(input: SignupInput): AnswerInput[] {
  return Object.entries(input.answers).flatMap(([questionId, value]): AnswerInput[] => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return [];
    return Array.isArray(value)
      ? [{ questionId, text: null, choices: value }]
      : [{ questionId, text: value, choices: [] }];
  });
}

export async function registerForEvent(
  eventId: string,
  input: SignupInput,
  options: { now?: Date } = {},
): Promise<SignupOutcome> {
  const emailNormalized = normalizeEmail(input.email);
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { eventId });
    if (!event || event.status === "DRAFT") return { kind: "not_found" };
    const now = options.now ?? event.lockedAt;

    const existing = await tx.registration.findFirst({
      where: { eventId, emailNormalized, status: { notIn: ["CANCELLED", "DECLINED"] } },
      select: { id: true, status: true, participantId: true, locale: true, participant: { select: { name: true, email: true } } },
    });
    if (existing) {
      // Not an error: they are told, and their manage link is mailed again (at most once an hour).
      const position = await waitlistPosition(tx, existing.id);
      const hour = Math.floor(now.getTime() / 3_600_000);
      await tx.outboxMessage.createMany({
        data: [
          {
            dedupeKey: `registration-exists:${existing.id}:${hour}`,
            template: "registration-exists",
            category: "TRANSACTIONAL",
            locale: input.locale,
            toEmail: existing.participant.email ?? input.email,
            toName: existing.participant.name,
            participantId: existing.participantId,
            registrationId: existing.id,
            eventId,
            payload: {
              name: existing.participant.name ?? input.name,
              status: existing.status,
              event: toEmailEvent(event), // the event as it was when the mail was caused
              waitlistPosition: position,
            },
            nextAttemptAt: now,
          },
        ],
        skipDuplicates: true,
      });
      return { kind: "already_registered", registrationId: existing.id, status: existing.status, waitlistPosition: position };
    }

    if (registrationWindow(event, now) === "closed") return { kind: "closed" };
    let status: "CONFIRMED" | "WAITLISTED" | "PENDING";
    if (event.approvalRequired) status = "PENDING";
    else if (hasFreeSeat(event)) status = "CONFIRMED";
    else if (event.waitlistEnabled) status = "WAITLISTED";
    else return { kind: "full" };

    // A returning address keeps the profile it has: without proof that the person typing owns the address,
    // a sign-up may fill gaps but never overwrite someone's stored name or details (and mails greet the
    // stored name, so nobody can put their own words into a mail to someone else's address).
    const [participant] = await tx.$queryRaw<{ id: string; name: string | null }[]>`
      INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, affiliation, "prefectureCode",
        municipality, relationships, interests, skills, locale, "policyVersion", "policyAcceptedAt", "lastActiveAt",
        "createdAt", "updatedAt")
      VALUES (${randomUUID()}::uuid, ${input.email}, ${emailNormalized}, ${input.name}, ${input.furigana},
        ${input.affiliation ?? null}, ${input.prefectureCode}, ${input.municipality ?? null},
        ${input.relationships}::text[]::"Relationship"[], ${input.interests}::text[], '{}', ${input.locale},
        ${CURRENT_POLICY_VERSION}, ${now}, ${now}, ${now}, ${now})
      ON CONFLICT ("emailNormalized") DO UPDATE SET
        name = coalesce("Participant".name, EXCLUDED.name),
        furigana = coalesce("Participant".furigana, EXCLUDED.furigana),
        affiliation = coalesce("Participant".affiliation, EXCLUDED.affiliation),
        "prefectureCode" = coalesce("Participant"."prefectureCode", EXCLUDED."prefectureCode"),
        municipality = coalesce("Participant".municipality, EXCLUDED.municipality),
        relationships = CASE WHEN cardinality("Participant".relationships) > 0 THEN "Participant".relationships ELSE EXCLUDED.relationships END,
        interests = CASE WHEN cardinality("Participant".interests) > 0 THEN "Participant".interests ELSE EXCLUDED.interests END,
        "policyVersion" = EXCLUDED."policyVersion", "policyAcceptedAt" = EXCLUDED."policyAcceptedAt",
        "lastActiveAt" = EXCLUDED."lastActiveAt", "updatedAt" = EXCLUDED."updatedAt"
      RETURNING id, name`;
    const participantId = participant!.id;

    const registrationId = randomUUID();
    await tx.registration.create({
      data: {
        id: registrationId,
        eventId,
        participantId,
        emailNormalized,
        status,
        locale: input.locale,
        relationshipsAtSignup: input.relationships,
        howHeard: input.howHeard ?? null,
        howHeardOther: input.howHeardOther ?? null,
        utmSource: input.utmSource ?? null,
        utmMedium: input.utmMedium ?? null,
        utmCampaign: input.utmCampaign ?? null,
        utmTerm: input.utmTerm ?? null,
        utmContent: input.utmContent ?? null,
        ref: input.ref ?? null,
        policyVersion: CURRENT_POLICY_VERSION,
        manageTokenHash: tokenHash(manageTokenFor(registrationId)),
        checkinCode: checkinCode(),
        waitlistedAt: status === "WAITLISTED" ? event.lockedAt : null,
        confirmedAt: status === "CONFIRMED" ? now : null,
        createdAt: now,
        updatedAt: now,
        answers: { createMany: { data: answersFrom(input) } },
      },
    });

    const granted = Object.entries(input.consents).filter(([, given]) => given).map(([purpose]) => purpose);
    if (granted.length > 0) {
      // A consent already current stays as it was (its version and time are the ones the person gave).
      await tx.$executeRaw`
        INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt", "registrationId")
        SELECT gen_random_uuid(), ${participantId}::uuid, p::"ConsentPurpose", ${CURRENT_CONSENT_VERSION}, ${now},
               ${registrationId}::uuid
        FROM unnest(${granted}::text[]) AS p
        ON CONFLICT ("participantId", purpose) WHERE "withdrawnAt" IS NULL DO NOTHING`;
    }

    if (status === "CONFIRMED") event.seats += 1;
    if (status === "WAITLISTED") event.waiting += 1;
    const position = status === "WAITLISTED" ? event.waiting : null;
    const mail = ({ CONFIRMED: "registration-confirmed", WAITLISTED: "registration-waitlisted", PENDING: "registration-pending" } as const)[status];
    await record(
      tx,
      event,
      [{ registrationId, participantId, from: null, to: status, email: input.email, name: participant!.name ?? input.name, locale: input.locale, mail, waitlistPosition: position, dedupeSuffix: "signup" }],
      { type: "PARTICIPANT" },
      now,
    );
    return { kind: "registered", registrationId, status, waitlistPosition: position };
  });
}

// ───────────────────────────── Changes to an existing registration ─────────────────────────────

export type ChangeOutcome =
  | { ok: true; from: Status; to: Status; promoted: number }
  | { ok: false; reason: "not_found" | "not_allowed" | "full" | "offer_expired" };

type GuardedUpdate = { id: string; participantId: string; email: string; name: string; locale: string; from: Status };

/** Moves one registration from one of `from` to `to`; nothing happens when it is no longer in one of them. */
async function transition(
  tx: Tx,
  registrationId: string,
  from: Status[],
  to: Status,
  now: Date,
  extra: { cancelledAt?: boolean; confirmedAt?: boolean; waitlistedAt?: boolean } = {},
): Promise<GuardedUpdate | null> {
  const rows = await tx.$queryRaw<GuardedUpdate[]>`
    WITH old AS (
      SELECT id, status FROM "Registration" WHERE id = ${registrationId}::uuid AND status::text = ANY(${from}::text[]) FOR UPDATE
    )
    UPDATE "Registration" r
    SET status = ${to}::"RegistrationStatus", "updatedAt" = ${now},
        "cancelledAt" = CASE WHEN ${extra.cancelledAt ?? false} THEN ${now} ELSE r."cancelledAt" END,
        "confirmedAt" = CASE WHEN ${extra.confirmedAt ?? false} THEN ${now} ELSE r."confirmedAt" END,
        "waitlistedAt" = CASE WHEN ${extra.waitlistedAt ?? false} THEN ${now} ELSE r."waitlistedAt" END,
        "offerExpiresAt" = CASE WHEN ${to} = 'OFFERED' THEN r."offerExpiresAt" ELSE NULL END
    FROM old, "Participant" p
    WHERE r.id = old.id AND p.id = r."participantId"
    RETURNING r.id, r."participantId", coalesce(p.email, '') AS email, coalesce(p.name, '') AS name, r.locale,
              old.status::text AS "from"`;
  return rows[0] ?? null;
}

/** Cancels a registration (participant via the manage link, or staff); a freed seat goes to the waitlist at once. */
export async function cancelRegistration(
  registrationId: string,
  actor: Actor,
  options: { now?: Date; reason?: string | null } = {},
): Promise<ChangeOutcome> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { registrationId });
    if (!event) return { ok: false, reason: "not_found" };
    const now = options.now ?? event.lockedAt;
    const row = await transition(tx, registrationId, ["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED"], "CANCELLED", now, {
      cancelledAt: true,
    });
    if (!row) return { ok: false, reason: "not_allowed" };
    if (row.from === "CONFIRMED" || row.from === "OFFERED") event.seats -= 1;
    if (row.from === "WAITLISTED") event.waiting -= 1;
    await record(
      tx,
      event,
      [{ registrationId, participantId: row.participantId, from: row.from, to: "CANCELLED", email: row.email, name: row.name, locale: row.locale, mail: "registration-cancelled", reason: options.reason ?? null, dedupeSuffix: "cancel" }],
      actor,
      now,
    );
    const promoted = await offerFreedSeats(tx, event, { type: "SYSTEM" }, now);
    return { ok: true, from: row.from, to: "CANCELLED", promoted: promoted.length };
  });
}

/** A person offered a seat from the waitlist takes it (before the hold expires). */
export async function acceptOffer(registrationId: string, options: { now?: Date } = {}): Promise<ChangeOutcome> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { registrationId });
    if (!event) return { ok: false, reason: "not_found" };
    const now = options.now ?? event.lockedAt;
    const current = await tx.registration.findUnique({ where: { id: registrationId }, select: { status: true, offerExpiresAt: true } });
    if (current?.status === "OFFERED" && current.offerExpiresAt && current.offerExpiresAt <= now) {
      return { ok: false, reason: "offer_expired" };
    }
    const row = await transition(tx, registrationId, ["OFFERED"], "CONFIRMED", now, { confirmedAt: true });
    if (!row) return { ok: false, reason: "not_allowed" };
    await record(
      tx,
      event,
      [{ registrationId, participantId: row.participantId, from: "OFFERED", to: "CONFIRMED", email: row.email, name: row.name, locale: row.locale, mail: "registration-confirmed", dedupeSuffix: "offer-accepted" }],
      { type: "PARTICIPANT" },
      now,
    );
    return { ok: true, from: "OFFERED", to: "CONFIRMED", promoted: 0 };
  });
}

/** Staff approve a pending registration: a seat if there is one, else the waitlist, else refused. */
export async function approveRegistration(
  registrationId: string,
  actor: Actor,
  options: { now?: Date } = {},
): Promise<ChangeOutcome> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { registrationId });
    if (!event) return { ok: false, reason: "not_found" };
    const now = options.now ?? event.lockedAt;
    const to: Status | null = hasFreeSeat(event) ? "CONFIRMED" : event.waitlistEnabled ? "WAITLISTED" : null;
    if (!to) return { ok: false, reason: "full" };
    const row = await transition(tx, registrationId, ["PENDING"], to, now, {
      confirmedAt: to === "CONFIRMED",
      waitlistedAt: to === "WAITLISTED",
    });
    if (!row) return { ok: false, reason: "not_allowed" };
    if (to === "CONFIRMED") event.seats += 1;
    else event.waiting += 1;
    await record(
      tx,
      event,
      [{ registrationId, participantId: row.participantId, from: "PENDING", to, email: row.email, name: row.name, locale: row.locale, mail: to === "CONFIRMED" ? "registration-approved" : "registration-waitlisted", waitlistPosition: to === "WAITLISTED" ? event.waiting : null, dedupeSuffix: "approve" }],
      actor,
      now,
    );
    return { ok: true, from: "PENDING", to, promoted: 0 };
  });
}

/** Staff decline a pending or waitlisted registration. */
export async function declineRegistration(
  registrationId: string,
  actor: Actor,
  options: { now?: Date; reason?: string | null } = {},
): Promise<ChangeOutcome> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { registrationId });
    if (!event) return { ok: false, reason: "not_found" };
    const now = options.now ?? event.lockedAt;
    const row = await transition(tx, registrationId, ["PENDING", "WAITLISTED"], "DECLINED", now);
    if (!row) return { ok: false, reason: "not_allowed" };
    if (row.from === "WAITLISTED") event.waiting -= 1;
    await record(
      tx,
      event,
      [{ registrationId, participantId: row.participantId, from: row.from, to: "DECLINED", email: row.email, name: row.name, locale: row.locale, mail: "registration-declined", reason: options.reason ?? null, dedupeSuffix: "decline" }],
      actor,
      now,
    );
    return { ok: true, from: row.from, to: "DECLINED", promoted: 0 };
  });
}

/**
 * Ends offers whose hold has passed and offers those seats to the next people. Run by the worker every
 * minute; each event in its own short transaction.
 */
export async function expireOffers(options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const events = await getDb().registration.findMany({
    where: { status: "OFFERED", offerExpiresAt: { lte: now } },
    distinct: ["eventId"],
    select: { eventId: true },
  });
  let expired = 0;
  for (const { eventId } of events) {
    expired += await seatTransaction(async (tx) => {
      const event = await lockEvent(tx, { eventId });
      if (!event) return 0;
      const rows = await tx.$queryRaw<Omit<GuardedUpdate, "from">[]>`
        UPDATE "Registration" r
        SET status = 'CANCELLED', "cancelledAt" = ${now}, "offerExpiresAt" = NULL, "updatedAt" = ${now}
        FROM "Participant" p
        WHERE r."eventId" = ${eventId}::uuid AND r.status = 'OFFERED' AND r."offerExpiresAt" <= ${now}
          AND p.id = r."participantId"
        RETURNING r.id, r."participantId", coalesce(p.email, '') AS email, coalesce(p.name, '') AS name, r.locale`;
      event.seats -= rows.length;
      await record(
        tx,
        event,
        rows.map((r) => ({ registrationId: r.id, participantId: r.participantId, from: "OFFERED" as const, to: "CANCELLED" as const, email: r.email, name: r.name, locale: r.locale, mail: "registration-offer-expired" as const, reason: "offer_expired", dedupeSuffix: "offer-expired" })),
        { type: "SYSTEM" },
        now,
      );
      await offerFreedSeats(tx, event, { type: "SYSTEM" }, now);
      return rows.length;
    });
  }
  return expired;
}

/** Updates the answers to the event's questions (manage link). Only while the registration is active. */
export async function updateAnswers(registrationId: string, answers: AnswerInput[], options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  return seatTransaction(async (tx) => {
    const registration = await tx.registration.updateMany({
      where: { id: registrationId, status: { in: ["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED"] } },
      data: { updatedAt: now },
    });
    if (registration.count === 0) return { ok: false as const, reason: "not_allowed" as const };
    await tx.answer.deleteMany({ where: { registrationId } });
    if (answers.length > 0) {
      await tx.answer.createMany({ data: answers.map((a) => ({ ...a, registrationId, createdAt: now, updatedAt: now })) });
    }
    return { ok: true as const };
  });
}

// ───────────────────────────── Staff changes that take or free seats ─────────────────────────────

/**
 * Changes an event's capacity under the event lock. Lowering it below the seats already taken is refused
 * (never a silent overbooking); raising it offers the new seats to the waitlist at once.
 */
export async function changeCapacity(
  eventId: string,
  capacity: number | null,
  actor: Actor,
): Promise<{ ok: true; offered: number } | { ok: false; reason: "not_found" | "below_taken"; seatsTaken: number }> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { eventId });
    if (!event) return { ok: false, reason: "not_found", seatsTaken: 0 };
    if (capacity !== null && capacity < event.seats) return { ok: false, reason: "below_taken", seatsTaken: event.seats };
    await tx.event.update({ where: { id: eventId }, data: { capacity } });
    event.capacity = capacity;
    const offered = capacity === null ? [] : await offerFreedSeats(tx, event, actor, event.lockedAt);
    if (capacity === null && event.waiting > 0) {
      // No limit any more: everyone waiting gets a seat.
      const rows = await tx.$queryRaw<Omit<GuardedUpdate, "from">[]>`
        UPDATE "Registration" r SET status = 'CONFIRMED', "confirmedAt" = ${event.lockedAt}, "updatedAt" = ${event.lockedAt}
        FROM "Participant" p
        WHERE r."eventId" = ${eventId}::uuid AND r.status = 'WAITLISTED' AND p.id = r."participantId"
        RETURNING r.id, r."participantId", coalesce(p.email, '') AS email, coalesce(p.name, '') AS name, r.locale`;
      await record(
        tx,
        event,
        rows.map((r) => ({ registrationId: r.id, participantId: r.participantId, from: "WAITLISTED" as const, to: "CONFIRMED" as const, email: r.email, name: r.name, locale: r.locale, mail: "registration-confirmed" as const, reason: "capacity_removed", dedupeSuffix: "capacity" })),
        actor,
        event.lockedAt,
      );
      return { ok: true, offered: rows.length };
    }
    return { ok: true, offered: offered.length };
  });
}

/** Staff give a waitlisted person a seat directly (when one is free). */
export async function promoteFromWaitlist(registrationId: string, actor: Actor): Promise<ChangeOutcome> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { registrationId });
    if (!event) return { ok: false, reason: "not_found" };
    if (!hasFreeSeat(event)) return { ok: false, reason: "full" };
    const now = event.lockedAt;
    const row = await transition(tx, registrationId, ["WAITLISTED"], "CONFIRMED", now, { confirmedAt: true });
    if (!row) return { ok: false, reason: "not_allowed" };
    await record(
      tx,
      event,
      [{ registrationId, participantId: row.participantId, from: "WAITLISTED", to: "CONFIRMED", email: row.email, name: row.name, locale: row.locale, mail: "registration-confirmed", reason: "promoted_by_staff", dedupeSuffix: "promote" }],
      actor,
      now,
    );
    return { ok: true, from: "WAITLISTED", to: "CONFIRMED", promoted: 0 };
  });
}

/** Cancels an event: every active registration is cancelled and told, in the same transaction. */
export async function cancelEvent(
  eventId: string,
  reason: string | null,
  actor: Actor,
): Promise<{ ok: true; notified: number } | { ok: false; reason: "not_found" | "not_allowed" }> {
  return seatTransaction(async (tx) => {
    const event = await lockEvent(tx, { eventId });
    if (!event) return { ok: false, reason: "not_found" };
    if (event.status === "CANCELLED") return { ok: false, reason: "not_allowed" };
    const now = event.lockedAt;
    await tx.event.update({ where: { id: eventId }, data: { status: "CANCELLED", cancelledAt: now, cancelReason: reason } });
    const rows = await tx.$queryRaw<GuardedUpdate[]>`
      WITH old AS (
        SELECT id, status FROM "Registration"
        WHERE "eventId" = ${eventId}::uuid AND status IN ('PENDING', 'CONFIRMED', 'WAITLISTED', 'OFFERED')
        FOR UPDATE
      )
      UPDATE "Registration" r SET status = 'CANCELLED', "cancelledAt" = ${now}, "offerExpiresAt" = NULL, "updatedAt" = ${now}
      FROM old, "Participant" p
      WHERE r.id = old.id AND p.id = r."participantId"
      RETURNING r.id, r."participantId", coalesce(p.email, '') AS email, coalesce(p.name, '') AS name, r.locale,
                old.status::text AS "from"`;
    await record(
      tx,
      event,
      rows.map((r) => ({ registrationId: r.id, participantId: r.participantId, from: r.from, to: "CANCELLED" as const, email: r.email, name: r.name, locale: r.locale, mail: "event-cancelled" as const, reason: reason ?? "event_cancelled", dedupeSuffix: "event-cancelled" })),
      actor,
      now,
    );
    return { ok: true, notified: rows.length };
  });
}
