import "server-only";
import { listStoredMail, readStoredMail } from "@/lib/mail/transport";
import { getEnv } from "@/lib/server/env";

// The development mailbox exists only in demo and development (DEV_MAILBOX, which the launcher turns on for
// the zero-configuration setup and `npm run dev`) and only while no SMTP server is configured: then it is the
// only place mail goes, so demo staff can read their sign-in links. Otherwise these return null and the pages 404.

export function mailboxDir(): string | null {
  const env = getEnv();
  return env.DEV_MAILBOX && !env.SMTP_URL ? env.MAIL_DIR : null;
}

export async function listMailbox() {
  const dir = mailboxDir();
  return dir === null ? null : { dir, mails: await listStoredMail(dir) };
}

export async function readMailboxMessage(id: string) {
  const dir = mailboxDir();
  return dir === null ? null : readStoredMail(dir, id);
}
