import "server-only";
import { listStoredMail, readStoredMail } from "@/lib/mail/transport";
import { getEnv } from "@/lib/server/env";

// The development mailbox exists only while no SMTP server is configured: then it is the only place mail
// goes, so demo staff can read their sign-in links. With SMTP_URL set these return null and the pages 404.

export function mailboxDir(): string | null {
  const env = getEnv();
  return env.SMTP_URL ? null : env.MAIL_DIR;
}

export async function listMailbox() {
  const dir = mailboxDir();
  return dir === null ? null : { dir, mails: await listStoredMail(dir) };
}

export async function readMailboxMessage(id: string) {
  const dir = mailboxDir();
  return dir === null ? null : readStoredMail(dir, id);
}
