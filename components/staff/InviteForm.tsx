"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { inviteStaff, type InviteState } from "@/lib/staff/actions";
import type { StaffRole } from "@/lib/staff/permissions";

export function InviteForm({ roles }: { roles: StaffRole[] }) {
  const t = useTranslations("staff");
  const [state, action, pending] = useActionState<InviteState, FormData>(inviteStaff, { submission: 0 });
  return (
    <form action={action} className="signup-form" noValidate key={state.submission}>
      {state.sentTo ? (
        <p className="outcome" role="status">
          {t("staffPage.sent", { email: state.sentTo })}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="invite-email" className="field__label">
          {t("staffPage.email")}
        </label>
        <input id="invite-email" name="email" type="email" required className="field__input" aria-invalid={state.error ? true : undefined} aria-describedby={state.error ? "invite-error" : undefined} />
        {state.error ? (
          <p id="invite-error" className="field__error">
            {t(`staffPage.errors.${state.error}`)}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="invite-role" className="field__label">
          {t("staffPage.role")}
        </label>
        <select id="invite-role" name="role" className="field__input">
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={pending}>
        {t("staffPage.send")}
      </button>
    </form>
  );
}
