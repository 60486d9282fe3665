import { trustedProxyCount } from "@/lib/abuse/client-ip";
import type { Env } from "@/lib/config/env-schema";

// The launcher's side of the development mailbox (lib/mail/mailbox.ts): when it is turned on by itself, and the
// start banner's line about who can read it.

/**
 * Demo (no DATABASE_URL) and `npm run dev` turn the mailbox on, except behind a reverse proxy (TRUST_PROXY > 0):
 * there every request arrives on the proxy's loopback socket, so only DEV_MAILBOX=true set by the operator opens it.
 */
export function devMailboxOnByDefault(options: { zeroConfig: boolean; dev: boolean; trustProxy: string | undefined }): boolean {
  return (options.zeroConfig || options.dev) && trustedProxyCount(options.trustProxy) === 0;
}

export function describeMailboxAccess(env: Pick<Env, "DEV_MAILBOX" | "TRUST_PROXY" | "SMTP_URL">): string | null {
  if (env.SMTP_URL) return null;
  const link = "print a staff sign-in link on this machine with `npm run mail:link -- <address>`";
  if (!env.DEV_MAILBOX) return `the development mailbox is off; ${link}`;
  if (env.TRUST_PROXY > 0) return "DEV_MAILBOX=true behind a reverse proxy (TRUST_PROXY): /dev/mailbox shows every sign-in link to anyone the proxy lets through";
  return `/dev/mailbox answers only requests from this machine (loopback); for testers elsewhere, ${link}`;
}
