import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export function renderRegistrationDeclined(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const reason = props.reason?.trim();
  const copy =
    locale === "en"
      ? {
          subject: "About your application",
          intro: [
            "Thank you for applying for the event below.",
            "We are sorry, but we are unable to offer you a place this time.",
            ...(reason ? [`Reason: ${reason}`] : []),
            "We hope to see you at another event.",
          ],
        }
      : {
          subject: "お申し込みについて",
          intro: [
            "このたびは以下のイベントにお申し込みいただき、誠にありがとうございました。",
            "大変恐縮ではございますが、今回はご参加をお受けすることができませんでした。",
            ...(reason ? [`理由：${reason}`] : []),
            "またの機会にお申し込みいただけましたら幸いです。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy);
}
