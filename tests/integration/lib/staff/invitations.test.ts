import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTranslator } from "next-intl";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createOrganizations } from "../../../support/fixtures";

// Invitations stay inside the inviting organisation, through the actions the staff page and the invitation link
// call (session, Next's helpers and the translator stubbed; the database and the mail files real): a city admin
// learns nothing about WDL's staff, a city invitation leaves WDL's open invitation alone, and a WDL account is
// never moved into the city by accepting; the invitee is told why.

type SessionStaff = { id: string; organizationId: string; role: string; organization: { nameJa: string; nameEn: string | null } };
const session = vi.hoisted(() => ({ staff: null as null | SessionStaff }));

class Redirect extends Error {
  constructor(readonly url: string) {
    super(`NEXT_REDIRECT ${url}`);
  }
}

vi.mock("@/lib/server/auth", () => ({
  requireStaff: async (permission: string) => {
    const { can } = await import("@/lib/staff/permissions");
    if (!session.staff || !can(session.staff.role as never, permission as never)) throw new Error("NEXT_NOT_FOUND");
    return session.staff;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));
vi.mock("next-intl/server", async () => {
  const { loadMessages } = await import("@/lib/i18n/messages");
  const messages = await loadMessages("ja");
  return { getTranslations: async (namespace?: string) => createTranslator({ locale: "ja", messages, namespace: namespace as never }) };
});

const { inviteStaff, acceptStaffInvitation } = await import("@/lib/staff/actions");
const { findInvitation } = await import("@/lib/staff/mutations");

let t: TestDatabase;
let mailDir: string;
let wdlAdmin: SessionStaff;
let cityAdmin: SessionStaff;

beforeAll(async () => {
  t = await useAppDatabase();
  mailDir = await mkdtemp(path.join(tmpdir(), "invitations-"));
  process.env.MAIL_DIR = mailDir;
  delete process.env.SMTP_URL;
  const { wdl, city } = await createOrganizations(t.db);
  const admin = async (organization: typeof wdl, role: "WDL_ADMIN" | "CITY_ADMIN", email: string): Promise<SessionStaff> => {
    const user = await t.db.user.create({ data: { email, organizationId: organization.id, role } });
    return { id: user.id, organizationId: organization.id, role, organization: { nameJa: organization.nameJa, nameEn: organization.nameEn } };
  };
  wdlAdmin = await admin(wdl, "WDL_ADMIN", "wdl-admin@invite.example");
  cityAdmin = await admin(city, "CITY_ADMIN", "city-admin@invite.example");
});
afterAll(async () => {
  await t.drop();
  await rm(mailDir, { recursive: true, force: true });
});
beforeEach(() => {
  session.staff = null;
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

async function invite(as: SessionStaff, email: string, role: string) {
  session.staff = as;
  return inviteStaff({ submission: 0 }, form({ email, role }));
}

/** The invitation link in the last mail sent to `to`. */
async function linkSentTo(to: string): Promise<string> {
  const summaries = (await readdir(mailDir)).filter((f) => f.endsWith(".json")).sort();
  for (const file of summaries.reverse()) {
    const mail = JSON.parse(await readFile(path.join(mailDir, file), "utf8")) as { to: string; text: string };
    if (!mail.to.includes(to)) continue;
    const match = /\/admin\/invite\/([\w-]+)/.exec(mail.text);
    if (match) return match[1]!;
  }
  throw new Error(`no invitation mail to ${to}`);
}

async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Redirect) return error.url;
    throw error;
  }
  throw new Error("no redirect");
}

describe("staff invitations stay inside the inviting organisation", () => {
  it("a city admin inviting a WDL staff address gets the same answer as for anyone (no 'already staff')", async () => {
    const wdlStaff = await t.db.user.create({ data: { email: "organizer@wdl-invite.example", organizationId: wdlAdmin.organizationId, role: "WDL_ORGANIZER" } });
    const known = await invite(cityAdmin, wdlStaff.email, "CITY_STAFF");
    const unknown = await invite(cityAdmin, "nobody@invite.example", "CITY_STAFF");
    expect(known).toEqual({ submission: 1, sentTo: wdlStaff.email });
    expect(unknown).toEqual({ submission: 1, sentTo: "nobody@invite.example" });
    // Within the organisation the admin still hears it: the address is one of theirs.
    expect(await invite(wdlAdmin, wdlStaff.email, "WDL_ORGANIZER")).toEqual({ submission: 1, error: "already_staff" });
  });

  it("an invitation for an address does not revoke the other organisation's open invitation for it", async () => {
    const email = "both@invite.example";
    expect(await invite(wdlAdmin, email, "WDL_ORGANIZER")).toMatchObject({ sentTo: email });
    const wdlToken = await linkSentTo(email);
    expect(await invite(cityAdmin, email, "CITY_STAFF")).toMatchObject({ sentTo: email });
    const open = await t.db.staffInvitation.findMany({ where: { email, revokedAt: null }, select: { organizationId: true } });
    expect(open.map((i) => i.organizationId).sort()).toEqual([wdlAdmin.organizationId, cityAdmin.organizationId].sort());
    expect(await findInvitation(wdlToken)).not.toBeNull();
    // The organisation's own second invitation replaces its first.
    expect(await invite(wdlAdmin, email, "CHECKIN")).toMatchObject({ sentTo: email });
    expect(await findInvitation(wdlToken)).toBeNull();
    expect(await t.db.staffInvitation.count({ where: { email, revokedAt: null } })).toBe(2);
  });

  it("accepting a city invitation does not move an active WDL account into the city, and says why", async () => {
    const wdlStaff = await t.db.user.create({ data: { email: "mover@wdl-invite.example", organizationId: wdlAdmin.organizationId, role: "WDL_ORGANIZER" } });
    expect(await invite(cityAdmin, wdlStaff.email, "CITY_ADMIN")).toMatchObject({ sentTo: wdlStaff.email });
    const token = await linkSentTo(wdlStaff.email);
    session.staff = null; // the link is all the invitee has
    expect(await redirectOf(() => acceptStaffInvitation(token))).toBe(`/admin/invite/${token}?failed=other_organization`);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: wdlStaff.id } });
    expect({ organizationId: after.organizationId, role: after.role }).toEqual({ organizationId: wdlAdmin.organizationId, role: "WDL_ORGANIZER" });
    // The page the invitee lands on explains it instead of offering the button again.
    expect(await findInvitation(token)).toMatchObject({ otherOrganization: true });
    // A disabled WDL account is not taken over either.
    await t.db.user.update({ where: { id: wdlStaff.id }, data: { disabledAt: new Date() } });
    expect(await redirectOf(() => acceptStaffInvitation(token))).toBe(`/admin/invite/${token}?failed=other_organization`);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: wdlStaff.id } })).organizationId).toBe(wdlAdmin.organizationId);
  });

  it("still creates a new account, and re-enables a disabled one of the same organisation", async () => {
    expect(await invite(cityAdmin, "new@invite.example", "CITY_STAFF")).toMatchObject({ sentTo: "new@invite.example" });
    expect(await redirectOf(async () => acceptStaffInvitation(await linkSentTo("new@invite.example")))).toBe("/admin/signin?invited=1");
    expect(await t.db.user.findUniqueOrThrow({ where: { email: "new@invite.example" } })).toMatchObject({ organizationId: cityAdmin.organizationId, role: "CITY_STAFF" });

    const former = await t.db.user.create({ data: { email: "former@invite.example", organizationId: cityAdmin.organizationId, role: "CITY_STAFF", disabledAt: new Date() } });
    expect(await invite(cityAdmin, former.email, "CITY_ADMIN")).toMatchObject({ sentTo: former.email });
    expect(await redirectOf(async () => acceptStaffInvitation(await linkSentTo(former.email)))).toBe("/admin/signin?invited=1");
    expect(await t.db.user.findUniqueOrThrow({ where: { id: former.id } })).toMatchObject({ organizationId: cityAdmin.organizationId, role: "CITY_ADMIN", disabledAt: null });
  });
});
