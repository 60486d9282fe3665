import type { RegistrationStatus } from "@/lib/generated/prisma/enums";
import type { Locale } from "@/lib/i18n/config";
import { formatDateTime } from "@/lib/time/format";
import { renderRegistrationEmail } from "./registration";
import type { RegistrationEmailProps, RenderedEmail } from "./types";

// Sent when an address already registered for the event signs up again: a duplicate is an expected outcome, so
// the address's owner is told where they stand (the sign-up's own answer says nothing about it). Anyone who
// knows the address can cause it, so it also says that nothing changed.

type StatusFacts = { position: number | null; deadline: string | null };

const STATUS_LABELS: Record<Locale, Record<RegistrationStatus, (facts: StatusFacts) => string>> = {
  ja: {
    PENDING: () => "承認待ち",
    CONFIRMED: () => "参加確定",
    WAITLISTED: ({ position }) => (position ? `キャンセル待ち（現在 ${position} 番目）` : "キャンセル待ち"),
    OFFERED: ({ deadline }) => `お席をご用意しています（${deadline ? `${deadline}までに` : ""}参加を確定してください）`,
    DECLINED: () => "お申し込みをお受けできませんでした",
    CANCELLED: () => "キャンセル済み",
    ATTENDED: () => "参加済み",
    NO_SHOW: () => "欠席",
  },
  en: {
    PENDING: () => "Awaiting approval",
    CONFIRMED: () => "Confirmed",
    WAITLISTED: ({ position }) => (position ? `On the waiting list (number ${position})` : "On the waiting list"),
    OFFERED: ({ deadline }) => `A seat is held for you: please confirm${deadline ? ` by ${deadline} (Japan time)` : ""}`,
    DECLINED: () => "Not accepted",
    CANCELLED: () => "Cancelled",
    ATTENDED: () => "Attended",
    NO_SHOW: () => "Did not attend",
  },
};

function statusLabel({ status, waitlistPosition, offerExpiresAt }: RegistrationEmailProps, locale: Locale): string {
  const deadline = offerExpiresAt ? formatDateTime(new Date(offerExpiresAt), locale) : null;
  return STATUS_LABELS[locale][status]({ position: waitlistPosition ?? null, deadline });
}

export function renderRegistrationExists(props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const status = statusLabel(props, locale);
  const copy =
    locale === "en"
      ? {
          subject: "You have already registered",
          intro: [
            "This email address is already registered for the event below, so no new registration was made.",
            `Current status: ${status}`,
            "You can view, change or cancel your registration with the button below.",
            "If you did not just sign up, someone else typed your address: nothing has changed, and you can ignore this email.",
          ],
        }
      : {
          subject: "すでにお申し込み済みです",
          intro: [
            "このメールアドレスで、以下のイベントにはすでにお申し込みいただいています（新しいお申し込みは行っていません）。",
            `現在の状況：${status}`,
            "お申し込み内容の確認・変更・キャンセルは、下のボタンからどうぞ。",
            "お心当たりのない場合は、どなたかがこのメールアドレスを入力したものです。登録内容は何も変わっていませんので、このメールは破棄してください。",
          ],
        };
  return renderRegistrationEmail(props, locale, copy);
}
