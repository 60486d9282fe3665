"use client";

import { useTranslations } from "next-intl";
import type { CheckinActionState } from "@/lib/checkin/actions";
import { RESULT_ID } from "./CheckinResult";
import { SubmitButton } from "./SubmitButton";

/** The fallback when the camera cannot be used: the 8-character code read out or shown on the guest's phone. */
export function CheckinCodeForm({ formAction, state }: { formAction: (data: FormData) => void; state: CheckinActionState }) {
  const t = useTranslations("staffCheckin");
  const refused = state.result?.kind === "refused";
  return (
    <section className="staff-checkin__code-section" aria-labelledby="checkin-code-title">
      <h2 id="checkin-code-title">{t("code.title")}</h2>
      <form action={formAction} className="staff-checkin__code-form">
        <input type="hidden" name="intent" value="code" />
        <div className="field">
          <label htmlFor="checkin-code" className="field__label">
            {t("code.label")}
          </label>
          <p id="checkin-code-help" className="field__help">
            {t("code.help")}
          </p>
          <input
            id="checkin-code"
            name="code"
            className="field__input staff-checkin__code-input"
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            required
            maxLength={200}
            aria-invalid={refused ? true : undefined}
            aria-describedby={refused ? `checkin-code-help ${RESULT_ID}` : "checkin-code-help"}
          />
        </div>
        <SubmitButton className="button button--wide">{t("code.submit")}</SubmitButton>
      </form>
    </section>
  );
}
