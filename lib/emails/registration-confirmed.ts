import { withCheckinParagraph, withCheckinQr, type CheckinMailProps } from "@/lib/checkin/mail";
import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

/** `checkin` is added by the outbox worker at send time: the check-in QR code and code for the door. */
export function renderRegistrationConfirmed(props: RegistrationEmailProps & { checkin?: CheckinMailProps | null }, locale: Locale): RenderedEmail {
  const copy =
    locale === "en"
      ? {
          subject: "Registration confirmed",
          intro: ["You are registered for the event below. We look forward to seeing you."],
        }
      : {
          subject: "参加登録が完了しました",
          intro: ["以下のイベントへの参加登録が完了しました。当日お会いできるのを楽しみにしています。"],
        };
  const mail = renderRegistrationEmail(props, locale, withCheckinParagraph(copy, props.checkin, locale, props.event), { showOnlineUrl: true, calendar: "PUBLISH" });
  return withCheckinQr(mail, props.checkin, locale, props.event);
}
