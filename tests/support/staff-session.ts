import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";

// Signing in as a staff member without the mail round trip: a database session, as next-auth creates one
// after a magic link, and the cookie that carries it (next-auth v4's name over plain http).

export const SESSION_COOKIE = "next-auth.session-token";

export async function createStaffSession(db: PrismaClient, email: string, hours = 12): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const sessionToken = randomBytes(32).toString("hex");
  await db.session.create({ data: { sessionToken, userId: user.id, expires: new Date(Date.now() + hours * 3_600_000) } });
  return sessionToken;
}

/** For Playwright: `await context.addCookies([staffCookie(token, baseURL)])`. */
export function staffCookie(token: string, baseUrl: string) {
  return { name: SESSION_COOKIE, value: token, url: baseUrl, httpOnly: true, sameSite: "Lax" as const };
}

/**
 * A session for each demo staff role, and for OTHER_CITY_ADMIN: the admin of an organisation that organises
 * nothing here (created when missing). Keyed by role name.
 */
export async function sessionsForEveryRole(db: PrismaClient): Promise<Map<string, string>> {
  const sessions = new Map<string, string>();
  for (const [role, email] of [
    ["WDL_ADMIN", "admin@wdl.example"],
    ["WDL_ORGANIZER", "organizer@wdl.example"],
    ["CHECKIN", "checkin@wdl.example"],
    ["CITY_ADMIN", "admin@city.ogaki.example"],
    ["CITY_STAFF", "staff@city.ogaki.example"],
  ] as const) {
    sessions.set(role, await createStaffSession(db, email));
  }
  const other = await db.organization.upsert({ where: { slug: "other-city" }, create: { slug: "other-city", kind: "CITY", nameJa: "他市", nameEn: "Other City" }, update: {} });
  await db.user.upsert({ where: { email: "admin@other.example" }, create: { email: "admin@other.example", role: "CITY_ADMIN", organizationId: other.id }, update: {} });
  sessions.set("OTHER_CITY_ADMIN", await createStaffSession(db, "admin@other.example"));
  return sessions;
}
