import pg from "pg";

// The seat and record-keeping rules of DESIGN.md §3, checked on the rows of one database (raw SQL through a
// plain pg client, so it works on a database the app under test wrote, whatever process that was). Each check
// returns readable violations; an empty list means the rules hold. Used by the race property tests and by the
// crash tests (tests/integration/security/{races,crash}*.test.ts).

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

export async function withClient<T>(url: string, task: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await task(async (text, values) => (await client.query(text, values)).rows);
  } finally {
    await client.end();
  }
}

/** The mail a transition causes (lib/registrations/mutations.ts), or null when it causes none. */
export function mailFor(from: string | null, to: string, reason: string | null): string | null {
  if (from === null) return { CONFIRMED: "registration-confirmed", WAITLISTED: "registration-waitlisted", PENDING: "registration-pending" }[to] ?? null;
  if (to === "OFFERED") return "registration-offered";
  if (to === "CONFIRMED") return "registration-confirmed";
  if (to === "CANCELLED") return reason === "offer_expired" ? "registration-offer-expired" : reason === "event_cancelled" ? "event-cancelled" : "registration-cancelled";
  if (to === "DECLINED") return "registration-declined";
  return null;
}

/**
 * Seats and waitlist of one event: seat-holding rows ≤ capacity; nobody waits while a seat is free; offers went
 * out in waitlist order (by waitlistedAt, then id), each person offered at most once, and nobody still waiting
 * is ahead of someone who was offered a seat.
 */
export async function seatViolations(query: Query, eventId: string): Promise<string[]> {
  const problems: string[] = [];
  const [event] = await query<{ capacity: number | null; waitlistEnabled: boolean }>(
    `SELECT capacity, "waitlistEnabled" FROM "Event" WHERE id = $1`,
    [eventId],
  );
  if (!event) return [`event ${eventId} missing`];
  const [counts] = await query<{ seats: number; waiting: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('CONFIRMED','OFFERED','ATTENDED'))::int AS seats,
            count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting
     FROM "Registration" WHERE "eventId" = $1`,
    [eventId],
  );
  const { seats, waiting } = counts!;
  if (event.capacity !== null && seats > event.capacity) problems.push(`seats ${seats} exceed capacity ${event.capacity}`);
  if (event.capacity !== null && event.waitlistEnabled && waiting > 0 && seats < event.capacity) {
    problems.push(`${waiting} waiting while ${event.capacity - seats} seat(s) are free`);
  }
  // Offers in the order they were made (transition ids are taken under the event lock, so in lock order).
  const offers = await query<{ registrationId: string; key: string }>(
    `SELECT t."registrationId", to_char(r."waitlistedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '|' || r.id::text AS key
     FROM "RegistrationTransition" t JOIN "Registration" r ON r.id = t."registrationId"
     WHERE r."eventId" = $1 AND t."toStatus" = 'OFFERED' ORDER BY t.id`,
    [eventId],
  );
  const offeredOnce = new Set<string>();
  for (const [i, offer] of offers.entries()) {
    if (offeredOnce.has(offer.registrationId)) problems.push(`registration ${offer.registrationId} offered a seat twice`);
    offeredOnce.add(offer.registrationId);
    const previous = offers[i - 1];
    if (previous && previous.key > offer.key) problems.push(`offer to ${offer.registrationId} went out before an earlier place in the waitlist was served`);
  }
  const [firstWaiting] = await query<{ key: string | null }>(
    `SELECT min(to_char("waitlistedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '|' || id::text COLLATE "C") AS key
     FROM "Registration" WHERE "eventId" = $1 AND status = 'WAITLISTED'`,
    [eventId],
  );
  const lastOffered = offers.reduce<string | null>((max, o) => (max === null || o.key > max ? o.key : max), null);
  if (firstWaiting?.key && lastOffered && firstWaiting.key < lastOffered) {
    problems.push(`someone still waiting (${firstWaiting.key}) is ahead of someone who was offered a seat (${lastOffered})`);
  }
  return problems;
}

/**
 * The history and the outbox agree with the rows: every registration's transitions form one chain from its
 * creation to its current status, and it has exactly one outbox mail per transition that mails (plus at most
 * one "already registered" reminder per hour, so ≤ 2 in a test).
 */
export async function recordViolations(query: Query, where: { eventId?: string } = {}): Promise<string[]> {
  const problems: string[] = [];
  const filter = where.eventId ? `WHERE r."eventId" = $1` : "";
  const values = where.eventId ? [where.eventId] : [];
  const rows = await query<{ id: string; status: string; chain: { from: string | null; to: string; reason: string | null }[] | null; mails: string[] | null }>(
    `SELECT r.id, r.status::text AS status,
            (SELECT json_agg(json_build_object('from', t."fromStatus", 'to', t."toStatus", 'reason', t.reason) ORDER BY t.id)
             FROM "RegistrationTransition" t WHERE t."registrationId" = r.id) AS chain,
            (SELECT array_agg(o.template ORDER BY o.template) FROM "OutboxMessage" o WHERE o."registrationId" = r.id) AS mails
     FROM "Registration" r ${filter}`,
    values,
  );
  for (const row of rows) {
    const chain = row.chain ?? [];
    if (chain.length === 0) {
      problems.push(`registration ${row.id} (${row.status}) has no history`);
      continue;
    }
    if (chain[0]!.from !== null) problems.push(`registration ${row.id}: history does not start at its creation`);
    for (let i = 1; i < chain.length; i++) {
      if (chain[i]!.from !== chain[i - 1]!.to) problems.push(`registration ${row.id}: history jumps from ${chain[i - 1]!.to} to a change from ${chain[i]!.from}`);
    }
    if (chain.at(-1)!.to !== row.status) problems.push(`registration ${row.id}: status ${row.status} but history ends at ${chain.at(-1)!.to}`);
    const expected = chain.flatMap((c) => mailFor(c.from, c.to, c.reason) ?? []).sort();
    const mails = row.mails ?? [];
    const actual = mails.filter((m) => m !== "registration-exists");
    if (actual.join(",") !== expected.join(",")) problems.push(`registration ${row.id}: mails [${actual.join(", ")}] but transitions call for [${expected.join(", ")}]`);
    if (mails.length - actual.length > 2) problems.push(`registration ${row.id}: ${mails.length - actual.length} "already registered" mails`);
  }
  return problems;
}

/**
 * Nothing half-written anywhere in the database: answers, consents from a sign-up and outbox rows all belong
 * to a registration that exists; every participant has a registration (participants are only created by a
 * sign-up in these tests) and every registration a participant; waitlist positions 1..n per event.
 */
export async function orphanViolations(query: Query): Promise<string[]> {
  const problems: string[] = [];
  const checks: [string, string][] = [
    ["answers without a registration", `SELECT count(*)::int AS n FROM "Answer" a LEFT JOIN "Registration" r ON r.id = a."registrationId" WHERE r.id IS NULL`],
    ["registrations without history", `SELECT count(*)::int AS n FROM "Registration" r WHERE NOT EXISTS (SELECT 1 FROM "RegistrationTransition" t WHERE t."registrationId" = r.id)`],
    ["registration mails without a registration", `SELECT count(*)::int AS n FROM "OutboxMessage" o WHERE o.template LIKE 'registration-%' AND (o."registrationId" IS NULL OR NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r.id = o."registrationId"))`],
    ["participants without a registration", `SELECT count(*)::int AS n FROM "Participant" p WHERE NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r."participantId" = p.id)`],
    ["consents without their sign-up", `SELECT count(*)::int AS n FROM "Consent" c WHERE c."registrationId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r.id = c."registrationId")`],
    ["two active registrations of one address for one event", `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Registration" WHERE status NOT IN ('CANCELLED','DECLINED') GROUP BY "eventId", "emailNormalized" HAVING count(*) > 1) d`],
  ];
  for (const [label, sql] of checks) {
    const [row] = await query<{ n: number }>(sql);
    if (row!.n > 0) problems.push(`${row!.n} ${label}`);
  }
  return problems;
}
