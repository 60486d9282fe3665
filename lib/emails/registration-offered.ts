import type { Locale } from "@/lib/i18n/config";
import { formatDateTime } from "@/lib/time/format";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export function renderRegistrationOffered(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const deadline = props.offerExpiresAt ? formatDateTime(new Date(props.offerExpiresAt), locale) : null;
  const copy =
    locale === "en"
      ? {
          subject: "A seat is now available for you",
          intro: [
            "A seat has become free at the event below, and we are holding it for you.",
            deadline
              ? `Please confirm your place by ${deadline} (Japan time) with the button below. After that, the seat goes to the next person on the waiting list.`
              : "Please confirm your place soon with the button below.",
          ],
          buttonLabel: "Confirm my place",
        }
      : {
          subject: "キャンセル待ちの方へ：お席をご用意しました",
          intro: [
            "キャンセル待ちにご登録いただいていた以下のイベントに空きが出たため、お席をご用意しました。",
            deadline
              ? `${deadline}までに、下のボタンから参加を確定してください。期限を過ぎると、次にお待ちの方へご案内します。`
              : "お早めに、下のボタンから参加を確定してください。",
          ],
          buttonLabel: "参加を確定する",
        };
  return renderRegistrationEmail(props, locale, copy);
}
