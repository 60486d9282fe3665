import type { Locale } from "@/lib/i18n/config";
import { escapeHtml, httpUrl, privacyPolicyUrl } from "./layout";

// An invitation to the staff area. Sent directly, not through the outbox: its link is a secret.
export function renderStaffInvitation(props: { url: string; organization: string; role: string; expires: string }, locale: Locale) {
  const url = httpUrl(props.url) ?? "";
  const ja = locale !== "en";
  const privacy = url ? privacyPolicyUrl(new URL(url).origin) : null;
  const privacyLine = privacy ? (ja ? "個人情報の取り扱い：" : "Privacy policy: ") : "";
  const subject = ja ? "【大垣とつながる】スタッフ画面へのご招待" : "[Connect with Ogaki] Invitation to the staff area";
  const intro = ja
    ? `${props.organization} のスタッフ（${props.role}）として、関係人口イベントのスタッフ画面に招待されました。${props.expires} までに次のリンクから参加してください。`
    : `You have been invited to the staff area of the relationship-population events as ${props.role} of ${props.organization}. Please accept by ${props.expires}.`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.7"><p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#0b5d7a;color:#fff;border-radius:8px;text-decoration:none">${ja ? "招待を受ける" : "Accept the invitation"}</a></p>${privacy ? `<p style="color:#54656e;font-size:12px">${escapeHtml(privacyLine)}<a href="${escapeHtml(privacy)}">${escapeHtml(privacy)}</a></p>` : ""}</body></html>`;
  return { subject, text: `${intro}\n\n${url}\n${privacy ? `\n${privacyLine}${privacy}\n` : ""}`, html };
}
