"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { submitNoShows, type NoShowState } from "@/lib/checkin/actions";
import { SubmitButton } from "./SubmitButton";

/**
 * After the event: confirmed people never checked in become no-shows, in bulk. A confirmation step first,
 * naming how many people it will change; the action itself refuses anything sent without that step.
 */
export function NoShowPanel({ eventId, unmarked }: { eventId: string; unmarked: number }) {
  const t = useTranslations("staffCheckin.noShow");
  const [state, formAction] = useActionState<NoShowState, FormData>(submitNoShows.bind(null, eventId), { submission: 0 });
  // Confirming belongs to one submission: once the action answers, the question closes by itself.
  const [confirmingAt, setConfirmingAt] = useState<number | null>(null);
  const confirming = confirmingAt === state.submission;

  return (
    <section className="staff-checkin__noshow" aria-labelledby="checkin-noshow-title">
      <h2 id="checkin-noshow-title">{t("title")}</h2>
      <p>{t("lead")}</p>
      {state.marked !== undefined ? (
        <p className="outcome" role="status">
          {t("done", { count: state.marked })}
        </p>
      ) : null}
      {state.error ? (
        <p className="outcome outcome--warn" role="alert">
          {t(`errors.${state.error}`)}
        </p>
      ) : null}
      {unmarked === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : confirming ? (
        <form action={formAction} className="staff-checkin__confirm">
          <input type="hidden" name="confirm" value="yes" />
          <p role="alert">
            <strong>{t("confirm", { count: unmarked })}</strong>
          </p>
          <div className="button-row">
            <SubmitButton className="button button--danger">{t("submit")}</SubmitButton>
            <button type="button" className="button button--secondary" onClick={() => setConfirmingAt(null)}>
              {t("cancel")}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setConfirmingAt(state.submission)}>
          {t("start", { count: unmarked })}
        </button>
      )}
    </section>
  );
}
