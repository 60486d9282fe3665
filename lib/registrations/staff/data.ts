import "server-only";
import { recordAudit, recordProvision } from "@/lib/audit/mutations";
import { getStaffEvent } from "@/lib/events/staff/data";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ActivityKind, ActivitySource, ConsentPurpose, EventArea, EventKind, JoinAgain, NextStep } from "@/lib/generated/prisma/enums";
import { getPersonStage, type PersonStage } from "@/lib/insights/data";
import { followNextSteps, type LedgerFacts, type NextStepOutcome } from "@/lib/insights/next-steps";
import type { QuestionOption } from "@/lib/registrations/data";
import {
  CITY_PARTICIPANT_FIELDS,
  cityParticipantSelect,
  cityProvisionItems,
  toCityParticipant,
  type CityParticipant,
  isCityVisibleQuestion,
  registrationView,
  type RegistrationView,
} from "@/lib/registrations/staff/city";
import { tableColumns } from "@/lib/registrations/staff/columns";
import { PAGE_SIZE, REGISTRATION_STATUSES, type RegistrationQuery, type RegistrationStatus } from "@/lib/registrations/staff/schema";
import type { Staff } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { can, isCityRole } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";

// The staff registrations table and a person's detail. Each function takes the staff member explicitly and
// decides from their role what they get: WDL organisers the full list, city staff only people with a current
// provision consent and only the city's fields (lib/registrations/staff/city.ts). The scope is in every
// `where` (another organisation's event or person is null, as if it did not exist), and every view is
// audited here, where the data is read, so no page can forget it; what city staff see is also a provision
// record (APPI art. 29) naming each person and the consent it relied on.

type StaffRef = Pick<Staff, "id" | "organizationId" | "role">;
type Context = { ip?: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Kana and spaces: 「さとう はるか」 finds 「サトウ ハルカ」 and 「佐藤遥」 finds 「佐藤 遥」. The search compares
// space-free text with the query in hiragana and in katakana (two patterns), which Postgres does fast; the
// name sort folds hiragana into katakana with translate(), which is slower per row but runs only on the
// event's own rows.
const HIRAGANA = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join("");
const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join("");

const likeEscape = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** The ILIKE patterns of a name search: the query without spaces, in katakana and in hiragana. */
export function nameSearchPatterns(q: string): string[] {
  const compact = q.normalize("NFKC").replace(/\s+/g, "");
  const katakana = compact.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
  const hiragana = compact.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
  return [...new Set([katakana, hiragana])].map((text) => `%${likeEscape(text)}%`);
}

const IDEOGRAPHIC_SPACE = "\u3000";
const spaceless = (column: Prisma.Sql) => Prisma.sql`replace(replace(coalesce(${column}, ''), ' ', ''), ${IDEOGRAPHIC_SPACE}, '')`;
const kanaSortKey = (column: Prisma.Sql) => Prisma.sql`translate(coalesce(${column}, ''), ${HIRAGANA}, ${KATAKANA})`;

const CURRENT_PROVISION_CONSENT = Prisma.sql`EXISTS (
  SELECT 1 FROM "Consent" c
  WHERE c."participantId" = r."participantId" AND c.purpose = 'CITY_PROVISION' AND c."withdrawnAt" IS NULL)`;

/** Conditions on the registration row itself (alias r): answered from the Registration indexes. */
function registrationConditions(eventId: string, query: RegistrationQuery, view: RegistrationView): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [Prisma.sql`r."eventId" = ${eventId}::uuid`];
  if (query.statuses.length > 0) parts.push(Prisma.sql`r.status = ANY(${query.statuses}::"RegistrationStatus"[])`);
  // The city's list is always limited to a current provision consent (the partial index "Consent_current_key"
  // answers each EXISTS); the consent filter is the organisers' tool and is ignored for the city.
  if (view === "city" || query.consent === "yes") parts.push(CURRENT_PROVISION_CONSENT);
  else if (query.consent === "no") parts.push(Prisma.sql`NOT ${CURRENT_PROVISION_CONSENT}`);
  return parts;
}

/** Conditions on the person (columns of `p`): search, interest, relationship. */
function participantConditions(query: RegistrationQuery, view: RegistrationView, p: Prisma.Sql): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (query.interest) parts.push(Prisma.sql`${p}.interests @> ARRAY[${query.interest}]::text[]`);
  if (query.relationship) parts.push(Prisma.sql`${p}.relationships @> ARRAY[${query.relationship}]::"Relationship"[]`);
  const q = query.q.trim();
  if (q) {
    const patterns = nameSearchPatterns(q);
    const byName = Prisma.sql`${spaceless(Prisma.sql`${p}.name`)} ILIKE ANY(${patterns}::text[]) OR ${spaceless(Prisma.sql`${p}.furigana`)} ILIKE ANY(${patterns}::text[])`;
    // The city never searches by email: it could tell whether an address it knows is on the list.
    parts.push(
      view === "full"
        ? Prisma.sql`(${byName} OR ${p}."emailNormalized" ILIKE ${`%${likeEscape(q.normalize("NFKC").toLowerCase())}%`})`
        : Prisma.sql`(${byName})`,
    );
  }
  return parts;
}

function listOrder(query: RegistrationQuery, r: Prisma.Sql, p: Prisma.Sql): Prisma.Sql {
  const dir = query.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  switch (query.sort) {
    case "name":
      return Prisma.sql`${kanaSortKey(Prisma.sql`coalesce(${p}.furigana, ${p}.name)`)} ${dir}, ${p}.name ${dir}, ${r}.id ${dir}`;
    case "status":
      return Prisma.sql`${r}.status ${dir}, ${r}."createdAt" ASC, ${r}.id ASC`;
    case "created":
      return Prisma.sql`${r}."createdAt" ${dir}, ${r}.id ${dir}`;
  }
}

/**
 * The filtered count and a page of ids. Without conditions on the person, both come straight from the
 * Registration indexes ((eventId, createdAt), (eventId, status)); the page joins Participant only for its
 * order. With a search or a person filter, the event's rows are joined with their people once
 * (MATERIALIZED) and the conditions run on those rows only: otherwise the planner may scan every person
 * in the ledger, which grows with every event, to evaluate the search.
 */
function listQueries(eventId: string, query: RegistrationQuery, view: RegistrationView) {
  const db = getDb();
  const r = Prisma.raw("r");
  const p = Prisma.raw("p");
  const where = Prisma.join(registrationConditions(eventId, query, view), " AND ");
  const personal = participantConditions(query, view, Prisma.raw("rp"));
  if (personal.length === 0) {
    return {
      count: () => db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM "Registration" r WHERE ${where}`,
      page: (page: number) => db.$queryRaw<{ id: string }[]>`
        SELECT r.id FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
        WHERE ${where}
        ORDER BY ${listOrder(query, r, p)}
        LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
    };
  }
  const rows = Prisma.sql`WITH rp AS MATERIALIZED (
    SELECT r.id, r.status, r."createdAt", p.name, p.furigana, p."emailNormalized", p.interests, p.relationships
    FROM "Registration" r JOIN "Participant" p ON p.id = r."participantId"
    WHERE ${where})`;
  const personalWhere = Prisma.join(personal, " AND ");
  const rp = Prisma.raw("rp");
  return {
    count: () => db.$queryRaw<{ count: number }[]>`${rows} SELECT count(*)::int AS count FROM rp WHERE ${personalWhere}`,
    page: (page: number) => db.$queryRaw<{ id: string }[]>`
      ${rows} SELECT rp.id FROM rp WHERE ${personalWhere}
      ORDER BY ${listOrder(query, rp, rp)}
      LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
  };
}

export type StateCounts = Record<RegistrationStatus, number>;

export type StaffQuestion = {
  id: string;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  labelJa: string;
  labelEn: string | null;
  options: QuestionOption[];
  sensitive: boolean;
  archived: boolean;
};

export type AnswerCell = { text: string | null; choices: string[] };

/** A row of the city's list: the city's fields only (no email, no consent details, no staff notes). */
export type CityRegistrationRow = {
  id: string;
  status: RegistrationStatus;
  checkedInAt: Date | null;
  participant: CityParticipant;
  answers: Record<string, AnswerCell>;
};

/** A row of the organisers' list. */
export type FullRegistrationRow = CityRegistrationRow & {
  createdAt: Date;
  email: string | null;
  cityConsent: boolean;
  staffNote: string | null;
};

type ListCommon = {
  event: { id: string; titleJa: string; titleEn: string | null; startsAt: Date; endsAt: Date; capacity: number | null; status: string };
  questions: StaffQuestion[];
  counts: StateCounts;
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
};

export type RegistrationList =
  | (ListCommon & { view: "full"; rows: FullRegistrationRow[] })
  | (ListCommon & { view: "city"; rows: CityRegistrationRow[] });

function emptyCounts(): StateCounts {
  return Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as StateCounts;
}

type EventQuestion = NonNullable<Awaited<ReturnType<typeof getStaffEvent>>>["questions"][number];

/** The questions a view has columns for: the city's only those it may see, and no removed ones. */
function staffQuestions(questions: EventQuestion[], view: RegistrationView): StaffQuestion[] {
  return questions
    .filter((q) => (view === "city" ? isCityVisibleQuestion(q) : true))
    .filter((q) => q.archivedAt === null || view === "full")
    .map((q) => ({
      id: q.id,
      kind: q.kind,
      labelJa: q.labelJa,
      labelEn: q.labelEn,
      options: Array.isArray(q.options) ? (q.options as QuestionOption[]) : [],
      sensitive: q.sensitive,
      archived: q.archivedAt !== null,
    }));
}

/**
 * The optional columns of an event's registrations table for this staff member (the column chooser's
 * choices), or null when the event is not theirs or their role has no list. Reads no registration.
 */
export async function registrationTableColumns(staff: StaffRef, eventId: string): Promise<string[] | null> {
  const view = registrationView(staff.role);
  if (!view) return null;
  const event = await getStaffEvent(staff, eventId);
  if (!event) return null;
  return tableColumns(
    view,
    staffQuestions(event.questions, view).map((q) => q.id),
  );
}

/** The registrations table columns this staff member chose to hide (their own row only). */
export async function getHiddenRegistrationColumns(staff: Pick<StaffRef, "id">): Promise<string[]> {
  const user = await getDb().user.findUnique({ where: { id: staff.id }, select: { hiddenRegistrationColumns: true } });
  return user?.hiddenRegistrationColumns ?? [];
}

/**
 * One page of an event's registrations for a staff member, with the total of the filtered list and the
 * counts by state, or null when the event is not theirs (or their role has no list). Four statements
 * whatever the page: counts by state, the filtered count, the page's ids, and the page's rows (Prisma
 * batches the answers and consents of the 50 rows into one statement each).
 */
export async function listEventRegistrations(
  staff: StaffRef,
  eventId: string,
  query: RegistrationQuery,
  context: Context = {},
): Promise<RegistrationList | null> {
  const view = registrationView(staff.role);
  if (!view) return null;
  const event = await getStaffEvent(staff, eventId);
  if (!event) return null;
  const db = getDb();

  const questions = staffQuestions(event.questions, view);

  const stateWhere =
    view === "city" ? Prisma.sql`r."eventId" = ${event.id}::uuid AND ${CURRENT_PROVISION_CONSENT}` : Prisma.sql`r."eventId" = ${event.id}::uuid`;
  const list = listQueries(event.id, query, view);

  const [stateRows, [countRow], firstTry] = await Promise.all([
    db.$queryRaw<{ status: RegistrationStatus; count: number }[]>`
      SELECT r.status::text AS status, count(*)::int AS count FROM "Registration" r WHERE ${stateWhere} GROUP BY r.status`,
    list.count(),
    list.page(query.page),
  ]);
  const total = countRow?.count ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page past the end (the list shrank, or a hand-edited URL) shows the last page instead of nothing.
  const page = Math.min(query.page, pageCount);
  const ids = (page === query.page ? firstTry : await list.page(page)).map((r) => r.id);

  const counts = emptyCounts();
  for (const row of stateRows) counts[row.status] = row.count;

  const questionIds = questions.map((q) => q.id);
  const base = {
    event: { id: event.id, titleJa: event.titleJa, titleEn: event.titleEn, startsAt: event.startsAt, endsAt: event.endsAt, capacity: event.capacity, status: event.status },
    questions,
    counts,
    total,
    page,
    pageCount,
    pageSize: PAGE_SIZE,
  };
  const auditDetail = {
    view,
    page,
    q: query.q || undefined,
    statuses: query.statuses.length ? query.statuses : undefined,
    consent: query.consent ?? undefined,
    interest: query.interest ?? undefined,
    relationship: query.relationship ?? undefined,
    sort: `${query.sort}:${query.dir}`,
  };

  if (view === "city") {
    const found = await db.registration.findMany({
      where: { id: { in: ids }, eventId: event.id },
      select: {
        id: true,
        status: true,
        checkedInAt: true,
        answersPurgedAt: true,
        participant: {
          select: {
            ...cityParticipantSelect,
            consents: { where: { purpose: "CITY_PROVISION", withdrawnAt: null }, select: { id: true } },
          },
        },
        answers: { where: { questionId: { in: questionIds } }, select: { questionId: true, text: true, choices: true } },
      },
    });
    const byId = new Map(found.map((r) => [r.id, r]));
    // Re-checked on the rows themselves: a consent withdrawn between the two statements hides the person.
    const shown = ids.flatMap((id) => {
      const r = byId.get(id);
      const consentId = r?.participant.consents[0]?.id;
      return r && consentId ? [{ r, consentId }] : [];
    });
    const rows: CityRegistrationRow[] = shown.map(({ r }) => ({
      id: r.id,
      status: r.status,
      checkedInAt: r.checkedInAt,
      participant: toCityParticipant(r.participant),
      answers: r.answersPurgedAt ? {} : answerMap(r.answers),
    }));
    const persons = uniquePersons(shown.map(({ r, consentId }) => ({ participantId: r.participant.id, consentId })));
    await recordProvision(staff, { kind: "VIEW", eventId: event.id, items: cityProvisionItems(event.questions), persons });
    await recordAudit(staff, {
      action: "registrations.list",
      targetType: "Event",
      targetId: event.id,
      eventId: event.id,
      subjectCount: persons.length,
      detail: { ...auditDetail, participantIds: persons.map((p) => p.participantId) },
      ip: context.ip,
    });
    return { ...base, view, rows };
  }

  const found = await db.registration.findMany({
    where: { id: { in: ids }, eventId: event.id },
    select: {
      id: true,
      status: true,
      createdAt: true,
      checkedInAt: true,
      staffNote: true,
      answersPurgedAt: true,
      participant: {
        select: {
          ...cityParticipantSelect,
          email: true,
          consents: { where: { purpose: "CITY_PROVISION", withdrawnAt: null }, select: { id: true } },
        },
      },
      answers: { where: { questionId: { in: questionIds } }, select: { questionId: true, text: true, choices: true } },
    },
  });
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows: FullRegistrationRow[] = ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        status: r.status,
        createdAt: r.createdAt,
        checkedInAt: r.checkedInAt,
        staffNote: r.staffNote,
        email: r.participant.email,
        cityConsent: r.participant.consents.length > 0,
        participant: toCityParticipant(r.participant),
        answers: r.answersPurgedAt ? {} : answerMap(r.answers),
      },
    ];
  });
  await recordAudit(staff, {
    action: "registrations.list",
    targetType: "Event",
    targetId: event.id,
    eventId: event.id,
    subjectCount: rows.length,
    detail: { ...auditDetail, participantIds: [...new Set(rows.map((r) => r.participant.id))] },
    ip: context.ip,
  });
  return { ...base, view, rows };
}

function answerMap(answers: { questionId: string; text: string | null; choices: string[] }[]): Record<string, AnswerCell> {
  return Object.fromEntries(answers.map((a) => [a.questionId, { text: a.text, choices: a.choices }]));
}

/** A person can appear twice in one event (a cancelled and a new registration): one provision item each. */
function uniquePersons(persons: { participantId: string; consentId: string }[]) {
  const seen = new Map<string, { participantId: string; consentId: string }>();
  for (const p of persons) if (!seen.has(p.participantId)) seen.set(p.participantId, p);
  return [...seen.values()];
}

/**
 * The selected registrations of an event in the staff member's scope, for a bulk change: ids of other events
 * or organisations are simply not found (each is reported as such, never changed).
 */
export async function findEventRegistrations(staff: StaffRef, eventId: string, ids: string[]) {
  if (!UUID.test(eventId) || ids.length === 0) return [];
  return getDb().registration.findMany({
    where: { id: { in: ids.filter((id) => UUID.test(id)) }, eventId, event: eventScope(staff) },
    select: { id: true, status: true, participant: { select: { name: true } } },
  });
}

// ───────────────────────────── a person's detail: the ledger ─────────────────────────────

export type LedgerActivity = {
  id: string;
  kind: ActivityKind;
  source: ActivitySource;
  occurredOn: Date;
  /** Organisers only: the free text may say anything about the person, and it is not among the city's items. */
  note?: string | null;
  /** Organisers only: who recorded it (a staff member of either organisation). */
  recordedBy?: { name: string | null; organizationJa: string; organizationEn: string } | null;
  /** Recorded by staff of the viewer's own organisation, and the viewer may record activities. */
  removable: boolean;
};

export type LedgerSurvey = {
  id: string;
  eventId: string;
  submittedAt: Date;
  satisfaction: number;
  joinAgain: JoinAgain;
  nextSteps: NextStep[];
  comment: string | null;
  outcomes: NextStepOutcome<LedgerEvent>[];
};

type LedgerEvent = { id: string; titleJa: string; titleEn: string | null; startsAt: Date; endsAt: Date; area: EventArea; kind: EventKind };

export type ParticipantDetail = {
  view: RegistrationView;
  participant: CityParticipant & {
    // Organisers only:
    email?: string | null;
    skills?: string[];
    locale?: string;
    createdAt?: Date;
    lastActiveAt?: Date;
  };
  consents: { id: string; purpose: ConsentPurpose; version: string; grantedAt: Date; withdrawnAt: Date | null; withdrawnVia: string | null }[];
  registrations: {
    id: string;
    status: RegistrationStatus;
    createdAt: Date;
    checkedInAt: Date | null;
    event: LedgerEvent;
    /** Organisers only: the answers to the event's questions, in question order (none once purged). */
    answers?: { question: StaffQuestion; answer: AnswerCell }[];
    history: {
      id: string;
      fromStatus: RegistrationStatus | null;
      toStatus: RegistrationStatus;
      actorType: "PARTICIPANT" | "STAFF" | "SYSTEM";
      actorName: string | null;
      reason: string | null;
      createdAt: Date;
    }[];
  }[];
  /** Where the person stands now, from the same facts the dashboard counts (lib/insights). */
  stage: PersonStage | null;
  /** The relationship to Ogaki they gave at their first registration in scope (the ledger's "at entry"). */
  relationshipsAtEntry: string[];
  activities: LedgerActivity[];
  /** Organisers only: survey answers are not among the items the city receives. */
  surveys?: LedgerSurvey[];
};

/** Consents the city is shown on a person's page: its own two (provision to it, its newsletter). */
const CITY_CONSENT_PURPOSES = ["CITY_PROVISION", "CITY_NEWS"] as const;

/** What the city is shown on a person's page (the provision record's items). */
const CITY_LEDGER_ITEMS = [...CITY_PARTICIPANT_FIELDS, "registrations", "history", "relationshipsAtSignup", "stage", "activities"];

type AccessDb = Pick<ReturnType<typeof getDb>, "consent" | "registration">;

export type ParticipantAccess = { view: RegistrationView; provisionConsentId: string | null };

/**
 * Whether a staff member may see a person, and how: only through a registration for an event their
 * organisation organises, and for city staff only with a current provision consent. The one rule for the
 * person's page and for every change made from it (lib/activities/mutations.ts), so the two cannot drift.
 * `db` may be a transaction, so a change re-checks inside it.
 */
export async function participantAccess(staff: StaffRef, participantId: string, db: AccessDb = getDb()): Promise<ParticipantAccess | null> {
  if (!can(staff.role, "participants.view") || !UUID.test(participantId)) return null;
  const view: RegistrationView = isCityRole(staff.role) ? "city" : "full";
  const [provisionConsent, inScope] = await Promise.all([
    view === "city"
      ? db.consent.findFirst({ where: { participantId, purpose: "CITY_PROVISION", withdrawnAt: null }, select: { id: true } })
      : Promise.resolve(null),
    db.registration.findFirst({ where: { participantId, event: eventScope(staff) }, select: { id: true } }),
  ]);
  if (!inScope || (view === "city" && !provisionConsent)) return null;
  return { view, provisionConsentId: provisionConsent?.id ?? null };
}

/**
 * A person's ledger as a staff member may see them (participantAccess): profile, registrations across the
 * organisation's events, stage, relationship at entry and now, activities, consents, and for organisers
 * the surveys with what came of each chosen next step. City staff get only the city's fields (no email, no
 * survey answers, no activity notes). Audited; a city view is a provision record.
 */
export async function getStaffParticipant(
  staff: StaffRef,
  participantId: string,
  context: Context & { now?: Date } = {},
): Promise<ParticipantDetail | null> {
  const access = await participantAccess(staff, participantId);
  if (!access) return null;
  const { view } = access;
  const db = getDb();
  const eventSelect = { id: true, titleJa: true, titleEn: true, startsAt: true, endsAt: true, area: true, kind: true } as const;

  const [registrations, person, consents, activities, surveys, stage] = await Promise.all([
    db.registration.findMany({
      where: { participantId, event: eventScope(staff) },
      orderBy: [{ event: { startsAt: "desc" } }, { createdAt: "desc" }],
      select: {
        id: true,
        status: true,
        createdAt: true,
        checkedInAt: true,
        relationshipsAtSignup: true,
        answersPurgedAt: true,
        event: { select: eventSelect },
        // The city is not shown answers here: they are not among the items of its provision record.
        answers:
          view === "full"
            ? {
                orderBy: { question: { position: "asc" } },
                select: {
                  text: true,
                  choices: true,
                  question: { select: { id: true, kind: true, labelJa: true, labelEn: true, options: true, sensitive: true, archivedAt: true } },
                },
              }
            : { where: { id: { in: [] } }, select: { text: true, choices: true, question: { select: { id: true, kind: true, labelJa: true, labelEn: true, options: true, sensitive: true, archivedAt: true } } } },
        history: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { id: true, fromStatus: true, toStatus: true, actorType: true, reason: true, createdAt: true, actor: { select: { name: true } } },
        },
      },
    }),
    db.participant.findUnique({
      where: { id: participantId },
      select:
        view === "city"
          ? cityParticipantSelect
          : { ...cityParticipantSelect, email: true, skills: true, locale: true, createdAt: true, lastActiveAt: true },
    }),
    db.consent.findMany({
      where: { participantId, ...(view === "city" ? { purpose: { in: [...CITY_CONSENT_PURPOSES] } } : {}) },
      orderBy: [{ grantedAt: "desc" }, { id: "desc" }],
      select: { id: true, purpose: true, version: true, grantedAt: true, withdrawnAt: true, withdrawnVia: true },
    }),
    db.activity.findMany({
      where: { participantId },
      orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        kind: true,
        source: true,
        occurredOn: true,
        note: true,
        recordedBy: { select: { name: true, organizationId: true, organization: { select: { nameJa: true, nameEn: true } } } },
      },
    }),
    view === "full"
      ? db.surveyResponse.findMany({
          where: { participantId, event: eventScope(staff) },
          orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
          select: { id: true, eventId: true, submittedAt: true, satisfaction: true, joinAgain: true, nextSteps: true, comment: true },
        })
      : Promise.resolve([]),
    getPersonStage(staff, participantId, { now: context.now }),
  ]);
  if (!person || registrations.length === 0) return null;

  // The first registration in scope, by when it was made (the list above is ordered by event date).
  const entry = registrations.reduce((first, r) => (r.createdAt < first.createdAt || (r.createdAt.getTime() === first.createdAt.getTime() && r.id < first.id) ? r : first));
  const mayRemove = can(staff.role, "activities.record");
  const ledgerActivities: LedgerActivity[] = activities.map((a) => ({
    id: a.id,
    kind: a.kind,
    source: a.source,
    occurredOn: a.occurredOn,
    ...(view === "full"
      ? {
          note: a.note,
          recordedBy: a.recordedBy
            ? { name: a.recordedBy.name, organizationJa: a.recordedBy.organization.nameJa, organizationEn: a.recordedBy.organization.nameEn }
            : null,
        }
      : {}),
    removable: mayRemove && a.source === "STAFF" && a.recordedBy?.organizationId === staff.organizationId,
  }));

  const { anonymizedAt, ...fields } = person as typeof person & { anonymizedAt: Date | null };
  const detail: ParticipantDetail = {
    view,
    participant: { ...fields, anonymized: anonymizedAt !== null },
    consents,
    registrations: registrations.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.createdAt,
      checkedInAt: r.checkedInAt,
      event: r.event,
      ...(view === "full"
        ? {
            answers: r.answersPurgedAt
              ? []
              : r.answers.map((a) => ({
                  question: {
                    id: a.question.id,
                    kind: a.question.kind,
                    labelJa: a.question.labelJa,
                    labelEn: a.question.labelEn,
                    options: Array.isArray(a.question.options) ? (a.question.options as QuestionOption[]) : [],
                    sensitive: a.question.sensitive,
                    archived: a.question.archivedAt !== null,
                  },
                  answer: { text: a.text, choices: a.choices },
                })),
          }
        : {}),
      history: r.history.map((h) => ({
        id: String(h.id),
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        actorType: h.actorType,
        actorName: h.actor?.name ?? null,
        reason: h.reason,
        createdAt: h.createdAt,
      })),
    })),
    stage,
    relationshipsAtEntry: entry.relationshipsAtSignup,
    activities: ledgerActivities,
  };

  if (view === "full") {
    const ledger: LedgerFacts<LedgerEvent> = {
      attended: registrations.filter((r) => r.status === "ATTENDED").map((r) => r.event),
      activities,
      consents,
    };
    detail.surveys = surveys.map((s) => ({ ...s, outcomes: followNextSteps(s, ledger) }));
  }

  if (view === "city" && access.provisionConsentId) {
    await recordProvision(staff, {
      kind: "VIEW",
      eventId: null,
      items: CITY_LEDGER_ITEMS,
      persons: [{ participantId, consentId: access.provisionConsentId }],
    });
  }
  await recordAudit(staff, {
    action: "participant.view",
    targetType: "Participant",
    targetId: participantId,
    subjectCount: 1,
    detail: { view, registrationIds: registrations.map((r) => r.id) },
    ip: context.ip,
  });
  return detail;
}
