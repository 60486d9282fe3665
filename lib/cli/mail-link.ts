import path from "node:path";
import { loadDotEnv, ROOT } from "@/lib/cli/prepare";
import { listStoredMail, type StoredMail } from "@/lib/mail/transport";

// `npm run mail:link -- <address>`: prints the latest staff sign-in link stored for an address, for demo testers
// who are not on this machine (/dev/mailbox answers only loopback requests, lib/mail/mailbox.ts). Run it on
// the server, by someone with a shell there; it reads MAIL_DIR, where mail goes while SMTP_URL is not set.

const SIGNIN_LINK = /https?:\/\/[^\s<>"]+\/api\/auth\/callback\/email\?[^\s<>"]+/;

/** The recipient's address from a stored `to` ("Name <a@b>" or "a@b"), lower-cased. */
function addressOf(to: string): string {
  return (/<([^>]+)>\s*$/.exec(to)?.[1] ?? to).trim().toLowerCase();
}

/** The newest stored mail to `address` that carries a sign-in link, with that link. */
function latestSigninLink(mails: StoredMail[], address: string): { link: string; mail: StoredMail } | null {
  const wanted = address.trim().toLowerCase();
  const newestFirst = [...mails].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  for (const mail of newestFirst) {
    if (addressOf(mail.to) !== wanted) continue;
    const link = SIGNIN_LINK.exec(mail.text ?? "")?.[0] ?? SIGNIN_LINK.exec(mail.html ?? "")?.[0]?.replaceAll("&amp;", "&");
    if (link) return { link, mail };
  }
  return null;
}

async function main(): Promise<number> {
  const address = process.argv[2]?.trim();
  if (!address || !address.includes("@")) {
    process.stderr.write("usage: npm run mail:link -- <address>   (例 / e.g. npm run mail:link -- admin@wdl.example)\n");
    return 2;
  }
  loadDotEnv();
  if (process.env.SMTP_URL?.trim()) {
    process.stderr.write("SMTP_URL is set: sign-in links are sent by mail, not stored here. / SMTP_URL が設定されているため、リンクはメールで送られています。\n");
    return 1;
  }
  const dir = path.resolve(ROOT, process.env.MAIL_DIR?.trim() || ".data/mail");
  const found = latestSigninLink(await listStoredMail(dir, 1000), address);
  if (!found) {
    process.stderr.write(
      `No sign-in link for ${address} in ${dir}: ask for one on the staff sign-in page first. / ` +
        `${address} 宛のサインインリンクはありません。先にスタッフのサインイン画面でリンクを請求してください。\n`,
    );
    return 1;
  }
  process.stderr.write(`sent ${found.mail.date} (a link works once, for a limited time / リンクは一度だけ、有効期限内に使えます)\n`);
  process.stdout.write(`${found.link}\n`);
  return 0;
}

process.exitCode = await main();
