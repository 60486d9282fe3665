"use client";

import { useTranslations } from "next-intl";
import type { CheckinActionState } from "@/lib/checkin/actions";

export const RESULT_ID = "checkin-result";

/** The answer to the latest tap, scan or code, in one live region (read out by screen readers). */
export function CheckinResult({ state, formAction, pending }: { state: CheckinActionState; formAction: (data: FormData) => void; pending: boolean }) {
  const t = useTranslations("staffCheckin");
  const result = state.result;
  const tone = !result ? "idle" : result.kind === "checked_in" || result.kind === "undone" ? "ok" : result.kind === "already" ? "warn" : "error";

  let message: string | null = null;
  if (result?.kind === "refused") {
    message = t(`result.refused.${result.reason}`, {
      name: result.name || t("list.noName"),
      title: result.otherEvent?.title ?? "",
      date: result.otherEvent?.date ?? "",
      opens: result.opens ?? "",
    });
  } else if (result) {
    const name = result.name || t("list.noName");
    message =
      result.kind === "already"
        ? result.time
          ? t("result.already", { name, time: result.time })
          : t("result.alreadyNoTime", { name })
        : t(`result.${result.kind}`, { name });
  }

  return (
    <div
      id={RESULT_ID}
      className={`staff-checkin__result staff-checkin__result--${tone}`}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      aria-busy={pending}
      data-result={result?.kind === "refused" ? `refused:${result.reason}` : result?.kind}
    >
      {message ? (
        <>
          <p className="staff-checkin__result-text" key={state.submission}>
            {message}
          </p>
          {result?.kind === "checked_in" && result.furigana ? <p className="staff-checkin__result-sub">{result.furigana}</p> : null}
          {result?.kind === "checked_in" ? (
            <form action={formAction}>
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="registrationId" value={result.registrationId} />
              <button type="submit" className="link-button" disabled={pending}>
                {t("result.undo")}
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
