"use client";

import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import { matchesSearch } from "@/lib/checkin/search";
import type { CheckinRow } from "./CheckinBoard";
import { SubmitButton } from "./SubmitButton";

/** One tap per person: search by name, furigana or code; large buttons for a phone held in one hand. */
export function CheckinList({ rows, formAction }: { rows: CheckinRow[]; formAction: (data: FormData) => void }) {
  const t = useTranslations("staffCheckin");
  const [query, setQuery] = useState("");
  const [onlyWaiting, setOnlyWaiting] = useState(false);
  const id = useId();
  const shown = rows.filter((row) => (!onlyWaiting || row.status !== "ATTENDED") && matchesSearch(row, query));

  if (rows.length === 0) return <p className="empty">{t("list.none")}</p>;

  return (
    <section className="staff-checkin__list-section" aria-label={t("modes.list")}>
      <div className="field staff-checkin__search">
        <label htmlFor={`${id}-search`} className="field__label">
          {t("list.search")}
        </label>
        <input
          id={`${id}-search`}
          type="search"
          className="field__input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("list.searchHelp")}
          aria-describedby={`${id}-count`}
          autoComplete="off"
          enterKeyHint="search"
        />
      </div>
      <label className="choice staff-checkin__filter">
        <input type="checkbox" checked={onlyWaiting} onChange={(e) => setOnlyWaiting(e.target.checked)} />
        {t("list.onlyWaiting")}
      </label>
      <p id={`${id}-count`} className="muted staff-checkin__shown">
        {t("list.shown", { count: shown.length })}
      </p>
      {shown.length === 0 ? (
        <p className="empty">{t("list.empty")}</p>
      ) : (
        <ul className="staff-checkin__list">
          {shown.map((row) => {
            const name = row.name || t("list.noName");
            return (
              <li key={row.id} className={`staff-checkin__row staff-checkin__row--${row.status.toLowerCase()}`} data-registration-id={row.id}>
                <div className="staff-checkin__who">
                  <span className="staff-checkin__name">{name}</span>
                  <span className="staff-checkin__kana">{row.furigana}</span>
                  <code className="staff-checkin__code">{row.code}</code>
                </div>
                {row.status === "ATTENDED" ? (
                  <span className="staff-checkin__done">{t("list.checkedInAt", { time: row.time ?? "" })}</span>
                ) : (
                  <form action={formAction} className="staff-checkin__tap">
                    <input type="hidden" name="intent" value="checkin" />
                    <input type="hidden" name="registrationId" value={row.id} />
                    {row.status === "NO_SHOW" ? <span className="staff-checkin__status">{t("status.NO_SHOW")}</span> : null}
                    <SubmitButton className="button staff-checkin__button" label={t("list.checkInLabel", { name })}>
                      {row.status === "NO_SHOW" ? t("list.correct") : t("list.checkIn")}
                    </SubmitButton>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
