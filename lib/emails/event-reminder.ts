import { withCheckinParagraph, withCheckinQr, type CheckinMailProps } from "@/lib/checkin/mail";
import type { Locale } from "@/lib/i18n/config";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

export type EventReminderProps = RegistrationEmailProps & { hoursBefore: number; checkin?: CheckinMailProps | null };

/** Days or hours: "3日後" reads better than "72時間後". */
function lead(hoursBefore: number, locale: Locale): string {
  const days = hoursBefore % 24 === 0 ? hoursBefore / 24 : null;
  if (locale === "en") {
    if (days === 1) return "tomorrow";
    return days ? `in ${days} days` : `in ${hoursBefore} hours`;
  }
  if (days === 1) return "明日";
  return days ? `${days}日後` : `${hoursBefore}時間後`;
}

/**
 * Sent to confirmed people before the event (Event.reminderHoursBefore). It carries the manage link, so a person
 * who can no longer come frees the seat for the waiting list, and the check-in code for the door.
 */
export function renderEventReminder(props: EventReminderProps, locale: Locale): RenderedEmail {
  const when = lead(props.hoursBefore, locale);
  const copy =
    locale === "en"
      ? {
          subject: `Reminder: the event is ${when}`,
          intro: [
            `This is a reminder that the event you registered for takes place ${when}. The details are below.`,
            "If you can no longer come, please cancel with the button below: your seat will go to someone on the waiting list.",
          ],
        }
      : {
          subject: `リマインダー：イベントは${when}です`,
          intro: [
            `お申し込みいただいたイベントは${when}の開催です。詳細は以下のとおりです。`,
            "ご都合が悪くなった場合は、下のボタンからキャンセルしてください。キャンセル待ちの方にお席をおゆずりできます。",
          ],
        };
  const mail = renderRegistrationEmail(props, locale, withCheckinParagraph(copy, props.checkin, locale, props.event), { showOnlineUrl: true, category: "REMINDER" });
  return withCheckinQr(mail, props.checkin, locale, props.event);
}
