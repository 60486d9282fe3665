import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

// The organisers cancelled the event: everyone registered is told, with the reason, and their calendar entry
// is removed (METHOD:CANCEL with the event's UID).
export function renderEventCancelled(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const reason = props.reason && props.reason !== "event_cancelled" ? props.reason : null;
  const copy =
    locale === "en"
      ? {
          subject: "The event has been cancelled",
          intro: [
            "We are sorry to tell you that the event below has been cancelled. Your registration has been cancelled too.",
            ...(reason ? [`Reason: ${reason}`] : []),
            "We apologise for the inconvenience and hope to see you at another event.",
          ],
        }
      : {
          subject: "イベント中止のお知らせ",
          intro: [
            "誠に申し訳ありませんが、以下のイベントは中止となりました。お申し込みも取り消しとなります。",
            ...(reason ? [`理由：${reason}`] : []),
            "ご迷惑をおかけしますことをお詫び申し上げます。またのご参加をお待ちしております。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy, { calendar: "CANCEL" });
}
