import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/server/env";

// Links in mail (manage, check-in, survey …) carry tokens derived from AUTH_SECRET with a purpose label:
// unguessable, recomputable when a mail is sent (so no token is ever stored in plain text), and only their
// SHA-256 is kept in the database for lookups.

function secret(): string {
  const value = getEnv().AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is not set: it signs the links in mail (see .env.example).");
  return value;
}

export function signedToken(purpose: string, subject: string): string {
  return createHmac("sha256", secret()).update(`${purpose}:${subject}`).digest("base64url");
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenMatches(purpose: string, subject: string, token: string): boolean {
  const expected = Buffer.from(signedToken(purpose, subject));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A link token naming a record: `<id>.<signature>`. The id is an opaque uuid (no personal data in URLs) and
 * the signature, bound to the purpose, makes it unguessable; nothing is stored.
 */
export function idToken(purpose: string, id: string): string {
  return `${id}.${signedToken(purpose, id)}`;
}

/** The id of a genuine token for this purpose, else null (constant-time check; malformed input is refused). */
export function parseIdToken(purpose: string, token: string): string | null {
  // Server actions receive their arguments from the client: a "token" may be any JSON value.
  if (typeof token !== "string") return null;
  const dot = token.indexOf(".");
  if (dot < 0 || token.length > 200) return null;
  const id = token.slice(0, dot).toLowerCase();
  if (!UUID.test(id)) return null;
  return tokenMatches(purpose, id, token.slice(dot + 1)) ? id : null;
}
