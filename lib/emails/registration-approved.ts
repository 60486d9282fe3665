import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export function renderRegistrationApproved(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
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
  return renderRegistrationEmail(props, locale, copy, { showOnlineUrl: true, calendar: "PUBLISH" });
}
