import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { findPersonalData, personalDataInUrl, type PersonalNeedles } from "@/lib/server/personal-data";
import { currentRun, receivedMail } from "./support/run";

// Runs last (Playwright runs spec files in name order with one worker): the logs of the whole suite — launcher,
// next start and mail worker of both app instances, captured by tests/e2e/support/server.ts — must not contain
// any name or email address the suite created, nor any email address at all; and no link in any mail the
// suite caused may carry a name or an address in its URL.
// The needles are read from the databases at the end (every participant, staff member, invitation and mail
// recipient the specs made, whatever helper made them), plus every envelope recipient of the SMTP server.

async function personalData(databaseUrl: string): Promise<{ emails: string[]; names: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query<{ v: string | null }>(sql)).rows.map((r) => r.v).filter((v): v is string => !!v);
    return {
      emails: [
        ...(await rows(`SELECT email AS v FROM "Participant" UNION SELECT "emailNormalized" FROM "Participant"`)),
        ...(await rows(`SELECT email AS v FROM "User"`)),
        ...(await rows(`SELECT email AS v FROM "StaffInvitation"`)),
        ...(await rows(`SELECT "toEmail" AS v FROM "OutboxMessage"`)),
      ],
      names: [
        ...(await rows(`SELECT name AS v FROM "Participant" UNION SELECT furigana FROM "Participant"`)),
        ...(await rows(`SELECT name AS v FROM "User"`)),
        ...(await rows(`SELECT "toName" AS v FROM "OutboxMessage"`)),
      ],
    };
  } finally {
    await client.end();
  }
}

let needles: PersonalNeedles & { emails: string[]; names: string[] };
/** Addresses that belong to no person: the configured sender and reply-to. */
let allowEmails: string[];

test.beforeAll(async () => {
  const run = currentRun();
  const [app, mailbox] = await Promise.all([personalData(run.app.databaseUrl), personalData(run.mailbox.databaseUrl)]);
  const recipients = (await receivedMail()).flatMap((m) => m.envelopeTo);
  needles = {
    emails: [...new Set([...app.emails, ...mailbox.emails, ...recipients].map((e) => e.toLowerCase()))],
    names: [...new Set([...app.names, ...mailbox.names])],
  };
  const from = (await receivedMail()).flatMap((m) => [...(m.from?.value ?? []), ...[m.replyTo ?? []].flat().flatMap((r) => r.value)]);
  allowEmails = [...new Set(from.map((a) => a.address?.toLowerCase()).filter((a): a is string => !!a))];
});

test("the suite's logs carry no name and no email address", async () => {
  const { logFiles } = currentRun();
  // Control: the capture works — both instances' launcher, web server and worker lines are in the files.
  // (The grep itself is proven to catch a logged address by tests/unit/lib/server/personal-data.test.ts.)
  expect(needles.emails.length).toBeGreaterThan(5);
  expect(needles.names.length).toBeGreaterThan(5);
  expect(logFiles).toHaveLength(2);
  const findings: string[] = [];
  for (const file of logFiles) {
    const text = readFileSync(file, "utf8");
    expect(text, file).toContain("[ogaki] serving on");
    expect(text, file).toMatch(/\[worker [^\]]*\] started/);
    expect(text, file).toContain("Ready in");
    for (const hit of findPersonalData(text, needles, { allowEmails })) {
      findings.push(`${path.basename(file)}:${hit.line}: ${hit.kind} ${hit.value}\n    ${hit.excerpt}`);
    }
  }
  expect(findings.slice(0, 30), `${findings.length} finding(s)`).toEqual([]);
});

/** Every link in a mail: href targets and URLs in the text part. */
function linksIn(html: string, text: string): string[] {
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  const bare = [...`${text}\n${html}`.matchAll(/https?:\/\/[^\s"<>）)]+/g)].map((m) => m[0].replace(/&amp;/g, "&"));
  return [...new Set([...hrefs, ...bare])];
}

test("no link in any mail the suite caused carries a name or an email address", async () => {
  const mails: { subject: string; html: string; text: string; headers: string[] }[] = [];
  for (const mail of await receivedMail()) {
    mails.push({
      subject: mail.subject ?? "",
      html: typeof mail.html === "string" ? mail.html : "",
      text: mail.text ?? "",
      headers: [String(mail.headers.get("list-unsubscribe") ?? "")],
    });
  }
  // The development mailbox instance stores its mail as files (.eml) instead of sending it.
  const { mailDir } = currentRun().mailbox;
  const stored = existsSync(mailDir) ? readdirSync(mailDir, { recursive: true, encoding: "utf8" }) : [];
  for (const file of stored.filter((f) => f.endsWith(".eml"))) {
    const mail = await simpleParser(readFileSync(path.join(mailDir, file)));
    mails.push({
      subject: mail.subject ?? "",
      html: typeof mail.html === "string" ? mail.html : "",
      text: mail.text ?? "",
      headers: [String(mail.headers.get("list-unsubscribe") ?? "")],
    });
  }
  expect(mails.length).toBeGreaterThan(0);
  const findings = new Set<string>();
  let links = 0;
  for (const mail of mails) {
    const headerLinks = mail.headers.flatMap((h) => [...h.matchAll(/<([^>]+)>/g)].map((m) => m[1]!));
    for (const link of [...linksIn(mail.html, mail.text), ...headerLinks]) {
      links++;
      for (const finding of personalDataInUrl(link, needles, { allowEmails })) findings.add(`「${mail.subject}」: ${finding}`);
    }
  }
  expect(links).toBeGreaterThan(0);
  expect([...findings].slice(0, 30), `${findings.size} finding(s)`).toEqual([]);
});
