import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { idToken } from "@/lib/server/secrets";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createStaff } from "../export/helpers";

// The rights actions as the forms call them, with Next's request helpers and the staff session stubbed: the
// person's signed link is the only credential, the deletion needs its "I understand" box, and only the city's
// admin records that the city deleted its copy.

const session = vi.hoisted(() => ({ staff: null as null | { id: string; organizationId: string; role: string } }));

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
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const { confirmCityCopyDeletedAction, deleteOwnDataByToken, withdrawConsentByToken } = await import("@/lib/participants/actions");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Redirect) return error.url;
    throw error;
  }
  throw new Error("no redirect");
}

async function person(label: string) {
  const email = `${label}@example.com`;
  const p = await t.db.participant.create({ data: { email, emailNormalized: email, name: `名前 ${label}` } });
  await t.db.consent.createMany({
    data: (["CITY_PROVISION", "SURVEY"] as const).map((purpose) => ({ participantId: p.id, purpose, version: "2026-10" })),
  });
  return { id: p.id, token: idToken("participant", p.id) };
}

describe("withdrawing a consent by the signed link", () => {
  it("withdraws the named purpose only; a forged link or an unknown purpose changes nothing", async () => {
    const p = await person("withdraw");
    const forged = `${p.id}.${"x".repeat(43)}`;
    expect(await redirectOf(() => withdrawConsentByToken(forged, form({ purpose: "CITY_PROVISION" })))).toBe(`/me/${encodeURIComponent(forged)}`);
    expect(await redirectOf(() => withdrawConsentByToken(p.token, form({ purpose: "EVERYTHING" })))).toBe(`/me/${p.token}`);
    expect(await t.db.consent.count({ where: { participantId: p.id, withdrawnAt: null } })).toBe(2);
    expect(await redirectOf(() => withdrawConsentByToken(p.token, form({ purpose: "CITY_PROVISION" })))).toBe(`/me/${p.token}?withdrawn=CITY_PROVISION#me-consents`);
    expect(await redirectOf(() => withdrawConsentByToken(p.token, form({ purpose: "CITY_PROVISION" })))).toBe(`/me/${p.token}?nothingToWithdraw=1#me-consents`);
    expect((await t.db.consent.findMany({ where: { participantId: p.id, withdrawnAt: null } })).map((c) => c.purpose)).toEqual(["SURVEY"]);
  });
});

describe("deleting by the signed link", () => {
  it("needs the box ticked, then anonymises once, audits, and ends on the result page", async () => {
    const p = await person("delete");
    expect(await redirectOf(() => deleteOwnDataByToken(p.token, form({})))).toBe(`/me/${p.token}/delete?unconfirmed=1`);
    const forged = `${p.id}.${"y".repeat(43)}`;
    await redirectOf(() => deleteOwnDataByToken(forged, form({ understood: "yes" })));
    expect((await t.db.participant.findUniqueOrThrow({ where: { id: p.id } })).anonymizedAt).toBeNull();

    expect(await redirectOf(() => deleteOwnDataByToken(p.token, form({ understood: "yes" })))).toBe(`/me/${p.token}/deleted`);
    expect(await redirectOf(() => deleteOwnDataByToken(p.token, form({ understood: "yes" })))).toBe(`/me/${p.token}/deleted`); // a double submit
    expect((await t.db.participant.findUniqueOrThrow({ where: { id: p.id } })).name).toBeNull();
    expect(await t.db.deletionRequest.count({ where: { participantId: p.id } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "participant.delete", targetId: p.id } })).toBe(1);
  });
});

describe("the city's confirmation", () => {
  it("is for the city's admin only", async () => {
    const request = await t.db.deletionRequest.create({ data: { via: "participant_page", status: "COMPLETED", cityProvisionCount: 1 } });
    const wdl = await createStaff(t.db, "WDL_ADMIN");
    session.staff = wdl;
    await expect(confirmCityCopyDeletedAction(form({ requestId: request.id }))).rejects.toThrow("NEXT_NOT_FOUND");
    session.staff = await createStaff(t.db, "CITY_STAFF");
    await expect(confirmCityCopyDeletedAction(form({ requestId: request.id }))).rejects.toThrow("NEXT_NOT_FOUND");
    session.staff = await createStaff(t.db, "CITY_ADMIN");
    expect(await redirectOf(() => confirmCityCopyDeletedAction(form({ requestId: "not-a-uuid" })))).toBe("/admin/requests?result=not_found");
    // Out of the city's scope (no provision record names the person): not found, nothing written.
    expect(await redirectOf(() => confirmCityCopyDeletedAction(form({ requestId: request.id })))).toBe("/admin/requests?result=not_found");
    expect((await t.db.deletionRequest.findUniqueOrThrow({ where: { id: request.id } })).cityCopyDeletedAt).toBeNull();
  });
});
