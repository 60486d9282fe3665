import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { getServerSession, type NextAuthOptions, type Session } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import EmailProvider from "next-auth/providers/email";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { renderStaffSignin } from "@/lib/emails/staff-signin";
import { createMailTransport } from "@/lib/mail/transport";
import { normalizeEmail } from "@/lib/participants/email";
import { getStaffUser, isActiveStaffEmail } from "@/lib/staff/data";
import { can, type Permission, type StaffRole } from "@/lib/staff/permissions";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

// Staff sign-in: next-auth v4, email magic links, database sessions (sign-out, a disabled account or a changed
// role take effect on the next request, because every request re-reads the user). Only invited staff get a
// link; anyone else sees the same "check your email" page and no mail is sent.

const LINK_MINUTES = 15;

// Session lifetime, enforced on the server for every request (tests/integration/security/sessions.test.ts):
// - idle: `Session.expires` is the idle deadline, moved to now + SESSION_IDLE_SECONDS at most every
//   SESSION_TOUCH_SECONDS while the person keeps working; past it the row is deleted.
// - absolute: SESSION_ABSOLUTE_SECONDS after sign-in (`Session.createdAt`) the session ends whatever the activity.
// The cookie lives as long as the absolute limit: server components cannot renew cookies, so a cookie that
// followed the idle deadline would end an active session. What the cookie says is never trusted anyway.
export const SESSION_IDLE_SECONDS = 2 * 3600;
export const SESSION_ABSOLUTE_SECONDS = 12 * 3600;
const SESSION_TOUCH_SECONDS = 5 * 60;

type SessionRow = { sessionToken: string; expires: Date; createdAt?: Date };

/** Why a stored session no longer counts (idle or absolute limit passed), or null while it is valid. */
export function sessionEnded(session: SessionRow, now = Date.now()): "idle" | "absolute" | null {
  if (session.createdAt && session.createdAt.valueOf() + SESSION_ABSOLUTE_SECONDS * 1000 <= now) return "absolute";
  if (session.expires.valueOf() <= now) return "idle";
  return null;
}

/**
 * The Prisma adapter with the idle and absolute limits. next-auth (maxAge = the absolute limit) decides when to
 * renew from `expires - maxAge + updateAge`; it is shown the idle deadline shifted by (absolute - idle), so it
 * renews once the last renewal is SESSION_TOUCH_SECONDS old, and each renewal stores now + idle.
 */
export function withSessionLimits(adapter: Adapter): Adapter {
  const shift = (SESSION_ABSOLUTE_SECONDS - SESSION_IDLE_SECONDS) * 1000;
  return {
    ...adapter,
    // Sign-in links carry no address (see signinLinkWithoutAddress), so next-auth asks for the token alone; the
    // token is unique, and next-auth then signs in the address stored with it.
    async useVerificationToken({ identifier, token }) {
      if (identifier) return adapter.useVerificationToken!({ identifier, token });
      const rows = await getDb().$queryRaw<{ identifier: string; token: string; expires: Date }[]>`
        DELETE FROM "VerificationToken" WHERE token = ${token} RETURNING identifier, token, expires`;
      return rows[0] ?? null;
    },
    // next-auth sets the cookie's lifetime from what this returns: the absolute limit, not the idle deadline.
    createSession: async (data) => {
      const session = await adapter.createSession!({ ...data, expires: new Date(Date.now() + SESSION_IDLE_SECONDS * 1000) });
      return { ...session, expires: new Date(session.expires.valueOf() + shift) };
    },
    async getSessionAndUser(sessionToken) {
      const found = await adapter.getSessionAndUser!(sessionToken);
      if (!found) return null;
      if (sessionEnded(found.session as SessionRow)) {
        // Parallel requests with the same ended session all get here; deleteMany does not fail on a row another
        // request deleted first (the adapter's delete would, as an error in the log and a failed request).
        await getDb().session.deleteMany({ where: { sessionToken } });
        return null;
      }
      return { user: found.user, session: { ...found.session, expires: new Date(found.session.expires.valueOf() + shift) } };
    },
    updateSession: (data) =>
      adapter.updateSession!({ ...data, ...(data.expires ? { expires: new Date(Date.now() + SESSION_IDLE_SECONDS * 1000) } : {}) }),
  };
}

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (options) return options;
  const env = getEnv();
  options = {
    // The adapter's types name @prisma/client's class; ours is the same client, generated elsewhere.
    adapter: withSessionLimits(PrismaAdapter(getDb() as never)),
    secret: env.AUTH_SECRET,
    session: { strategy: "database", maxAge: SESSION_ABSOLUTE_SECONDS, updateAge: SESSION_TOUCH_SECONDS },
    // Behind https: `__Host-` session and CSRF cookies (Secure, path /, no Domain), HttpOnly, SameSite=Lax.
    // Over plain http (local development, the e2e harness) a Secure cookie would not come back, so there the
    // names carry no prefix and no Secure flag; APP_URL decides (set it to the https address in production).
    useSecureCookies: env.APP_URL.startsWith("https://"),
    cookies: sessionCookies(env.APP_URL.startsWith("https://")),
    pages: { signIn: "/admin/signin", verifyRequest: "/admin/signin/check-email", error: "/admin/signin" },
    providers: [
      EmailProvider({
        server: "smtp://unused", // mail leaves through our own transport below
        from: env.MAIL_FROM,
        maxAge: LINK_MINUTES * 60,
        normalizeIdentifier: normalizeEmail,
        // Requests are rate-limited per IP and per address before next-auth sees them (lib/abuse/magic-link.ts).
        // The answer must not tell who is staff: not by its page (signIn below lets every request through to
        // here), nor by its time or by a failure to send (the mail leaves after the answer; a failure is logged
        // without the address). Tokens stored for anyone else are dropped after the answer (magic-link.ts).
        async sendVerificationRequest({ identifier, url }) {
          if (!(await isActiveStaffEmail(identifier))) return;
          void sendStaffSigninLink(identifier, signinLinkWithoutAddress(url)).catch((error: unknown) => {
            console.error("staff sign-in link not sent:", error instanceof Error ? error.name : "error");
          });
        },
      }),
    ],
    callbacks: {
      async signIn({ user, email }) {
        // Asking for a link is allowed for any address (the same answer for all, see sendVerificationRequest);
        // using one only for active staff.
        if (email?.verificationRequest) return true;
        return Boolean(user.email && (await isActiveStaffEmail(normalizeEmail(user.email))));
      },
      async session({ session, user }) {
        return { ...session, user: { id: user.id, email: user.email, name: user.name } };
      },
    },
  };
  return options;
}

/**
 * next-auth puts the address in the link (`&email=…`), and so in browser history, proxy and access logs; the
 * token alone identifies the request (useVerificationToken above).
 */
export function signinLinkWithoutAddress(url: string): string {
  const link = new URL(url);
  link.searchParams.delete("email");
  return link.toString();
}

/** next-auth's cookies, with the session token under `__Host-` (next-auth's default is `__Secure-`). */
export function sessionCookies(secure: boolean): NonNullable<NextAuthOptions["cookies"]> {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: `${secure ? "__Host-" : ""}next-auth.session-token`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options },
    callbackUrl: { name: `${secure ? "__Secure-" : ""}next-auth.callback-url`, options },
  };
}

async function sendStaffSigninLink(to: string, url: string): Promise<void> {
  const transport = createMailTransport(getEnv());
  try {
    await transport.send({ to, ...renderStaffSignin({ url, minutes: LINK_MINUTES }, "ja") });
  } finally {
    transport.close();
  }
}

export type Staff = NonNullable<Awaited<ReturnType<typeof getStaffUser>>> & { role: StaffRole };

/** The signed-in staff user, re-read from the database, or null (signed out, expired, disabled). */
export async function getStaff(): Promise<Staff | null> {
  return staffOfSession(await getServerSession(authOptions()));
}

/** The enabled staff user a next-auth session belongs to, with role and organisation as stored now. */
export async function staffOfSession(session: Session | null): Promise<Staff | null> {
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getStaffUser(id);
  if (!user || user.disabledAt) return null;
  return user as Staff;
}

/**
 * Pages and server actions: the staff user allowed `permission`. Signed out → the sign-in page; signed in
 * without the permission → 403, the staff area's "no permission" page (app/admin/(staff)/forbidden.tsx).
 * That says only what the role may do, never whether a record exists: a record outside the staff member's
 * organisation is still a 404, decided by the data functions.
 */
export async function requireStaff(permission: Permission): Promise<Staff> {
  await refuseCrossSiteAction();
  const staff = await getStaff();
  if (!staff) redirect("/admin/signin");
  if (!can(staff.role, permission)) forbidden();
  return staff;
}

/**
 * Staff server actions ride on the session cookie. Next refuses an action whose Origin names another host but
 * runs one without any Origin (old browsers, hand-made requests); here a staff action needs an Origin, and it
 * must be this host (the same comparison Next makes). Page renders (GET, no action header, no body) pass.
 */
async function refuseCrossSiteAction(): Promise<void> {
  const request = await headers();
  const isAction = request.has("next-action") || /^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(request.get("content-type") ?? "");
  if (!isAction) return;
  const host = request.get("x-forwarded-host") ?? request.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(request.get("origin") ?? "").host;
  } catch {
    // missing or malformed: refused below
  }
  if (!originHost || !host || originHost !== host) notFound();
}

/** Route handlers: the staff user, or the JSON response to send instead (401 signed out, 404 not allowed). */
export async function staffForRoute(permission: Permission): Promise<Staff | Response> {
  const staff = await getStaff();
  if (!staff) return Response.json({ error: "unauthenticated" }, { status: 401, headers: { "Cache-Control": "no-store" } });
  if (!can(staff.role, permission)) return Response.json({ error: "not_found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return staff;
}
