import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { Staff } from "@/lib/server/auth";
import type { StaffRole } from "@/lib/staff/permissions";
import { createOrganizations } from "../../../support/fixtures";

// Staff members as the route handlers see them (lib/server/auth's Staff), stored so audit rows can point at them.

export async function createStaff(db: PrismaClient, role: StaffRole, orgSlug?: string): Promise<Staff> {
  const { wdl, city } = await createOrganizations(db);
  const organization = orgSlug
    ? await db.organization.upsert({
        where: { slug: orgSlug },
        create: { slug: orgSlug, kind: role.startsWith("CITY") ? "CITY" : "WDL", nameJa: `他団体 ${orgSlug}`, nameEn: `Other ${orgSlug}` },
        update: {},
      })
    : role.startsWith("CITY")
      ? city
      : wdl;
  const user = await db.user.create({
    data: { email: `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@staff.example`, name: `スタッフ ${role}`, role, organizationId: organization.id },
  });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    locale: "ja",
    disabledAt: null,
    organizationId: organization.id,
    organization: { kind: organization.kind, nameJa: organization.nameJa, nameEn: organization.nameEn, slug: organization.slug },
  } as Staff;
}

export async function readBody(response: Response | ReadableStream<Uint8Array>): Promise<Buffer> {
  const stream = response instanceof Response ? response.body! : response;
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A cell a spreadsheet could run as a formula. */
export const looksLikeFormula = (cell: string) => /^[=+\-@\t\r＝＋－＠]/.test(cell);
