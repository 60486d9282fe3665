import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export function renderRegistrationPending(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const copy =
    locale === "en"
      ? {
          subject: "We have received your application (awaiting approval)",
          intro: [
            "Thank you for applying for the event below. The organisers will review your application and email you the result.",
            "Your place is not confirmed yet.",
          ],
        }
      : {
          subject: "お申し込みを受け付けました（承認待ち）",
          intro: [
            "以下のイベントへのお申し込みを受け付けました。主催者が内容を確認のうえ、結果をあらためてメールでお知らせします。",
            "この時点ではまだ参加は確定していませんので、ご了承ください。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy);
}
