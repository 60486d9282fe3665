import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { getServerSession, type NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import { notFound, redirect } from "next/navigation";
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
const SESSION_SECONDS = 12 * 3600;

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (options) return options;
  const env = getEnv();
  options = {
    // The adapter's types name @prisma/client's class; ours is the same client, generated elsewhere.
    adapter: PrismaAdapter(getDb() as never),
    secret: env.AUTH_SECRET,
    session: { strategy: "database", maxAge: SESSION_SECONDS, updateAge: 15 * 60 },
    useSecureCookies: env.APP_URL.startsWith("https://"),
    pages: { signIn: "/admin/signin", verifyRequest: "/admin/signin/check-email", error: "/admin/signin" },
    providers: [
      EmailProvider({
        server: "smtp://unused", // mail leaves through our own transport below
        from: env.MAIL_FROM,
        maxAge: LINK_MINUTES * 60,
        normalizeIdentifier: normalizeEmail,
        async sendVerificationRequest({ identifier, url }) {
          if (!(await isActiveStaffEmail(identifier))) return;
          const transport = createMailTransport(env);
          try {
            const mail = renderStaffSignin({ url, minutes: LINK_MINUTES }, "ja");
            await transport.send({ to: identifier, ...mail });
          } finally {
            transport.close();
          }
        },
      }),
    ],
    callbacks: {
      async signIn({ user }) {
        return Boolean(user.email && (await isActiveStaffEmail(normalizeEmail(user.email))));
      },
      async session({ session, user }) {
        return { ...session, user: { id: user.id, email: user.email, name: user.name } };
      },
    },
  };
  return options;
}

export type Staff = NonNullable<Awaited<ReturnType<typeof getStaffUser>>> & { role: StaffRole };

/** The signed-in staff user, re-read from the database, or null (signed out, expired, disabled). */
export async function getStaff(): Promise<Staff | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getStaffUser(id);
  if (!user || user.disabledAt) return null;
  return user as Staff;
}

/**
 * Pages and server actions: the staff user allowed `permission`. Signed out → the sign-in page; signed in
 * without the permission → 404 (a page one may not use is not shown to exist).
 */
export async function requireStaff(permission: Permission): Promise<Staff> {
  const staff = await getStaff();
  if (!staff) redirect("/admin/signin");
  if (!can(staff.role, permission)) notFound();
  return staff;
}

/** Route handlers: the staff user, or the JSON response to send instead (401 signed out, 404 not allowed). */
export async function staffForRoute(permission: Permission): Promise<Staff | Response> {
  const staff = await getStaff();
  if (!staff) return Response.json({ error: "unauthenticated" }, { status: 401, headers: { "Cache-Control": "no-store" } });
  if (!can(staff.role, permission)) return Response.json({ error: "not_found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return staff;
}
