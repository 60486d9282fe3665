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
