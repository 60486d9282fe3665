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

/** The staff page of an organisation admin: their organisation's users and open invitations. */
export async function listOrganizationStaff(organizationId: string, now = new Date()) {
  const db = getDb();
  const [users, invitations] = await Promise.all([
    db.user.findMany({
      where: { organizationId },
      orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
      select: { id: true, email: true, name: true, role: true, disabledAt: true, lastSignInAt: true },
    }),
    db.staffInvitation.findMany({
      where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return { users, invitations };
}
