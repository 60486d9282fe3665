import { withCheckinParagraph, withCheckinQr, type CheckinMailProps } from "@/lib/checkin/mail";
import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

/** `checkin` is added by the outbox worker at send time: the check-in QR code and code for the door. */
export function renderRegistrationApproved(props: RegistrationEmailProps & { checkin?: CheckinMailProps | null }, locale: Locale): RenderedEmail {
  const copy =
    locale === "en"
      ? {
          subject: "Your registration has been approved",
          intro: ["Your application for the event below has been approved and your place is confirmed. We look forward to seeing you."],
        }
      : {
          subject: "参加が承認されました",
          intro: ["お申し込みいただいた以下のイベントへの参加が承認され、ご参加が確定しました。当日お会いできるのを楽しみにしています。"],
        };
  const mail = renderRegistrationEmail(props, locale, withCheckinParagraph(copy, props.checkin, locale, props.event), { showOnlineUrl: true, calendar: "PUBLISH" });
  return withCheckinQr(mail, props.checkin, locale, props.event);
}
