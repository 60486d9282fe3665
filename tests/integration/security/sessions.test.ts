import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { getServerSession } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/client";
import { createOrganizations } from "../../support/fixtures";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";

// Staff sessions live in the database and are checked on the server at every request: sign-out, a disabled
// account and a role change count from the next request; an idle session (Session.expires passed) and one older
// than the absolute limit (Session.createdAt) are refused and deleted, whatever the cookie says. Cookies behind
// https are __Host- prefixed, Secure, HttpOnly and SameSite=Lax.
//
// Everything goes through next-auth's own request handler (next-auth/core AuthHandler) with this app's options,
// as the route handler and getServerSession do, so switching a limit off fails these tests; the control cases
// show the plain Prisma adapter accepting the same sessions.

// next-auth's request handler (what its route handler calls); the package does not export the path.
type AuthCookie = { name: string; value: string; options: Record<string, unknown> };
type AuthResult = { status?: number; body?: unknown; cookies?: AuthCookie[]; redirect?: string };
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as {
  AuthHandler: (params: { options: unknown; req: Request }) => Promise<AuthResult>;
};

const APP_URL = "https://events.example.jp";
process.env.APP_URL = APP_URL;
process.env.NEXTAUTH_URL = APP_URL;

let database: TestDatabase;
let db: PrismaClient;
let auth: typeof import("@/lib/server/auth");
let wdlId: string;

beforeAll(async () => {
  database = await useAppDatabase();
  db = database.db;
  auth = await import("@/lib/server/auth");
  wdlId = (await createOrganizations(db)).wdl.id;
});
afterAll(async () => {
  await database.drop();
});

const MINUTE = 60_000;

async function staffUser(role: "WDL_ADMIN" | "CHECKIN" = "WDL_ADMIN") {
  return db.user.create({ data: { email: `s-${randomBytes(4).toString("hex")}@wdl.example`, role, organizationId: wdlId } });
}

/** A session row as if signed in `ageMs` ago and last seen `idleMs` ago (the idle deadline is last seen + idle). */
async function sessionFor(userId: string, { ageMs = 0, idleMs = 0 } = {}) {
  const sessionToken = randomBytes(32).toString("hex");
  await db.session.create({
    data: {
      sessionToken,
      userId,
      createdAt: new Date(Date.now() - ageMs),
      expires: new Date(Date.now() - idleMs + auth.SESSION_IDLE_SECONDS * 1000),
    },
  });
  return sessionToken;
}

async function handle(path: string, init: RequestInit & { cookie?: string } = {}): Promise<AuthResult> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  return AuthHandler({ options: auth.authOptions(), req: new Request(`${APP_URL}/api/auth/${path}`, { ...init, headers }) });
}

const cookieName = "__Host-next-auth.session-token";

/** What /api/auth/session says for this token (the user id, or null). */
async function sessionUserId(token: string): Promise<string | null> {
  const result = await handle("session", { cookie: `${cookieName}=${token}` });
  return ((result.body as { user?: { id?: string } } | undefined)?.user?.id as string | undefined) ?? null;
}

/** The staff user for a cookie, as pages and actions get it: getServerSession, then the user re-read. */
async function staffFor(token: string) {
  const session = await getServerSession(
    { headers: { host: "events.example.jp" }, cookies: { [cookieName]: token } } as never,
    { getHeader() {}, setCookie() {}, setHeader() {} } as never,
    auth.authOptions(),
  );
  return auth.staffOfSession(session);
}

/** Signs in through the magic-link callback, as a browser does; the session cookie next-auth sets. */
async function signIn(email: string, { withAddress = true } = {}) {
  const token = randomBytes(16).toString("hex");
  await db.verificationToken.create({
    data: {
      identifier: email,
      token: createHash("sha256").update(`${token}${process.env.AUTH_SECRET}`).digest("hex"),
      expires: new Date(Date.now() + 10 * MINUTE),
    },
  });
  const query = new URLSearchParams({ token, ...(withAddress ? { email } : {}), callbackUrl: `${APP_URL}/admin` });
  const result = await handle(`callback/email?${query}`);
  expect(result.redirect).toBe(`${APP_URL}/admin`);
  return result.cookies!.find((c) => c.name === cookieName)!;
}

/** As if everything about this session had happened `ms` earlier (sign-in and last activity). */
async function rewind(sessionToken: string, ms: number) {
  const row = await db.session.findUniqueOrThrow({ where: { sessionToken } });
  await db.session.update({
    where: { sessionToken },
    data: { createdAt: new Date(row.createdAt.valueOf() - ms), expires: new Date(row.expires.valueOf() - ms) },
  });
}

describe("session limits", () => {
  it("a session signed in and then left alone longer than the idle limit is refused and deleted", async () => {
    const user = await staffUser();
    const quiet = (await signIn(user.email)).value;
    await rewind(quiet, auth.SESSION_IDLE_SECONDS * 1000 - MINUTE);
    expect(await sessionUserId(quiet)).toBe(user.id);
    const left = (await signIn(user.email)).value;
    await rewind(left, auth.SESSION_IDLE_SECONDS * 1000 + MINUTE);
    expect(await sessionUserId(left)).toBeNull();
    expect(await db.session.findUnique({ where: { sessionToken: left } })).toBeNull();
  });


  it("accepts a fresh session and refuses and deletes one idle past Session.expires", async () => {
    const user = await staffUser();
    const fresh = await sessionFor(user.id, { idleMs: 10 * MINUTE });
    expect(await sessionUserId(fresh)).toBe(user.id);

    const idle = await sessionFor(user.id, { idleMs: auth.SESSION_IDLE_SECONDS * 1000 + MINUTE });
    expect(await sessionUserId(idle)).toBeNull();
    expect(await db.session.findUnique({ where: { sessionToken: idle } })).toBeNull();
  });

  it("parallel requests carrying the same ended session are all refused, and none of them fails", async () => {
    const user = await staffUser();
    const idle = await sessionFor(user.id, { idleMs: auth.SESSION_IDLE_SECONDS * 1000 + MINUTE });
    const adapter = auth.withSessionLimits(PrismaAdapter(db as never));
    const results = await Promise.all(Array.from({ length: 8 }, () => adapter.getSessionAndUser!(idle)));
    expect(results).toEqual(Array(8).fill(null));
    expect(await db.session.findUnique({ where: { sessionToken: idle } })).toBeNull();
  });

  it("refuses and deletes a session older than the absolute limit, however active", async () => {
    const user = await staffUser();
    const old = await sessionFor(user.id, { ageMs: auth.SESSION_ABSOLUTE_SECONDS * 1000 + MINUTE, idleMs: 0 });
    // Control: next-auth with the plain adapter only looks at `expires`, which is in the future.
    const plain = await PrismaAdapter(db as never).getSessionAndUser!(old);
    expect(plain?.session.expires.valueOf()).toBeGreaterThan(Date.now());
    expect(auth.sessionEnded({ sessionToken: old, expires: plain!.session.expires, createdAt: new Date(0) })).toBe("absolute");

    expect(await sessionUserId(old)).toBeNull();
    expect(await db.session.findUnique({ where: { sessionToken: old } })).toBeNull();

    const young = await sessionFor(user.id, { ageMs: auth.SESSION_ABSOLUTE_SECONDS * 1000 - MINUTE });
    expect(await sessionUserId(young)).toBe(user.id);
  });

  it("moves the idle deadline on activity (at most every few minutes), never past the absolute limit", async () => {
    const user = await staffUser();
    const recent = await sessionFor(user.id, { idleMs: MINUTE });
    const before = (await db.session.findUniqueOrThrow({ where: { sessionToken: recent } })).expires;
    await sessionUserId(recent);
    // Seen a minute ago: no write.
    expect((await db.session.findUniqueOrThrow({ where: { sessionToken: recent } })).expires).toEqual(before);

    const stale = await sessionFor(user.id, { idleMs: 30 * MINUTE });
    await sessionUserId(stale);
    const renewed = (await db.session.findUniqueOrThrow({ where: { sessionToken: stale } })).expires.valueOf();
    expect(Math.abs(renewed - (Date.now() + auth.SESSION_IDLE_SECONDS * 1000))).toBeLessThan(MINUTE);

    // Activity keeps an idle session alive, but the absolute limit still ends it.
    const busy = await sessionFor(user.id, { ageMs: auth.SESSION_ABSOLUTE_SECONDS * 1000 - 30 * MINUTE, idleMs: 30 * MINUTE });
    expect(await sessionUserId(busy)).toBe(user.id);
    await db.session.update({ where: { sessionToken: busy }, data: { createdAt: new Date(Date.now() - auth.SESSION_ABSOLUTE_SECONDS * 1000 - 1000) } });
    expect(await sessionUserId(busy)).toBeNull();
  });
});

describe("sign-in links", () => {
  it("carry no address; the token alone signs in the address stored with it, once", async () => {
    const link = auth.signinLinkWithoutAddress(
      `${APP_URL}/api/auth/callback/email?callbackUrl=${encodeURIComponent(`${APP_URL}/admin`)}&token=abc&email=a%40wdl.example`,
    );
    expect(new URL(link).searchParams.has("email")).toBe(false);
    expect(new URL(link).searchParams.get("token")).toBe("abc");
    expect(link).not.toContain("wdl.example");

    const user = await staffUser();
    const cookie = await signIn(user.email, { withAddress: false });
    expect(await sessionUserId(cookie.value)).toBe(user.id);
    expect(await db.verificationToken.count({ where: { identifier: user.email } })).toBe(0);
  });
});

describe("revocation on the next request", () => {
  it("a disabled account and a changed role count at once; deleting the sessions ends them", async () => {
    const user = await staffUser("WDL_ADMIN");
    const token = await sessionFor(user.id);
    expect(await staffFor(token)).toMatchObject({ id: user.id, role: "WDL_ADMIN" });

    await db.user.update({ where: { id: user.id }, data: { role: "CHECKIN" } });
    expect(await staffFor(token)).toMatchObject({ id: user.id, role: "CHECKIN" });

    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await staffFor(token)).toBeNull();

    await db.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    expect(await staffFor(token)).not.toBeNull();
    await db.session.deleteMany({ where: { userId: user.id } });
    expect(await staffFor(token)).toBeNull();
  });

  it("sign-out deletes the session row, so the old cookie is refused afterwards", async () => {
    const user = await staffUser();
    const token = await sessionFor(user.id);
    const csrf = await handle("csrf");
    const csrfCookie = csrf.cookies!.find((c) => c.name === "__Host-next-auth.csrf-token")!;
    const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
    const out = await handle("signout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, callbackUrl: `${APP_URL}/admin/signin` }),
      cookie: `${cookieName}=${token}; __Host-next-auth.csrf-token=${csrfCookie.value}`,
    });
    expect(out.cookies?.find((c) => c.name === cookieName)?.value).toBe("");
    expect(await db.session.findUnique({ where: { sessionToken: token } })).toBeNull();
    // The browser dropped the cookie; a copy of it (another tab, a stolen value) no longer works.
    expect(await sessionUserId(token)).toBeNull();
    expect(await staffFor(token)).toBeNull();
  });

  it("sign-out without the CSRF token deletes nothing", async () => {
    const user = await staffUser();
    const token = await sessionFor(user.id);
    await handle("signout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ callbackUrl: "/" }),
      cookie: `${cookieName}=${token}`,
    });
    expect(await db.session.findUnique({ where: { sessionToken: token } })).not.toBeNull();
  });
});

describe("cookies", () => {
  it("behind https: the magic link sets a __Host- session cookie, Secure, HttpOnly, SameSite=Lax, ending at the absolute limit", async () => {
    const user = await staffUser();
    const csrf = await handle("csrf");
    for (const cookie of csrf.cookies ?? []) {
      expect(cookie.name.startsWith("__Host-") || cookie.name.startsWith("__Secure-")).toBe(true);
      expect(cookie.options).toMatchObject({ httpOnly: true, secure: true, sameSite: "lax", path: "/" });
      expect((cookie.options as { domain?: string }).domain).toBeUndefined();
    }

    const session = await signIn(user.email);
    expect(session).toBeDefined();
    expect(session.options).toMatchObject({ httpOnly: true, secure: true, sameSite: "lax", path: "/" });
    expect((session.options as { domain?: string }).domain).toBeUndefined();
    const expires = (session.options as { expires: Date }).expires.valueOf();
    expect(Math.abs(expires - (Date.now() + auth.SESSION_ABSOLUTE_SECONDS * 1000))).toBeLessThan(MINUTE);
    // The row: idle deadline from now, created now.
    const row = await db.session.findUniqueOrThrow({ where: { sessionToken: session.value } });
    expect(Math.abs(row.expires.valueOf() - (Date.now() + auth.SESSION_IDLE_SECONDS * 1000))).toBeLessThan(MINUTE);
    expect(Math.abs(row.createdAt.valueOf() - Date.now())).toBeLessThan(MINUTE);
    expect(await sessionUserId(session.value)).toBe(user.id);
    // Under next-auth's default (unprefixed over https would be "__Secure-"), the old name is not read.
    expect(await handle("session", { cookie: `next-auth.session-token=${session.value}` }).then((r) => r.body)).toEqual({});
  });

  it("over plain http (local development) the names carry no prefix and no Secure flag", () => {
    const cookies = auth.sessionCookies(false);
    expect(cookies.sessionToken).toEqual({ name: "next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
    expect(auth.sessionCookies(true).sessionToken?.name).toBe(cookieName);
    expect(auth.sessionCookies(true).csrfToken?.name).toBe("__Host-next-auth.csrf-token");
  });
});
