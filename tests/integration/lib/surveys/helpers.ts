import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { RegistrationStatus } from "@/lib/generated/prisma/enums";
import { createOrganizations } from "../../../support/fixtures";

// Past events and people in a given state, written directly: the survey only cares about the state a
// registration ended in (the check-in flow that leads there is tested in tests/integration/lib/checkin).

const HOUR = 3_600_000;

export async function pastEvent(
  db: PrismaClient,
  endsAt: Date,
  options: { surveyEnabled?: boolean; surveyDelayHours?: number; status?: "PUBLISHED" | "CLOSED" | "CANCELLED"; titleJa?: string } = {},
) {
  const { wdl, city } = await createOrganizations(db);
  return db.event.create({
    data: {
      slug: `survey-${randomBytes(4).toString("hex")}`,
      status: options.status ?? "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: options.titleJa ?? "アンケートのテスト",
      titleEn: "Survey test",
      descriptionJa: "説明",
      startsAt: new Date(endsAt.getTime() - 2 * HOUR),
      endsAt,
      venueName: "テスト会場",
      surveyEnabled: options.surveyEnabled ?? true,
      surveyDelayHours: options.surveyDelayHours ?? 24,
      organizers: { create: [{ organizationId: wdl.id, role: "HOST" }, { organizationId: city.id, role: "CO_HOST" }] },
    },
  });
}

export async function person(
  db: PrismaClient,
  eventId: string,
  status: RegistrationStatus,
  options: { anonymized?: boolean; locale?: "ja" | "en"; label?: string } = {},
) {
  const label = options.label ?? randomBytes(4).toString("hex");
  const email = `Survey.${label}@Example.com`;
  const normalized = email.toLowerCase();
  const participant = await db.participant.create({
    data: options.anonymized
      ? { anonymizedAt: new Date(), locale: options.locale ?? "ja", lastActiveAt: new Date(0) }
      : { email, emailNormalized: normalized, name: `回答 ${label}`, locale: options.locale ?? "ja", lastActiveAt: new Date(0) },
  });
  const registration = await db.registration.create({
    data: {
      eventId,
      participantId: participant.id,
      emailNormalized: options.anonymized ? null : normalized,
      status,
      locale: options.locale ?? "ja",
      manageTokenHash: randomBytes(32).toString("hex"),
      checkinCode: randomBytes(4).toString("hex").toUpperCase(),
    },
  });
  return { participant, registration, email };
}
