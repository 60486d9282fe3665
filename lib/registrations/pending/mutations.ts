import "server-only";
import type { PendingProfile } from "@/lib/registrations/mutations";
import { getDb } from "@/lib/server/db";
import { tokenHash } from "@/lib/server/secrets";

export type ApplyPendingOutcome = { ok: true } | { ok: false; reason: "not_found" | "applied" | "expired" };

/**
 * Applies what a sign-up typed for an address that already belonged to a person, when the owner follows the
 * one-time link mailed to that address: the profile, the policy acceptance, the ticked consents (recorded as a
 * sign-up records them, with the registration they were given in), and the activity that postpones
 * anonymisation. Single use: the row is claimed by a guarded UPDATE, so two clicks apply once; the typed
 * profile is cleared from the row once applied (it now lives on the person).
 */
export async function applyPendingSignupChange(token: string, options: { now?: Date } = {}): Promise<ApplyPendingOutcome> {
  if (typeof token !== "string" || !/^[\w-]{20,100}$/.test(token)) return { ok: false, reason: "not_found" };
  const hash = tokenHash(token);
  return getDb().$transaction(async (tx) => {
    const now = options.now ?? new Date();
    const [claimed] = await tx.$queryRaw<{ participantId: string; registrationId: string; profile: PendingProfile; consents: string[]; policyVersion: string }[]>`
      WITH target AS (
        SELECT c.id, c.profile FROM "PendingSignupChange" c JOIN "Participant" p ON p.id = c."participantId"
        WHERE c."tokenHash" = ${hash} AND c."appliedAt" IS NULL AND c."expiresAt" > ${now} AND p."anonymizedAt" IS NULL
        FOR UPDATE OF c
      )
      UPDATE "PendingSignupChange" c SET "appliedAt" = ${now}, profile = '{}'::jsonb
      FROM target WHERE c.id = target.id AND c."appliedAt" IS NULL
      RETURNING c."participantId", c."registrationId", target.profile, c.consents::text[] AS consents, c."policyVersion"`;
    if (!claimed) {
      const row = await tx.pendingSignupChange.findUnique({
        where: { tokenHash: hash },
        select: { appliedAt: true, expiresAt: true, participant: { select: { anonymizedAt: true } } },
      });
      if (!row || row.participant.anonymizedAt) return { ok: false, reason: "not_found" } as const;
      return { ok: false, reason: row.appliedAt ? "applied" : "expired" } as const;
    }
    const p = claimed.profile;
    // The link was opened from the stored address's mailbox: that verifies the address too.
    await tx.$executeRaw`
      UPDATE "Participant" SET name = ${p.name}, furigana = ${p.furigana}, affiliation = ${p.affiliation},
        "prefectureCode" = ${p.prefectureCode}, municipality = ${p.municipality},
        relationships = ${p.relationships}::text[]::"Relationship"[], interests = ${p.interests}::text[], locale = ${p.locale},
        "policyVersion" = ${claimed.policyVersion}, "policyAcceptedAt" = ${now}, "lastActiveAt" = ${now},
        "emailVerifiedAt" = coalesce("emailVerifiedAt", ${now}), "updatedAt" = ${now}
      WHERE id = ${claimed.participantId}::uuid AND "anonymizedAt" IS NULL`;
    // A consent already current stays as it was (its version and time are the ones the person gave).
    await tx.$executeRaw`
      INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt", "registrationId")
      SELECT gen_random_uuid(), ${claimed.participantId}::uuid, g::"ConsentPurpose", ${p.consentVersion}, ${now}, ${claimed.registrationId}::uuid
      FROM unnest(${claimed.consents}::text[]) AS g
      ON CONFLICT ("participantId", purpose) WHERE "withdrawnAt" IS NULL DO NOTHING`;
    return { ok: true } as const;
  });
}
