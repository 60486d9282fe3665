"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/mutations";
import { renderStaffInvitation } from "@/lib/emails/staff-invitation";
import { createMailTransport } from "@/lib/mail/transport";
import { canonicalEmail, isDeliverableEmail } from "@/lib/participants/email";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import { acceptInvitation, createInvitation, revokeInvitation, updateStaffUser } from "@/lib/staff/mutations";
import { STAFF_ROLES } from "@/lib/staff/permissions";
import { formatDateTime } from "@/lib/time/format";

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export type InviteState = { submission: number; sentTo?: string; error?: "invalid_email" | "role_not_allowed" | "already_staff" };

const inviteSchema = z.object({
  email: z.string().transform(canonicalEmail).refine(isDeliverableEmail),
  role: z.enum(STAFF_ROLES),
});

export async function inviteStaff(previous: InviteState, formData: FormData): Promise<InviteState> {
  const staff = await requireStaff("staff.invite");
  expectActionArgs({ forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  const parsed = inviteSchema.safeParse({ email: formData.get("email"), role: formData.get("role") });
  if (!parsed.success) return { ...next, error: parsed.error.issues.some((i) => i.path[0] === "role") ? "role_not_allowed" : "invalid_email" };
  const result = await createInvitation(staff, parsed.data);
  if (!result.ok) return { ...next, error: result.reason };
  const env = getEnv();
  const t = await getTranslations("staff");
  const mail = renderStaffInvitation(
    {
      url: `${env.APP_URL}/admin/invite/${result.token}`,
      organization: staff.organization.nameJa,
      role: t(`roles.${parsed.data.role}`),
      expires: formatDateTime(result.expiresAt, "ja"),
    },
    "ja",
  );
  const transport = createMailTransport(env);
  try {
    await transport.send({ to: parsed.data.email, ...mail });
  } finally {
    transport.close();
  }
  await recordAudit(staff, { action: "staff.invite", targetType: "StaffInvitation", detail: { email: parsed.data.email, role: parsed.data.role } });
  revalidatePath("/admin/staff");
  return { ...next, sentTo: parsed.data.email };
}

export async function revokeStaffInvitation(formData: FormData): Promise<void> {
  const staff = await requireStaff("staff.invite");
  expectActionArgs({ forms: [formData] });
  // Ids come from the client: anything but a uuid names no record (and must not reach a uuid column).
  const id = String(formData.get("invitationId") ?? "");
  if (isUuid(id) && (await revokeInvitation(staff.organizationId, id))) {
    await recordAudit(staff, { action: "staff.invite.revoke", targetType: "StaffInvitation", targetId: id });
  }
  revalidatePath("/admin/staff");
}

export async function changeStaffUser(formData: FormData): Promise<void> {
  const staff = await requireStaff("staff.invite");
  expectActionArgs({ forms: [formData] });
  const userId = String(formData.get("userId") ?? "");
  const role = z.enum(STAFF_ROLES).optional().catch(undefined).parse(formData.get("role") ?? undefined);
  const disabled = formData.get("disabled");
  const change = { role, disabled: disabled === "true" ? true : disabled === "false" ? false : undefined };
  if (isUuid(userId) && (await updateStaffUser(staff, userId, change))) {
    await recordAudit(staff, { action: "staff.update", targetType: "User", targetId: userId, detail: change });
  }
  revalidatePath("/admin/staff");
}

/** Public: the invitation link's token is the credential. */
export async function acceptStaffInvitation(token: string): Promise<void> {
  expectActionArgs({ strings: [token] });
  const result = await acceptInvitation(token);
  redirect(result.ok ? `/admin/signin?invited=1` : `/admin/invite/${encodeURIComponent(token.toWellFormed())}?failed=${result.reason}`);
}
