import "server-only";
import { getDb } from "@/lib/server/db";

/** Sign-in tokens stored for an address that is not staff: they can never be used (lib/server/auth.ts). */
export async function discardVerificationTokens(identifier: string): Promise<void> {
  await getDb().verificationToken.deleteMany({ where: { identifier } });
}
