import "server-only";
import { getDb } from "@/lib/server/db";

/** The staff user as the database has it now: every request re-reads role, organisation and whether disabled. */
export async function getStaffUser(userId: string) {
  return getDb().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      locale: true,
      disabledAt: true,
      organizationId: true,
      organization: { select: { kind: true, nameJa: true, nameEn: true, slug: true } },
    },
  });
}

/** Whether an address may receive a sign-in link: an enabled staff user. */
export async function isActiveStaffEmail(email: string): Promise<boolean> {
  const user = await getDb().user.findUnique({ where: { email }, select: { disabledAt: true } });
  return Boolean(user && !user.disabledAt);
}
