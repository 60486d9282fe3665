import type { Env } from "@/lib/config/env-schema";

// Where a participant's answer to any mail goes. MAIL_FROM is usually a no-reply address, so without a
// configured Reply-To a reply (or a calendar's ORGANIZER reply) would be lost: it falls back to the operator's
// contact address, the same one the privacy policy names.

type ContactEnv = Pick<Env, "MAIL_REPLY_TO"> & Partial<Pick<Env, "OPERATOR_CONTACT_EMAIL">>;

/** The Reply-To of every mail, as configured (it may carry a display name). */
export function replyTo(env: ContactEnv): string | undefined {
  return env.MAIL_REPLY_TO ?? env.OPERATOR_CONTACT_EMAIL;
}

/** The bare address of a mailbox: `大垣 <a@b.jp>` → `a@b.jp`; anything that is not one address → null. */
export function mailboxAddress(value: string | null | undefined): string | null {
  const address = (value ? (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value) : "").trim();
  return /^[^\s@<>"]+@[^\s@<>"]+$/.test(address) ? address : null;
}

/** The address mail footers show and calendar entries name as ORGANIZER. */
export function contactAddress(env: ContactEnv): string | null {
  return mailboxAddress(replyTo(env)) ?? mailboxAddress(env.OPERATOR_CONTACT_EMAIL);
}
