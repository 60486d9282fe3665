import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { EventArea, EventKind, Relationship, RegistrationStatus } from "@/lib/generated/prisma/enums";
import { createOrganizations } from "../../../support/fixtures";

// The ledger's raw material written directly: events the two partners (or only another organisation)
// organise, and people with registrations in a given state. How a registration reaches that state is tested
// with the registration and check-in flows.

const HOUR = 3_600_000;

export type StaffUser = { id: string; organizationId: string; role: "WDL_ADMIN" | "WDL_ORGANIZER" | "CITY_ADMIN" | "CITY_STAFF" | "CHECKIN" };

export async function staffUser(db: PrismaClient, organizationId: string, role: StaffUser["role"]): Promise<StaffUser> {
  const user = await db.user.create({
    data: { email: `${role.toLowerCase()}-${randomBytes(3).toString("hex")}@staff.example`, name: `${role} ${randomBytes(2).toString("hex")}`, organizationId, role },
  });
  return { id: user.id, organizationId: user.organizationId, role: user.role };
}

export async function ledgerEvent(
  db: PrismaClient,
  options: { startsAt: Date; area?: EventArea; kind?: EventKind; titleJa?: string; organizers?: string[] },
) {
  const { wdl, city } = await createOrganizations(db);
  const organizers = options.organizers ?? [wdl.id, city.id];
  return db.event.create({
    data: {
      slug: `ledger-${randomBytes(4).toString("hex")}`,
      status: "PUBLISHED",
      ownerOrganizationId: organizers[0]!,
      titleJa: options.titleJa ?? "台帳のテスト",
      descriptionJa: "説明",
      startsAt: options.startsAt,
      endsAt: new Date(options.startsAt.getTime() + 2 * HOUR),
      area: options.area ?? "TOKYO_AREA",
      kind: options.kind ?? "TALK",
      organizers: { create: organizers.map((organizationId, i) => ({ organizationId, role: i === 0 ? ("HOST" as const) : ("CO_HOST" as const) })) },
    },
  });
}

export async function ledgerPerson(
  db: PrismaClient,
  options: { cityConsent?: boolean; relationships?: Relationship[]; anonymized?: boolean } = {},
) {
  const label = randomBytes(4).toString("hex");
  const email = `ledger.${label}@example.com`;
  const participant = await db.participant.create({
    data: options.anonymized
      ? { anonymizedAt: new Date(), lastActiveAt: new Date(0) }
      : { email, emailNormalized: email, name: `台帳 ${label}`, relationships: options.relationships ?? ["VISITED"], lastActiveAt: new Date(0) },
  });
  if (options.cityConsent) {
    await db.consent.create({ data: { participantId: participant.id, purpose: "CITY_PROVISION", version: "test" } });
  }
  return { participant, email };
}

export async function register(
  db: PrismaClient,
  participantId: string,
  eventId: string,
  status: RegistrationStatus,
  options: { relationshipsAtSignup?: Relationship[]; createdAt?: Date } = {},
) {
  return db.registration.create({
    data: {
      eventId,
      participantId,
      status,
      relationshipsAtSignup: options.relationshipsAtSignup ?? [],
      createdAt: options.createdAt,
      checkedInAt: status === "ATTENDED" ? new Date() : null,
      manageTokenHash: randomBytes(32).toString("hex"),
      checkinCode: randomBytes(4).toString("hex").toUpperCase(),
    },
  });
}
