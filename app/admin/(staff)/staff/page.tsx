import { getLocale, getTranslations } from "next-intl/server";
import { InviteForm } from "@/components/staff/InviteForm";
import type { Locale } from "@/lib/i18n/config";
import { requireStaff } from "@/lib/server/auth";
import { changeStaffUser, revokeStaffInvitation } from "@/lib/staff/actions";
import { listOrganizationStaff } from "@/lib/staff/data";
import { invitableRoles } from "@/lib/staff/mutations";
import { formatDateTime } from "@/lib/time/format";

export default async function StaffPage() {
  const staff = await requireStaff("staff.invite");
  const [{ users, invitations }, t, locale] = await Promise.all([
    listOrganizationStaff(staff.organizationId),
    getTranslations("staff"),
    getLocale() as Promise<Locale>,
  ]);
  const roles = invitableRoles(staff.role);
  return (
    <>
      <h1>{t("staffPage.title")}</h1>
      <section className="section" aria-labelledby="members">
        <h2 id="members">{t("staffPage.users")}</h2>
        <table className="table">
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  {user.name ?? user.email}
                  {user.id === staff.id ? ` ${t("staffPage.you")}` : ""}
                  <br />
                  <span className="muted">{user.email}</span>
                </td>
                <td>
                  {t(`roles.${user.role}`)}
                  {user.disabledAt ? ` · ${t("staffPage.disabled")}` : ""}
                </td>
                <td>
                  {user.id !== staff.id ? (
                    <div className="button-row">
                      <form action={changeStaffUser}>
                        <input type="hidden" name="userId" value={user.id} />
                        <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                          {t("staffPage.changeRole")}
                        </label>
                        <select id={`role-${user.id}`} name="role" defaultValue={user.role}>
                          {roles.map((role) => (
                            <option key={role} value={role}>
                              {t(`roles.${role}`)}
                            </option>
                          ))}
                        </select>{" "}
                        <button type="submit" className="link-button">
                          {t("staffPage.save")}
                        </button>
                      </form>
                      <form action={changeStaffUser}>
                        <input type="hidden" name="userId" value={user.id} />
                        <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
                        <button type="submit" className="link-button">
                          {user.disabledAt ? t("staffPage.enable") : t("staffPage.disable")}
                        </button>
                      </form>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {invitations.length > 0 ? (
        <section className="section" aria-labelledby="open-invitations">
          <h2 id="open-invitations">{t("staffPage.invitations")}</h2>
          <table className="table">
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{t(`roles.${invitation.role}`)}</td>
                  <td>
                    {t("staffPage.expires")}: {formatDateTime(invitation.expiresAt, locale)}
                  </td>
                  <td>
                    <form action={revokeStaffInvitation}>
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="link-button">
                        {t("staffPage.revoke")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="section" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("staffPage.invite")}</h2>
        <InviteForm roles={roles} />
      </section>
    </>
  );
}
