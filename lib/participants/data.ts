import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConsentPurpose } from "@/lib/generated/prisma/enums";
import { CONSENT_FOR_CATEGORY, SUBSCRIPTION_CATEGORIES } from "@/lib/mail/categories";
import type { Staff } from "@/lib/server/auth";
import { codebook } from "@/lib/participants/own-data-labels";
import { getDb } from "@/lib/server/db";
import { isCityRole } from "@/lib/staff/permissions";
import { eventScope } from "@/lib/staff/scope";

// What a person may read about themselves (APPI art. 33, 開示) and the staff's queue of deletion requests.
// Every query here names the person by id in its `where`: the export of one person can never carry another's
// rows, and an anonymised person gets nothing (their rows no longer say who they are).

// 2: adds `codebook` and `format.conventions` (the codes and times were already there).
// 3: adds `pendingChanges` (what a sign-up with this address typed, kept until the owner applies it).
export const OWN_DATA_FORMAT_VERSION = 3;

export type OwnData = {
  format: { name: "ogaki-kankei-participant-data"; version: number; exportedAt: string; conventions: { ja: string; en: string } };
  profile: {
    id: string;
    name: string | null;
    furigana: string | null;
    email: string | null;
    affiliation: string | null;
    prefectureCode: string | null;
    municipality: string | null;
    relationships: string[];
    interests: string[];
    skills: string[];
    locale: string;
    policyVersion: string | null;
    policyAcceptedAt: string | null;
    createdAt: string;
    lastActiveAt: string;
  };
  registrations: {
    id: string;
    event: { slug: string; titleJa: string; titleEn: string | null; startsAt: string; endsAt: string };
    status: string;
    createdAt: string;
    confirmedAt: string | null;
    cancelledAt: string | null;
    checkedInAt: string | null;
    howHeard: string | null;
    howHeardOther: string | null;
    relationshipsAtSignup: string[];
    answersPurgedAt: string | null;
    answers: { question: string; questionEn: string | null; text: string | null; choices: string[] }[];
    history: { from: string | null; to: string; by: string; at: string }[];
  }[];
  consents: { purpose: string; version: string; grantedAt: string; withdrawnAt: string | null; withdrawnVia: string | null }[];
  activities: { kind: string; source: string; occurredOn: string; note: string | null; createdAt: string }[];
  surveys: { event: string; satisfaction: number; joinAgain: string; nextSteps: string[]; comment: string | null; submittedAt: string }[];
  mailPreferences: { category: string; enabled: boolean }[];
  mails: { template: string; category: string; subject: string | null; status: string; createdAt: string; sentAt: string | null }[];
  /**
   * What sign-ups with this address typed and ticked that is not (yet) part of the profile: a known address's
   * sign-up keeps it aside until the owner applies it by the mailed one-time link (lib/registrations/pending).
   */
  pendingChanges: {
    event: string;
    createdAt: string;
    expiresAt: string;
    appliedAt: string | null;
    profile: Record<string, unknown>;
    consents: string[];
    policyVersion: string;
  }[];
  /** When the city received the person's data (APPI art. 29 records): date, kind and items, no staff names. */
  cityProvisions: { date: string; kind: string; items: string[] }[];
  /** The words (ja/en) for every code list used above (lib/participants/own-data-labels.ts). */
  codebook: Record<string, Record<string, { ja: string; en: string }>>;
};

// The JSON is for programs and for moving the data elsewhere (APPI portability): it keeps the stable codes and
// UTC times a program can rely on, and says so; people read the CSV, which uses words and Japan time.
const CONVENTIONS = {
  ja: "値のうち英大文字などのコードは変わらない識別子で、その日本語・英語の表記は codebook にあります。日時はすべて ISO 8601 形式の協定世界時（UTC）です（日本時間は9時間後）。",
  en: "Upper-case values are stable codes; their Japanese and English words are in codebook. All times are ISO 8601 in UTC (Japan time is 9 hours ahead).",
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Everything stored about one person, for their own download. Null for an unknown or anonymised person. */
export async function getOwnData(participantId: string, now: Date = new Date()): Promise<OwnData | null> {
  const db = getDb();
  const person = await db.participant.findUnique({ where: { id: participantId } });
  if (!person || person.anonymizedAt || !person.emailNormalized) return null;
  const [registrations, consents, activities, surveys, suppressions, mails, provisions, pending] = await Promise.all([
    db.registration.findMany({
      where: { participantId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        status: true,
        createdAt: true,
        confirmedAt: true,
        cancelledAt: true,
        checkedInAt: true,
        howHeard: true,
        howHeardOther: true,
        relationshipsAtSignup: true,
        answersPurgedAt: true,
        event: { select: { slug: true, titleJa: true, titleEn: true, startsAt: true, endsAt: true } },
        answers: {
          orderBy: { question: { position: "asc" } },
          select: { text: true, choices: true, question: { select: { labelJa: true, labelEn: true, options: true } } },
        },
        history: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { fromStatus: true, toStatus: true, actorType: true, createdAt: true } },
      },
    }),
    db.consent.findMany({ where: { participantId }, orderBy: [{ grantedAt: "asc" }, { id: "asc" }] }),
    db.activity.findMany({ where: { participantId }, orderBy: [{ occurredOn: "asc" }, { id: "asc" }] }),
    db.surveyResponse.findMany({
      where: { participantId },
      orderBy: { submittedAt: "asc" },
      select: { satisfaction: true, joinAgain: true, nextSteps: true, comment: true, submittedAt: true, event: { select: { titleJa: true } } },
    }),
    db.suppression.findMany({ where: { emailNormalized: person.emailNormalized }, select: { category: true } }),
    // What was sent, not what it said: the bodies hold other people's links and the event's text, not the person's data.
    db.outboxMessage.findMany({
      where: { participantId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { template: true, category: true, subject: true, status: true, createdAt: true, sentAt: true },
    }),
    db.provisionRecordItem.findMany({
      where: { participantId },
      select: { record: { select: { createdAt: true, kind: true, items: true } } },
    }),
    db.pendingSignupChange.findMany({
      where: { participantId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        createdAt: true,
        expiresAt: true,
        appliedAt: true,
        profile: true,
        consents: true,
        policyVersion: true,
        registration: { select: { event: { select: { titleJa: true } } } },
      },
    }),
  ]);
  const suppressed = new Set<string>(suppressions.map((s) => s.category));
  const current = new Set<ConsentPurpose>(consents.filter((c) => !c.withdrawnAt).map((c) => c.purpose));
  return {
    format: { name: "ogaki-kankei-participant-data", version: OWN_DATA_FORMAT_VERSION, exportedAt: now.toISOString(), conventions: CONVENTIONS },
    profile: {
      id: person.id,
      name: person.name,
      furigana: person.furigana,
      email: person.email,
      affiliation: person.affiliation,
      prefectureCode: person.prefectureCode,
      municipality: person.municipality,
      relationships: person.relationships,
      interests: person.interests,
      skills: person.skills,
      locale: person.locale,
      policyVersion: person.policyVersion,
      policyAcceptedAt: iso(person.policyAcceptedAt),
      createdAt: person.createdAt.toISOString(),
      lastActiveAt: person.lastActiveAt.toISOString(),
    },
    registrations: registrations.map((r) => ({
      id: r.id,
      event: { slug: r.event.slug, titleJa: r.event.titleJa, titleEn: r.event.titleEn, startsAt: r.event.startsAt.toISOString(), endsAt: r.event.endsAt.toISOString() },
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      confirmedAt: iso(r.confirmedAt),
      cancelledAt: iso(r.cancelledAt),
      checkedInAt: iso(r.checkedInAt),
      howHeard: r.howHeard,
      howHeardOther: r.howHeardOther,
      relationshipsAtSignup: r.relationshipsAtSignup,
      answersPurgedAt: iso(r.answersPurgedAt),
      answers: r.answers.map((a) => ({ question: a.question.labelJa, questionEn: a.question.labelEn, text: a.text, choices: choiceLabels(a.question.options, a.choices) })),
      history: r.history.map((h) => ({ from: h.fromStatus, to: h.toStatus, by: h.actorType, at: h.createdAt.toISOString() })),
    })),
    consents: consents.map((c) => ({ purpose: c.purpose, version: c.version, grantedAt: c.grantedAt.toISOString(), withdrawnAt: iso(c.withdrawnAt), withdrawnVia: c.withdrawnVia })),
    activities: activities.map((a) => ({ kind: a.kind, source: a.source, occurredOn: a.occurredOn.toISOString().slice(0, 10), note: a.note, createdAt: a.createdAt.toISOString() })),
    surveys: surveys.map((s) => ({ event: s.event.titleJa, satisfaction: s.satisfaction, joinAgain: s.joinAgain, nextSteps: s.nextSteps, comment: s.comment, submittedAt: s.submittedAt.toISOString() })),
    mailPreferences: SUBSCRIPTION_CATEGORIES.map((category) => {
      const purpose = CONSENT_FOR_CATEGORY[category];
      return { category, enabled: !suppressed.has(category) && (purpose === null || current.has(purpose)) };
    }),
    mails: mails.map((m) => ({ template: m.template, category: m.category, subject: m.subject, status: m.status, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt) })),
    pendingChanges: pending.map((c) => ({
      event: c.registration.event.titleJa,
      createdAt: c.createdAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
      appliedAt: iso(c.appliedAt),
      profile: c.profile && typeof c.profile === "object" && !Array.isArray(c.profile) ? (c.profile as Record<string, unknown>) : {},
      consents: c.consents,
      policyVersion: c.policyVersion,
    })),
    cityProvisions: provisions
      .map((p) => ({ date: p.record.createdAt.toISOString(), kind: p.record.kind, items: p.record.items }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    codebook: codebook(),
  };
}

/** Choice answers as the person saw them (the option's Japanese label), falling back to the stored id. */
function choiceLabels(options: Prisma.JsonValue, choices: string[]): string[] {
  const list = Array.isArray(options) ? (options as { id?: unknown; labelJa?: unknown }[]) : [];
  return choices.map((id) => {
    const option = list.find((o) => o && o.id === id);
    return typeof option?.labelJa === "string" ? option.labelJa : id;
  });
}

/** The consents shown on the person's page: current ones first (each can be withdrawn), then the history. */
export async function listOwnConsents(participantId: string) {
  return getDb().consent.findMany({
    where: { participantId, participant: { anonymizedAt: null } },
    orderBy: [{ grantedAt: "desc" }, { id: "desc" }],
    select: { id: true, purpose: true, version: true, grantedAt: true, withdrawnAt: true, withdrawnVia: true },
  });
}

/** What a deletion would do, for the confirmation step: seats given back and copies the city holds. */
export async function getDeletionPreview(participantId: string, now: Date = new Date()) {
  const db = getDb();
  const person = await db.participant.findUnique({ where: { id: participantId }, select: { anonymizedAt: true, emailNormalized: true } });
  if (!person || person.anonymizedAt || !person.emailNormalized) return null;
  const [upcomingRegistrations, cityProvisions] = await Promise.all([
    db.registration.count({ where: { participantId, status: { in: ["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED"] }, event: { startsAt: { gt: now } } } }),
    db.provisionRecordItem.count({ where: { participantId } }),
  ]);
  return { upcomingRegistrations, cityProvisions };
}

/** The latest deletion request of a person (the result page after a deletion). */
export async function getLatestDeletionRequest(participantId: string) {
  return getDb().deletionRequest.findFirst({
    where: { participantId },
    orderBy: { requestedAt: "desc" },
    select: { id: true, requestedAt: true, completedAt: true, status: true, cityProvisionCount: true },
  });
}

// ───────────────────────────── The staff queue ─────────────────────────────

/**
 * APPI art. 35 asks a business to respond to a deletion (利用停止等) request "without delay" (遅滞なく) and gives no
 * number of days; we fix 30 days as the outer limit for every step of a request, the city's deletion of its copy
 * included (PPC guidance treats about two weeks to a month as reasonable). Overdue ones are shown first.
 */
export const REQUEST_DUE_DAYS = 30;

export function requestDueAt(requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + REQUEST_DUE_DAYS * 24 * 3600_000);
}

export type DeletionRequestRow = {
  id: string;
  via: string;
  status: "REQUESTED" | "COMPLETED";
  requestedAt: Date;
  completedAt: Date | null;
  dueAt: Date;
  cityProvisionCount: number;
  cityCopyDeletedAt: Date | null;
  cityCopyDeletedBy: string | null;
  /** Something is still to do (the deletion itself, or the city's copy) and the due date has passed. */
  overdue: boolean;
  /** The city has still to confirm it deleted its copy. */
  cityPending: boolean;
  /** The events (of this organisation) the person had registered for: what the request concerns. */
  events: { id: string; titleJa: string; titleEn: string | null; startsAt: Date }[];
  /** The provision records (art. 29) that included the person: which view or export of which event. */
  provisions: { id: string; date: Date; kind: "VIEW" | "EXPORT"; event: { titleJa: string; titleEn: string | null } | null; items: string[] }[];
};

/**
 * The requests a staff member's organisation must act on or may see. WDL: people who registered for one of its
 * events. The city: people whose data it received (provision records with the city as recipient). Nothing in a
 * row identifies the person: they are already anonymised; the row is the record of the request.
 */
export function deletionRequestScope(staff: Pick<Staff, "organizationId" | "role">): Prisma.DeletionRequestWhereInput {
  if (isCityRole(staff.role)) {
    return { participant: { provisionItems: { some: { record: { recipientOrganizationId: staff.organizationId } } } } };
  }
  return { participant: { registrations: { some: { event: eventScope(staff) } } } };
}

export async function listDeletionRequests(
  staff: Pick<Staff, "organizationId" | "role">,
  options: { now?: Date; filter?: "open" | "all"; take?: number } = {},
): Promise<DeletionRequestRow[]> {
  const now = options.now ?? new Date();
  const open: Prisma.DeletionRequestWhereInput = { OR: [{ status: "REQUESTED" }, { cityProvisionCount: { gt: 0 }, cityCopyDeletedAt: null }] };
  const rows = await getDb().deletionRequest.findMany({
    where: { AND: [deletionRequestScope(staff), options.filter === "open" ? open : {}] },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    take: options.take ?? 500,
    select: {
      id: true,
      via: true,
      status: true,
      requestedAt: true,
      completedAt: true,
      cityProvisionCount: true,
      cityCopyDeletedAt: true,
      cityCopyDeletedBy: { select: { name: true, email: true } },
      // What the request concerns, within the staff member's own scope: the city sees the provisions it received.
      participant: {
        select: {
          registrations: { where: { event: eventScope(staff) }, select: { event: { select: { id: true, titleJa: true, titleEn: true, startsAt: true } } } },
          provisionItems: {
            where: isCityRole(staff.role) ? { record: { recipientOrganizationId: staff.organizationId } } : {},
            select: { record: { select: { id: true, createdAt: true, kind: true, items: true, event: { select: { titleJa: true, titleEn: true } } } } },
          },
        },
      },
    },
  });
  return rows
    .map((r) => {
      const dueAt = requestDueAt(r.requestedAt);
      const cityPending = r.cityProvisionCount > 0 && !r.cityCopyDeletedAt;
      return {
        id: r.id,
        via: r.via,
        status: r.status,
        requestedAt: r.requestedAt,
        completedAt: r.completedAt,
        dueAt,
        cityProvisionCount: r.cityProvisionCount,
        cityCopyDeletedAt: r.cityCopyDeletedAt,
        cityCopyDeletedBy: r.cityCopyDeletedBy ? (r.cityCopyDeletedBy.name ?? r.cityCopyDeletedBy.email) : null,
        overdue: (r.status === "REQUESTED" || cityPending) && now.getTime() > dueAt.getTime(),
        cityPending,
        events: [...new Map((r.participant?.registrations ?? []).map(({ event }) => [event.id, event])).values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
        provisions: (r.participant?.provisionItems ?? [])
          .map(({ record }) => ({ id: record.id, date: record.createdAt, kind: record.kind, event: record.event, items: record.items }))
          .sort((a, b) => a.date.getTime() - b.date.getTime() || a.id.localeCompare(b.id)),
      };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || Number(b.cityPending) - Number(a.cityPending) || a.requestedAt.getTime() - b.requestedAt.getTime());
}
