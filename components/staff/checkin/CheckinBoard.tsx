"use client";

import { useActionState, useCallback, useEffect, useState, startTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { submitCheckin, type CheckinActionState } from "@/lib/checkin/actions";
import { CheckinCodeForm } from "./CheckinCodeForm";
import { CheckinList } from "./CheckinList";
import { CheckinResult } from "./CheckinResult";
import { CheckinScanner } from "./CheckinScanner";
import { NoShowPanel } from "./NoShowPanel";

export type CheckinRow = {
  id: string;
  name: string;
  furigana: string;
  code: string;
  status: "CONFIRMED" | "ATTENDED" | "NO_SHOW";
  /** Check-in time in JST (HH:mm), when checked in. */
  time: string | null;
};

type Mode = "list" | "scan";

/**
 * The check-in page's state: one action answers every tap, scan and typed code, and one result line shows
 * the answer (so the person at the door always sees the latest outcome in the same place).
 */
export function CheckinBoard({
  eventId,
  rows,
  initialMode,
  ended,
  opens,
}: {
  eventId: string;
  rows: CheckinRow[];
  initialMode: Mode;
  ended: boolean;
  /** When the door opens (JST), while it is not open yet; null once it is. */
  opens: string | null;
}) {
  const t = useTranslations("staffCheckin");
  const router = useRouter();
  const [state, formAction, pending] = useActionState<CheckinActionState, FormData>(submitCheckin.bind(null, eventId), { submission: 0 });
  const [mode, setMode] = useState<Mode>(initialMode);

  // One set of figures: expected = checked in + not yet; no-shows are counted apart.
  const checkedIn = rows.filter((r) => r.status === "ATTENDED").length;
  const waiting = rows.filter((r) => r.status === "CONFIRMED").length;
  const expected = checkedIn + waiting;
  const noShows = rows.filter((r) => r.status === "NO_SHOW").length;

  function choose(next: Mode) {
    setMode(next);
    // Kept in the address, so a reload (or a bookmark on the door phone) opens the same mode.
    const url = new URL(window.location.href);
    if (next === "scan") url.searchParams.set("mode", "scan");
    else url.searchParams.delete("mode");
    window.history.replaceState(null, "", url);
  }

  const onScan = useCallback(
    (payload: string) => {
      const data = new FormData();
      data.set("intent", "scan");
      data.set("code", payload);
      startTransition(() => formAction(data));
    },
    [formAction],
  );

  // A short buzz on phones that can: the person scanning looks at the guest, not at the screen.
  useEffect(() => {
    const kind = state.result?.kind;
    if (!kind || mode !== "scan" || typeof navigator.vibrate !== "function") return;
    navigator.vibrate(kind === "checked_in" ? 80 : kind === "refused" ? [60, 60, 60] : [40, 40]);
  }, [state.submission, state.result?.kind, mode]);

  return (
    <>
      <div className="staff-checkin__summary">
        <p className="staff-checkin__counts" data-testid="checkin-counts">
          <strong>{t("counts", { checkedIn, expected, waiting })}</strong>
          {noShows > 0 ? <span className="muted">{t("noShowCount", { count: noShows })}</span> : null}
        </p>
        <button type="button" className="link-button" onClick={() => router.refresh()}>
          {t("refresh")}
        </button>
      </div>

      {opens ? (
        <div className="notice" role="note">
          <p>
            <strong>{t("notYetOpen", { opens })}</strong>
          </p>
          <p>{t("notYetOpenHelp")}</p>
        </div>
      ) : (
        <CheckinDoor mode={mode} choose={choose} state={state} formAction={formAction} pending={pending} rows={rows} onScan={onScan} />
      )}

      {ended ? <NoShowPanel eventId={eventId} unmarked={waiting} /> : null}
    </>
  );
}

function CheckinDoor({
  mode,
  choose,
  state,
  formAction,
  pending,
  rows,
  onScan,
}: {
  mode: Mode;
  choose: (next: Mode) => void;
  state: CheckinActionState;
  formAction: (data: FormData) => void;
  pending: boolean;
  rows: CheckinRow[];
  onScan: (payload: string) => void;
}) {
  const t = useTranslations("staffCheckin");
  return (
    <>
      <div className="staff-checkin__modes" role="group" aria-label={t("modes.label")}>
        {(["list", "scan"] as const).map((m) => (
          <button key={m} type="button" className="staff-checkin__mode" aria-pressed={mode === m} onClick={() => choose(m)}>
            {t(`modes.${m}`)}
          </button>
        ))}
      </div>

      <CheckinResult state={state} formAction={formAction} pending={pending} />

      {mode === "list" ? (
        <CheckinList rows={rows} formAction={formAction} />
      ) : (
        <>
          <CheckinScanner onScan={onScan} busy={pending} />
          <CheckinCodeForm formAction={formAction} state={state} />
        </>
      )}
    </>
  );
}
