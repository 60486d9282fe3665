import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { EmailTemplate } from "@/lib/emails";
import { toEmailEvent } from "@/lib/emails/types";
import { normalizeEmail } from "@/lib/participants/email";
import { Prisma } from "@/lib/generated/prisma/client";
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

// Control runs of the race tests (tests/integration/security/races*.test.ts) switch the event lock off to prove
// those tests can see an overbooking. The switch is a module variable only a test can set: nothing reads it
// from the environment, the setter refuses outside NODE_ENV=test, and the lock is also kept unless NODE_ENV is
// "test" when it is read (Next inlines NODE_ENV="production" into the build, so there the check is a constant).
let eventLockDisabledForTests = false;
// The control run of the timing test (tests/integration/security/signup-enumeration-timing.test.ts) slows the
// already-registered path down to prove that test can see a difference; the same guards as the lock switch.
let duplicatePathDelayMsForTests = 0;

export const __testing = {
  setEventLockDisabled(disabled: boolean): void {
    if (process.env.NODE_ENV !== "test") throw new Error("__testing.setEventLockDisabled is for tests only");
    eventLockDisabledForTests = disabled;
  },
  setDuplicatePathDelayMs(ms: number): void {
    if (process.env.NODE_ENV !== "test") throw new Error("__testing.setDuplicatePathDelayMs is for tests only");
    duplicatePathDelayMsForTests = ms;
  },
};

function eventLockClause(): Prisma.Sql {
  return process.env.NODE_ENV === "test" && eventLockDisabledForTests ? Prisma.empty : Prisma.sql`FOR UPDATE OF e`;
}

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

type EventRow = Omit<LockedEvent, "seats" | "waiting" | "lockedAt">;

/** Locks the event row; what is counted under the lock must be read by a later statement (see lockEvent). */
async function lockEventRow(tx: Tx, where: { eventId: string } | { registrationId: string }): Promise<EventRow | null> {
  const rows = await tx.$queryRaw<EventRow[]>`
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
    ${eventLockClause()}`;
  return rows[0] ?? null;
}

async function lockEvent(tx: Tx, where: { eventId: string } | { registrationId: string }): Promise<LockedEvent | null> {
  const event = await lockEventRow(tx, where);
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

type ExistingRegistration = { id: string; status: Status; participantId: string; name: string | null; email: string | null; position: number | null };

/**
 * What a sign-up decides on, read in one statement once the event is locked (a statement of its own, for the
 * reason given in lockEvent): the seats, the waitlist, the lock time and this address's active registration.
 */
async function signupState(
  tx: Tx,
  eventId: string,
  emailNormalized: string,
): Promise<{ seats: number; waiting: number; lockedAt: Date; existing: ExistingRegistration | null }> {
  const [row] = await tx.$queryRaw<
    { seats: number; waiting: number; lockedAt: Date; id: string | null; status: Status | null; participantId: string | null; name: string | null; email: string | null; position: number | null }[]
  >`
    SELECT c.seats, c.waiting, c."lockedAt", x.id, x.status::text AS status, x."participantId", x.name, x.email,
           CASE WHEN x.status = 'WAITLISTED' THEN (
             SELECT count(*)::int FROM "Registration" w
             WHERE w."eventId" = ${eventId}::uuid AND w.status = 'WAITLISTED'
               AND (w."waitlistedAt", w.id) <= (x."waitlistedAt", x.id)) END AS position
    FROM (SELECT count(*) FILTER (WHERE status IN ('CONFIRMED', 'OFFERED', 'ATTENDED'))::int AS seats,
                 count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting,
                 clock_timestamp() AS "lockedAt"
          FROM "Registration" WHERE "eventId" = ${eventId}::uuid) c
    LEFT JOIN LATERAL (
      SELECT r.id, r.status, r."participantId", r."waitlistedAt", p.name, p.email
      FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
      WHERE r."eventId" = ${eventId}::uuid AND r."emailNormalized" = ${emailNormalized}
        AND r.status NOT IN ('CANCELLED', 'DECLINED')
      LIMIT 1
    ) x ON true`;
  const existing =
    row?.id && row.status && row.participantId
      ? { id: row.id, status: row.status, participantId: row.participantId, name: row.name, email: row.email, position: row.position }
      : null;
  return { seats: row?.seats ?? 0, waiting: row?.waiting ?? 0, lockedAt: row?.lockedAt ?? new Date(), existing };
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

/**
 * Offers every free seat to the next people on the waitlist, in order. Called in the same transaction as
 * whatever freed the seat (cancellation, decline of an offer, expiry, a capacity raise).
 */
async function offerFreedSeats(tx: Tx, event: LockedEvent, actor: Actor, now: Date): Promise<Change[]> {
  if (!event.waitlistEnabled || event.capacity === null || registrationWindow(event, now) === "closed") return [];
  const free = event.capacity - event.seats;
  if (free <= 0 || event.waiting === 0) return [];
  const holdUntil = new Date(Math.min(now.getTime() + event.offerHoldHours * 3_600_000, event.startsAt.getTime()));
  const rows = await tx.$queryRaw<{ id: string; participantId: string; email: string; name: string; locale: string; waitlistedAt: Date }[]>`
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
    RETURNING r.id, r."participantId", coalesce(p.email, '') AS email, coalesce(p.name, '') AS name, r.locale, r."waitlistedAt"`;
  // RETURNING has no order of its own: the history and the offer mails are written in waitlist order.
  const offered = rows.sort((a, b) => a.waitlistedAt.valueOf() - b.waitlistedAt.valueOf() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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

/**
 * What new sign-ups get right now (decided under the lock): the only thing about a sign-up that its answer on
 * screen or in the API may say. Whether the address was new, known or already registered is told by mail only.
 */
export type SignupIntake = "open" | "waitlist" | "review" | "full" | "closed";

export type SignupOutcome =
  | {
      kind: "registered";
      registrationId: string;
      status: "CONFIRMED" | "WAITLISTED" | "PENDING";
      waitlistPosition: number | null;
      intake: "open" | "waitlist" | "review";
      /** "known": the address belonged to a person already; what was typed waits for the owner's one-time link. */
      person: "new" | "known";
    }
  | { kind: "already_registered"; registrationId: string; status: Status; waitlistPosition: number | null; intake: SignupIntake }
  | { kind: "full" }
  | { kind: "closed" }
  | { kind: "not_found" };

export type AnswerInput = { questionId: string; text: string | null; choices: string[] };

/** How long the mailed link that applies a known address's typed profile and consents stays valid. */
export const PENDING_CHANGE_TTL_DAYS = 7;
export const PENDING_CHANGE_TOKEN_PURPOSE = "signup-changes";

/** The one-time link's token: derived from the pending change's id, never stored (only its hash is). */
export function pendingChangeTokenFor(pendingChangeId: string): string {
  return signedToken(PENDING_CHANGE_TOKEN_PURPOSE, pendingChangeId);
}

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

function intakeOf(event: LockedEvent, now: Date): SignupIntake {
  if (registrationWindow(event, now) === "closed") return "closed";
  if (event.approvalRequired) return "review";
  if (hasFreeSeat(event)) return "open";
  return event.waitlistEnabled ? "waitlist" : "full";
}

/** The profile a sign-up typed, as a pending change keeps it until the address's owner applies it. */
export type PendingProfile = {
  name: string;
  furigana: string;
  affiliation: string | null;
  prefectureCode: string;
  municipality: string | null;
  relationships: string[];
  interests: string[];
  locale: string;
  consentVersion: string;
};

export async function registerForEvent(
  eventId: string,
  input: SignupInput,
  options: { now?: Date } = {},
): Promise<SignupOutcome> {
  const emailNormalized = normalizeEmail(input.email);
  return seatTransaction(async (tx) => {
    // The lock is held from this statement's answer to COMMIT, with two statements between (the state read and
    // one write). A rush on one event runs at one sign-up per lock hold, so every round trip here is throughput
    // (DESIGN.md §3; measured in tests/bench/signup.ts).
    const event = await lockEventRow(tx, { eventId });
    if (!event || event.status === "DRAFT") return { kind: "not_found" };
    const state = await signupState(tx, eventId, emailNormalized);
    const now = options.now ?? state.lockedAt;
    const locked: LockedEvent = { ...event, seats: state.seats, waiting: state.waiting, lockedAt: state.lockedAt };
    const intake = intakeOf(locked, now);

    // On a full or closed event a new or known address writes nothing; an address already registered writes
    // its "already registered" mail. Both run the same one statement (it writes nothing for the former), and
    // neither commit waits for the WAL flush: otherwise the answer would come measurably later for registered
    // addresses (tests/integration/security/signup-timing.test.ts). What a crash right after such a commit
    // could lose is only a repeated link. On an open event every path writes and flushes alike.
    const refused = intake === "full" || intake === "closed";
    if (state.existing || refused) {
      // Not an error: the owner of the address is told by mail where they stand, with their manage link (at
      // most once an hour). The answer to whoever submitted says only what a new address would have been told.
      const existing = state.existing;
      const hour = Math.floor(now.getTime() / 3_600_000);
      const payload = existing
        ? { name: existing.name ?? input.name, status: existing.status, event: toEmailEvent(event), waitlistPosition: existing.position }
        : {};
      await tx.$executeRaw`
        WITH commit_mode AS (SELECT set_config('synchronous_commit', ${refused ? "off" : "on"}, true))
        INSERT INTO "OutboxMessage" (id, "dedupeKey", template, category, payload, locale, "toEmail", "toName",
          "participantId", "registrationId", "eventId", "nextAttemptAt", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), ${`registration-exists:${existing?.id}:${hour}`}, 'registration-exists', 'TRANSACTIONAL',
          ${JSON.stringify(payload)}::jsonb, ${input.locale}, ${existing?.email ?? input.email}, ${existing?.name ?? null},
          ${existing?.participantId ?? null}::uuid, ${existing?.id ?? null}::uuid, ${eventId}::uuid, ${now}, ${now}, ${now}
        FROM commit_mode
        WHERE ${existing !== null}
        ON CONFLICT ("dedupeKey") DO NOTHING`;
      if (!existing) return intake === "closed" ? { kind: "closed" } : { kind: "full" };
      if (process.env.NODE_ENV === "test" && duplicatePathDelayMsForTests > 0) {
        await new Promise((resolve) => setTimeout(resolve, duplicatePathDelayMsForTests));
      }
      return { kind: "already_registered", registrationId: existing.id, status: existing.status, waitlistPosition: existing.position, intake };
    }

    const status = ({ open: "CONFIRMED", waitlist: "WAITLISTED", review: "PENDING" } as const)[intake];

    const registrationId = randomUUID();
    const pendingChangeId = randomUUID();
    const position = status === "WAITLISTED" ? locked.waiting + 1 : null;
    const mail = ({ CONFIRMED: "registration-confirmed", WAITLISTED: "registration-waitlisted", PENDING: "registration-pending" } as const)[status];
    const granted = Object.entries(input.consents).filter(([, given]) => given).map(([purpose]) => purpose);
    // The mail greets the stored name (see below), so only the rest of its payload is built here.
    const payload = { status, event: toEmailEvent(locked), waitlistPosition: position, offerExpiresAt: null, reason: null };
    const profile: PendingProfile = {
      name: input.name,
      furigana: input.furigana,
      affiliation: input.affiliation ?? null,
      prefectureCode: input.prefectureCode,
      municipality: input.municipality ?? null,
      relationships: input.relationships,
      interests: input.interests,
      locale: input.locale,
      consentVersion: CURRENT_CONSENT_VERSION,
    };

    // Everything the sign-up writes, in one statement (one round trip under the lock). Nothing proves that the
    // person typing owns the address, so an address that already belongs to a person changes nothing of that
    // person: not the profile, not the policy acceptance, not lastActiveAt (anonymisation counts from it), not
    // the consents (a withdrawn provision to the city stays withdrawn). What was typed is kept as a pending
    // change that only the owner can apply, by the one-time link in the mail to the stored address; and the
    // mail greets the stored name, so nobody can put their own words into a mail to someone else's address.
    // A new address is the submitter's own and is stored as typed. The no-op DO UPDATE makes a concurrent
    // first sign-up of the same address (another event, another lock) wait and then see the row; xmax = 0
    // tells a row this statement inserted from one it found. Foreign keys between these rows are checked at
    // the end of the statement, when all of them exist.
    const written = await tx.$queryRaw<{ id: string; created: boolean }[]>`
      WITH person AS (
        INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, affiliation, "prefectureCode",
          municipality, relationships, interests, skills, locale, "policyVersion", "policyAcceptedAt", "lastActiveAt",
          "createdAt", "updatedAt")
        VALUES (${randomUUID()}::uuid, ${input.email}, ${emailNormalized}, ${input.name}, ${input.furigana},
          ${input.affiliation ?? null}, ${input.prefectureCode}, ${input.municipality ?? null},
          ${input.relationships}::text[]::"Relationship"[], ${input.interests}::text[], '{}', ${input.locale},
          ${CURRENT_POLICY_VERSION}, ${now}, ${now}, ${now}, ${now})
        ON CONFLICT ("emailNormalized") DO UPDATE SET "emailNormalized" = "Participant"."emailNormalized"
        RETURNING id, name, email, (xmax = 0) AS created
      ), registration AS (
        INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, locale, "relationshipsAtSignup",
          "howHeard", "howHeardOther", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", ref, "policyVersion",
          "manageTokenHash", "checkinCode", "waitlistedAt", "confirmedAt", "createdAt", "updatedAt")
        SELECT ${registrationId}::uuid, ${eventId}::uuid, person.id, ${emailNormalized}, ${status}::"RegistrationStatus", ${input.locale},
          ${input.relationships}::text[]::"Relationship"[], ${input.howHeard ?? null}::"HowHeard", ${input.howHeardOther ?? null},
          ${input.utmSource ?? null}, ${input.utmMedium ?? null}, ${input.utmCampaign ?? null}, ${input.utmTerm ?? null},
          ${input.utmContent ?? null}, ${input.ref ?? null}, ${CURRENT_POLICY_VERSION},
          ${tokenHash(manageTokenFor(registrationId))}, ${checkinCode()},
          ${status === "WAITLISTED" ? state.lockedAt : null}::timestamptz, ${status === "CONFIRMED" ? now : null}::timestamptz, ${now}, ${now}
        FROM person
        RETURNING id, "participantId"
      ), answers AS (
        INSERT INTO "Answer" (id, "registrationId", "questionId", text, choices, "createdAt", "updatedAt")
        SELECT gen_random_uuid(), registration.id, a."questionId", a.text, a.choices, ${now}, ${now}
        FROM registration, jsonb_to_recordset(${JSON.stringify(answersFrom(input))}::jsonb) AS a("questionId" uuid, text text, choices text[])
      ), consents AS (
        -- Only a new person's ticks are theirs. A consent already current stays as it was.
        INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt", "registrationId")
        SELECT gen_random_uuid(), registration."participantId", g::"ConsentPurpose", ${CURRENT_CONSENT_VERSION}, ${now}, registration.id
        FROM registration, person, unnest(${granted}::text[]) AS g
        WHERE person.created
        ON CONFLICT ("participantId", purpose) WHERE "withdrawnAt" IS NULL DO NOTHING
      ), pending AS (
        INSERT INTO "PendingSignupChange" (id, "registrationId", "participantId", "tokenHash", profile, consents,
          "policyVersion", "expiresAt", "createdAt")
        SELECT ${pendingChangeId}::uuid, registration.id, person.id, ${tokenHash(pendingChangeTokenFor(pendingChangeId))},
          ${JSON.stringify(profile)}::jsonb, ${granted}::text[]::"ConsentPurpose"[], ${CURRENT_POLICY_VERSION},
          ${new Date(now.getTime() + PENDING_CHANGE_TTL_DAYS * 86_400_000)}, ${now}
        FROM registration, person
        WHERE NOT person.created
        RETURNING id
      ), history AS (
        INSERT INTO "RegistrationTransition" ("registrationId", "fromStatus", "toStatus", "actorType", "actorUserId", reason, "createdAt")
        SELECT registration.id, NULL, ${status}::"RegistrationStatus", 'PARTICIPANT', NULL, NULL, ${now} FROM registration
      ), outbox AS (
        INSERT INTO "OutboxMessage" (id, "dedupeKey", template, category, payload, locale, "toEmail", "toName",
          "participantId", "registrationId", "eventId", "nextAttemptAt", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), ${`${mail}:${registrationId}:signup`}, ${mail}, 'TRANSACTIONAL',
          jsonb_build_object('name', coalesce(person.name, ${input.name}::text), 'pendingChangeId', pending.id) || ${JSON.stringify(payload)}::jsonb,
          ${input.locale}, coalesce(person.email, ${input.email}::text), coalesce(person.name, ${input.name}::text),
          registration."participantId", registration.id, ${eventId}::uuid, ${now}, ${now}, ${now}
        FROM registration CROSS JOIN person LEFT JOIN pending ON true
        ON CONFLICT ("dedupeKey") DO NOTHING
      )
      SELECT registration.id, person.created FROM registration, person`;
    if (written.length !== 1) throw new Error("sign-up: the registration was not written");
    return { kind: "registered", registrationId, status, waitlistPosition: position, intake, person: written[0]!.created ? "new" : "known" };
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
