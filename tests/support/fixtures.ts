import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { SignupInput } from "@/lib/registrations/schema";

// Small builders for integration tests: an organisation pair and an event with the given rules.

export async function createOrganizations(db: PrismaClient) {
  const wdl = await db.organization.upsert({
    where: { slug: "wdl" },
    create: { slug: "wdl", kind: "WDL", nameJa: "一般社団法人Work Design Lab", nameEn: "Work Design Lab" },
    update: {},
  });
  const city = await db.organization.upsert({
    where: { slug: "ogaki-city" },
    create: { slug: "ogaki-city", kind: "CITY", nameJa: "大垣市", nameEn: "Ogaki City" },
    update: {},
  });
  return { wdl, city };
}

export async function createEvent(
  db: PrismaClient,
  overrides: Partial<{
    capacity: number | null;
    waitlistEnabled: boolean;
    approvalRequired: boolean;
    status: "DRAFT" | "PUBLISHED" | "CLOSED" | "CANCELLED";
    startsAt: Date;
    registrationClosesAt: Date | null;
    offerHoldHours: number;
  }> = {},
) {
  const { wdl, city } = await createOrganizations(db);
  const startsAt = overrides.startsAt ?? new Date(Math.floor((Date.now() + 14 * 24 * 3600_000) / 60_000) * 60_000);
  return db.event.create({
    data: {
      slug: `event-${randomBytes(4).toString("hex")}`,
      status: overrides.status ?? "PUBLISHED",
      ownerOrganizationId: wdl.id,
      titleJa: "テストイベント",
      descriptionJa: "説明",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      venueName: "テスト会場",
      capacity: overrides.capacity === undefined ? 20 : overrides.capacity,
      waitlistEnabled: overrides.waitlistEnabled ?? true,
      approvalRequired: overrides.approvalRequired ?? false,
      registrationClosesAt: overrides.registrationClosesAt ?? null,
      offerHoldHours: overrides.offerHoldHours ?? 48,
      organizers: {
        create: [
          { organizationId: wdl.id, role: "HOST" },
          { organizationId: city.id, role: "CO_HOST" },
        ],
      },
    },
  });
}

export function signup(n: number | string, overrides: Partial<SignupInput> = {}): SignupInput {
  return {
    name: `参加者 ${n}`,
    furigana: "さんかしゃ",
    email: `person${n}@example.com`,
    prefectureCode: "13",
    relationships: ["VISITED"],
    interests: ["tourism"],
    answers: {},
    consents: { CITY_PROVISION: true, WDL_NEWS: false, CITY_NEWS: false, SURVEY: true },
    locale: "ja",
    ...overrides,
  } as SignupInput;
}

/** Seat-holding rows never exceed the capacity: the invariant every seat test checks. */
export async function seatCounts(db: PrismaClient, eventId: string) {
  const rows = await db.registration.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true } });
  const count: Partial<Record<(typeof rows)[number]["status"], number>> = Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  const seats = (count.CONFIRMED ?? 0) + (count.OFFERED ?? 0) + (count.ATTENDED ?? 0);
  return { ...count, seats };
}
