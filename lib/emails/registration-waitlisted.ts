import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export function renderRegistrationWaitlisted(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const position = props.waitlistPosition;
  const copy =
    locale === "en"
      ? {
          subject: "You are on the waiting list",
          intro: [
            "The event below is full, so we have put you on the waiting list.",
            ...(position ? [`You are number ${position} on the waiting list.`] : []),
            "If a seat becomes free, we will email you.",
          ],
        }
      : {
          subject: "キャンセル待ちに登録しました",
          intro: [
            "以下のイベントは満席のため、キャンセル待ちとして登録しました。",
            ...(position ? [`現在 ${position} 番目です。`] : []),
            "お席に空きが出た場合は、メールでお知らせします。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy);
}
