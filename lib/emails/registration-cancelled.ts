import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

// The attached METHOD:CANCEL calendar file carries the event's UID, so calendars remove the entry.
export function renderRegistrationCancelled(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const copy =
    locale === "en"
      ? {
          subject: "Your cancellation has been received",
          intro: [
            "We have cancelled your registration for the event below. Thank you for letting us know.",
            "We hope to see you at another event.",
          ],
        }
      : {
          subject: "キャンセルを受け付けました",
          intro: [
            "以下のイベントへの参加キャンセルを受け付けました。ご連絡いただきありがとうございました。",
            "またのご参加をお待ちしております。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy, { calendar: "CANCEL" });
}
