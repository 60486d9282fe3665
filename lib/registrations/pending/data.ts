import "server-only";
import type { PendingProfile } from "@/lib/registrations/mutations";
import { getDb } from "@/lib/server/db";
import { tokenHash } from "@/lib/server/secrets";

export type PendingSignupChangeView = {
  state: "ready" | "applied" | "expired";
  profile: PendingProfile;
  consents: string[];
  event: { slug: string; titleJa: string; titleEn: string | null };
};

/**
 * What the one-time link would apply, for its confirmation page (reads only: a mail scanner opening the link
 * changes nothing). The token is the credential; a person who has since been deleted has nothing to apply.
 */
export async function getPendingSignupChange(token: string, now: Date = new Date()): Promise<PendingSignupChangeView | null> {
  if (typeof token !== "string" || !/^[\w-]{20,100}$/.test(token)) return null;
  const row = await getDb().pendingSignupChange.findUnique({
    where: { tokenHash: tokenHash(token) },
    select: {
      profile: true,
      consents: true,
      expiresAt: true,
      appliedAt: true,
      participant: { select: { anonymizedAt: true } },
      registration: { select: { event: { select: { slug: true, titleJa: true, titleEn: true } } } },
    },
  });
  if (!row || row.participant.anonymizedAt) return null;
  return {
    state: row.appliedAt ? "applied" : row.expiresAt <= now ? "expired" : "ready",
    profile: row.profile as PendingProfile,
    consents: row.consents,
    event: row.registration.event,
  };
}
