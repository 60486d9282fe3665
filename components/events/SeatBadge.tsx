import { getLocale, getTranslations } from "next-intl/server";
import { seatState, type SeatInput } from "@/lib/events/seats";
import type { Locale } from "@/lib/i18n/config";
import { formatDateTime } from "@/lib/time/format";

/** 残り3席 / 満席・キャンセル待ち受付中 / 締切 …: the seat state in words, from the one rule in lib/events/seats. */
export async function SeatBadge({ event, now }: { event: SeatInput; now: Date }) {
  const [locale, t] = await Promise.all([getLocale() as Promise<Locale>, getTranslations("events.seats")]);
  const state = seatState(event, now);
  let label: string;
  if (state.kind === "open") label = state.seatsLeft === null ? t("openUnlimited") : t("open", { count: state.seatsLeft });
  else if (state.kind === "not_yet_open") label = t("notYetOpen", { date: formatDateTime(state.opensAt, locale) });
  else label = t(state.kind);
  return <span className={`seat-badge seat-badge--${state.kind}`}>{label}</span>;
}
