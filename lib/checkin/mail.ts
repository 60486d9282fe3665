import type { RegistrationCopy } from "@/lib/emails/registration";
import { escapeHtml } from "@/lib/emails/layout";
import type { EmailAttachment, RenderedEmail } from "@/lib/emails/types";
import type { Locale } from "@/lib/i18n/config";
import { qrPng } from "./qr";

// The check-in QR code in the confirmation and approval mails. The outbox worker adds `checkin` to the
// props at send time (the token is derived from AUTH_SECRET and never stored in the outbox); without it
// (a preview, a registration no longer confirmed) the mail is the plain one.

export type CheckinMailProps = { code: string; payload: string };

/** What of the event decides the wording: nobody shows a QR code at the door of an online event. */
export type CheckinMailEvent = { format: string; onlineUrl: string | null };

const isOnline = (event: CheckinMailEvent) => event.format === "ONLINE";

/** The inline image's Content-ID: the HTML refers to it as `cid:…`, so the image travels inside the mail. */
export const CHECKIN_QR_CID = "checkin-qr@ogaki-kankei";

const WORDS = {
  ja: {
    paragraph: (code: string) => `当日は受付で、このメールのQRコードをご提示ください。\n受付コード：${code}`,
    alt: "受付用QRコード",
    online: "オンラインでの開催です。当日は、このメールに記載の参加URLからご参加ください（受付でのQRコードの提示は不要です）。",
    onlinePending: "オンラインでの開催です。参加URLは決まりしだい、下の「確認・変更」のページでご確認いただけます（受付でのQRコードの提示は不要です）。",
  },
  en: {
    paragraph: (code: string) => `At the door, please show the QR code in this email.\nCheck-in code: ${code}`,
    alt: "Check-in QR code",
    online: "This event is online. On the day, join with the link in this email (there is no check-in QR code to show).",
    onlinePending: "This event is online. The joining link will be on your registration page (button below) once it is set; there is no check-in QR code to show.",
  },
} satisfies Record<Locale, unknown>;

/**
 * The copy with the check-in paragraph (it carries the code, so the plain-text part has it too). An online event
 * has no door: its mail says how to join instead.
 */
export function withCheckinParagraph(copy: RegistrationCopy, checkin: CheckinMailProps | null | undefined, locale: Locale, event: CheckinMailEvent): RegistrationCopy {
  if (isOnline(event)) return { ...copy, intro: [...copy.intro, event.onlineUrl ? WORDS[locale].online : WORDS[locale].onlinePending] };
  if (!checkin) return copy;
  return { ...copy, intro: [...copy.intro, WORDS[locale].paragraph(checkin.code)] };
}

/**
 * Adds the QR image under the check-in paragraph and the PNG it shows, as an inline (cid) attachment.
 * The shared mail frame has no image block, so the image goes right after that paragraph's HTML.
 */
export function withCheckinQr(mail: RenderedEmail, checkin: CheckinMailProps | null | undefined, locale: Locale, event: CheckinMailEvent): RenderedEmail {
  if (!checkin || isOnline(event)) return mail;
  const words = WORDS[locale];
  const paragraphText = escapeHtml(words.paragraph(checkin.code)).split("\n").join("<br>");
  const at = mail.html.indexOf(paragraphText);
  const end = at < 0 ? -1 : mail.html.indexOf("</p>", at);
  if (end < 0) return mail;
  const image =
    `<p style="margin:0 0 20px;"><img src="cid:${CHECKIN_QR_CID}" width="200" height="200" alt="${escapeHtml(words.alt)}" ` +
    `style="display:block;width:200px;height:200px;border:0;"></p>`;
  const insertAt = end + "</p>".length;
  const attachment: EmailAttachment & { cid: string; encoding: "base64" } = {
    filename: "checkin-qr.png",
    content: qrPng(checkin.payload).toString("base64"),
    contentType: "image/png",
    encoding: "base64",
    cid: CHECKIN_QR_CID,
  };
  return {
    ...mail,
    html: `${mail.html.slice(0, insertAt)}\n${image}${mail.html.slice(insertAt)}`,
    attachments: [...(mail.attachments ?? []), attachment],
  };
}
