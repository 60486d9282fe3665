import type { Locale } from "@/lib/i18n/config";
import { escapeHtml, httpUrl, privacyPolicyUrl } from "./layout";

// The sign-in link for staff. Sent directly (not through the outbox): the link is a secret that must not be
// stored, and it is worthless after 15 minutes anyway.
export function renderStaffSignin(props: { url: string; minutes: number }, locale: Locale) {
  const url = httpUrl(props.url) ?? "";
  const ja = locale !== "en";
  const privacy = url ? privacyPolicyUrl(new URL(url).origin) : null;
  const privacyLabel = ja ? "個人情報の取り扱い：" : "Privacy policy: ";
  const subject = ja ? "【大垣とつながる】スタッフ用サインインリンク" : "[Connect with Ogaki] Staff sign-in link";
  const lines = ja
    ? ["スタッフ画面へのサインインリンクです。", `${props.minutes}分以内に、このリンクを開いてください。`, url, "", "心当たりがない場合は、このメールを破棄してください。"]
    : ["Here is your link to sign in to the staff area.", `Open it within ${props.minutes} minutes.`, url, "", "If you did not ask for it, you can ignore this email."]
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(lines[0]!)}<br>${escapeHtml(lines[1]!)}</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#0b5d7a;color:#fff;border-radius:8px;text-decoration:none">${ja ? "サインインする" : "Sign in"}</a></p>
<p style="color:#54656e">${escapeHtml(lines[4]!)}</p>${privacy ? `<p style="color:#54656e;font-size:12px">${escapeHtml(privacyLabel)}<a href="${escapeHtml(privacy)}">${escapeHtml(privacy)}</a></p>` : ""}</body></html>`;
  return { subject, text: [...lines, ...(privacy ? ["", privacyLabel + privacy] : [])].join("\n"), html };
}
