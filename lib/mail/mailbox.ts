import "server-only";
import { headers } from "next/headers";
import { isLoopbackAddress, SOCKET_ADDRESS_HEADER, socketAddressHeaderInstalled, trustedProxyCount } from "@/lib/abuse/socket-address";
import { listStoredMail, readStoredMail } from "@/lib/mail/transport";
import { getEnv } from "@/lib/server/env";

// The development mailbox exists only in demo and development (DEV_MAILBOX, which the launcher turns on for
// the zero-configuration setup and `npm run dev`) and only while no SMTP server is configured: then it is the
// only place mail goes, so demo staff can read their sign-in links.
// It shows everyone's sign-in links and asks for no sign-in, so it answers only requests from this machine:
// the socket's peer address must be loopback (the server's own header, lib/abuse/socket-address.ts; never a
// forwarded header). Behind a reverse proxy (TRUST_PROXY > 0) every socket is the proxy's, so the launcher does
// not turn it on there: DEV_MAILBOX=true set by the operator opens it to whoever the proxy lets through.
// Otherwise these return null and the pages 404. From elsewhere: `npm run mail:link -- <address>` on the server.

export function mailboxDir(): string | null {
  const env = getEnv();
  return env.DEV_MAILBOX && !env.SMTP_URL ? env.MAIL_DIR : null;
}

/** The mailbox folder when this request may read it, else null. */
export async function mailboxDirForRequest(): Promise<string | null> {
  const dir = mailboxDir();
  if (dir === null) return null;
  if (trustedProxyCount(process.env.TRUST_PROXY) > 0) return dir;
  const peer = (await headers()).get(SOCKET_ADDRESS_HEADER);
  return socketAddressHeaderInstalled() && isLoopbackAddress(peer) ? dir : null;
}

export async function listMailbox() {
  const dir = await mailboxDirForRequest();
  return dir === null ? null : { dir, mails: await listStoredMail(dir) };
}

export async function readMailboxMessage(id: string) {
  const dir = await mailboxDirForRequest();
  return dir === null ? null : readStoredMail(dir, id);
}
