import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every server action is a public HTTP endpoint. Staff actions must check the permission themselves
// (requireStaff) before anything else; the few public ones are listed here with what protects them.

const PUBLIC_ACTIONS: Record<string, string> = {
  setLocale: "changes only the visitor's own language cookie",
  submitSignupForm: "the public sign-up: same rules and limits as the API",
  cancelByToken: "the manage link's token is the credential",
  acceptOfferByToken: "the manage link's token is the credential",
  saveAnswersByToken: "the manage link's token is the credential",
  applySignupChangesByToken: "the one-time link's token (mailed to the stored address) is the credential; it applies only what that sign-up typed, once",
  acceptStaffInvitation: "the invitation link's token is the credential",
  unsubscribeByToken: "the signed unsubscribe token (from the mail) is the credential; it can only stop mail",
  saveMailPreferencesByToken: "the signed participant-page token (from the mail) is the credential",
  submitSurveyByToken: "the survey link's signed token is the credential; only attended registrations are saved",
  reportActivityByToken: "the signed participant-page token is the credential; it adds only that person's own report, a day's number capped",
  withdrawConsentByToken: "the signed participant-page token is the credential; it only withdraws that person's own consent",
  deleteOwnDataByToken: "the signed participant-page token is the credential; it anonymises only that person, after a confirmation box",
  removeActivityByToken: "the signed participant-page token is the credential; it removes only that person's own reports",
  revokeLinkByToken: "the participant-page link is the credential; it stops only that person's own links",
  signOutEverywhereByToken: "the participant-page link is the credential; it stops that person's own links and moves them to a new one",
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const actionFiles = [...files("lib"), ...files("app"), ...files("components")].filter((file) =>
  /^\s*["']use server["'];/.test(readFileSync(file, "utf8")),
);

function unguardedActions(source: string): string[] {
  const problems: string[] = [];
  for (const match of source.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
    const [, name, body] = match;
    if (PUBLIC_ACTIONS[name!]) continue;
    const firstStatement = body!.trim().split("\n")[0] ?? "";
    if (!/await requireStaff\(/.test(firstStatement)) problems.push(`${name}: first statement is "${firstStatement.trim()}"`);
  }
  return problems;
}

describe("server actions", () => {
  it("are found, and an action without the check is caught", () => {
    expect(actionFiles.length).toBeGreaterThan(2);
    const unguarded = `"use server";\nexport async function deleteEvent(id: string) {\n  await db.event.delete({ where: { id } });\n}\n`;
    expect(unguardedActions(unguarded)).toEqual([`deleteEvent: first statement is "await db.event.delete({ where: { id } });"`]);
  });

  for (const file of actionFiles) {
    it(`${file}: each exported action checks the staff permission first, or is a known public action`, () => {
      expect(unguardedActions(readFileSync(file, "utf8"))).toEqual([]);
    });
  }
});
