import "server-only";
import { randomBytes } from "node:crypto";
import { normalizeEmail } from "@/lib/participants/email";
import { getDb } from "@/lib/server/db";
import { tokenHash } from "@/lib/server/secrets";
import type { StaffRole } from "@/lib/staff/permissions";

// Staff accounts exist only by invitation from an admin of the same organisation. The invitation link's
// token is random and only its hash is stored; it expires after a week. Everything here stays inside the
// inviter's organisation: an admin learns nothing about another organisation's staff (inviting their address
// looks like inviting anyone), an invitation replaces only its own organisation's open one, and accepting never
// moves a staff account from one organisation to another (the invitee is told why instead).

const INVITATION_DAYS = 7;

/** The roles an admin may hand out: those of their own organisation. */
export function invitableRoles(inviterRole: StaffRole): StaffRole[] {
  if (inviterRole === "WDL_ADMIN") return ["WDL_ADMIN", "WDL_ORGANIZER", "CHECKIN"];
  if (inviterRole === "CITY_ADMIN") return ["CITY_ADMIN", "CITY_STAFF"];
  return [];
}

export type InviteOutcome = { ok: true; token: string; expiresAt: Date } | { ok: false; reason: "role_not_allowed" | "already_staff" };

export async function createInvitation(
  inviter: { id: string; organizationId: string; role: StaffRole },
  input: { email: string; role: StaffRole },
  now = new Date(),
): Promise<InviteOutcome> {
  if (!invitableRoles(inviter.role).includes(input.role)) return { ok: false, reason: "role_not_allowed" };
  const email = normalizeEmail(input.email);
  const db = getDb();
  const existing = await db.user.findFirst({ where: { email, organizationId: inviter.organizationId }, select: { disabledAt: true } });
  if (existing && !existing.disabledAt) return { ok: false, reason: "already_staff" };
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  await db.$transaction([
    // A new invitation replaces an earlier open one for the same address from the same organisation (never another's).
    db.staffInvitation.updateMany({ where: { email, organizationId: inviter.organizationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } }),
    db.staffInvitation.create({
      data: { organizationId: inviter.organizationId, email, role: input.role, tokenHash: tokenHash(token), invitedById: inviter.id, expiresAt },
    }),
  ]);
  return { ok: true, token, expiresAt };
}

/**
 * The open invitation a link points at, if it is still valid, and whether its address already has a staff
 * account in another organisation (then it cannot be accepted; the page says so before the button is pressed).
 */
export async function findInvitation(token: string, now = new Date()) {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const db = getDb();
  const invitation = await db.staffInvitation.findFirst({
    where: { tokenHash: tokenHash(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    include: { organization: { select: { nameJa: true, nameEn: true } } },
  });
  if (!invitation) return null;
  const user = await db.user.findUnique({ where: { email: invitation.email }, select: { organizationId: true } });
  return { ...invitation, otherOrganization: user !== null && user.organizationId !== invitation.organizationId };
}

export type AcceptOutcome = { ok: true; email: string } | { ok: false; reason: "invalid" | "other_organization" };

/**
 * Accepting creates (or re-enables) the staff user with the invited role; the invitation is used up. An address
 * that is a staff account of another organisation (active or disabled) is refused and the invitation left open:
 * the account, its history and its sessions belong to that organisation.
 */
export async function acceptInvitation(token: string, now = new Date()): Promise<AcceptOutcome> {
  const db = getDb();
  const attempt = () =>
    db.$transaction(async (tx): Promise<AcceptOutcome> => {
      const open = { tokenHash: tokenHash(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
      const invitation = await tx.staffInvitation.findFirst({ where: open });
      if (!invitation) return { ok: false, reason: "invalid" };
      const user = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true, organizationId: true } });
      if (user && user.organizationId !== invitation.organizationId) return { ok: false, reason: "other_organization" };
      const used = await tx.staffInvitation.updateMany({ where: { id: invitation.id, ...open }, data: { acceptedAt: now } });
      if (used.count === 0) return { ok: false, reason: "invalid" };
      const data = { role: invitation.role, disabledAt: null };
      if (user) await tx.user.update({ where: { id: user.id, organizationId: invitation.organizationId }, data });
      else await tx.user.create({ data: { email: invitation.email, organizationId: invitation.organizationId, ...data } });
      return { ok: true, email: invitation.email };
    });
  try {
    return await attempt();
  } catch (error) {
    // The address got an account between the check and the insert (another acceptance): decide again on it.
    if ((error as { code?: string }).code === "P2002") return attempt();
    throw error;
  }
}

export async function revokeInvitation(organizationId: string, invitationId: string, now = new Date()): Promise<boolean> {
  const result = await getDb().staffInvitation.updateMany({
    where: { id: invitationId, organizationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  return result.count === 1;
}

/** Role changes and disabling take effect on the user's next request (sessions re-read the user). */
export async function updateStaffUser(
  admin: { id: string; organizationId: string; role: StaffRole },
  userId: string,
  change: { role?: StaffRole; disabled?: boolean },
  now = new Date(),
): Promise<boolean> {
  if (userId === admin.id) return false; // an admin cannot lock themselves out
  if (change.role && !invitableRoles(admin.role).includes(change.role)) return false;
  const result = await getDb().user.updateMany({
    where: { id: userId, organizationId: admin.organizationId },
    data: {
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? now : null }),
    },
  });
  if (change.disabled) await getDb().session.deleteMany({ where: { userId, user: { organizationId: admin.organizationId } } });
  return result.count === 1;
}
