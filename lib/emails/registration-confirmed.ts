import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export function renderRegistrationConfirmed(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
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
  return renderRegistrationEmail(props, locale, copy, { showOnlineUrl: true, calendar: "PUBLISH" });
}
