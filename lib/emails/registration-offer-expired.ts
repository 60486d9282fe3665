import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

// Sent when a seat offered from the waitlist was not confirmed in time and went to the next person.
export function renderRegistrationOfferExpired(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const copy =
    locale === "en"
      ? {
          subject: "The seat we held for you has been released",
          intro: [
            "A seat opened up for you from the waitlist, but it was not confirmed in time, so it has gone to the next person.",
            "If you would still like to join, please sign up again from the event page (you will join the waitlist if it is full).",
          ],
        }
      : {
          subject: "お席の確保期限が過ぎました",
          intro: [
            "キャンセル待ちからお席をご用意しましたが、確定の期限までにお手続きがなかったため、次の方にご案内しました。",
            "引き続き参加をご希望の場合は、イベントページから改めてお申し込みください（満席の場合はキャンセル待ちになります）。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy);
}
