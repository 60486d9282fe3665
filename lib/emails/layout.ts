import type { Locale } from "@/lib/i18n/config";
import type { SubscriptionCategory, SubscriptionLinks } from "./types";

// One layout for every mail: a single-column table (mail clients ignore most CSS, so styles are inline) and a
// plain-text twin built from the same blocks, so both parts always say the same thing.

/** A row's link shows its label, or the URL itself when it has none. */
export type DetailRow = { label: string; lines: string[]; link?: { label?: string; href: string } };

export type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "details"; rows: DetailRow[] }
  | { kind: "button"; label: string; href: string }
  | { kind: "link"; label: string; href: string }
  // Pre-rendered HTML that is safe as it stands (a campaign's Markdown, rendered without raw HTML), with its
  // plain-text twin. Never put text from a person or a form here without rendering it safely first.
  | { kind: "html"; html: string; text: string };

export type LayoutInput = {
  locale: Locale;
  title: string;
  greeting: string;
  blocks: Block[];
  contactEmail?: string | null;
  /** The site's base URL: every mail links to its privacy policy there. */
  appUrl: string;
  /** Non-transactional mail: why the person gets it, and how to stop it (links added at send time). */
  subscription?: SubscriptionLinks | null;
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The URL if it is http(s), else null: anything else (javascript:, data:) never becomes a link. */
export function httpUrl(value: string | null | undefined): string | null {
  return value && /^https?:\/\/[^\s]+$/i.test(value.trim()) ? value.trim() : null;
}

/** The address if it looks like one (it goes into a mailto: link and an ORGANIZER line), else null. */
export function emailAddress(value: string | null | undefined): string | null {
  return value && /^[^\s@<>"]+@[^\s@<>"]+$/.test(value) ? value : null;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Hiragino Sans','Hiragino Kaku Gothic ProN',Meiryo,'Segoe UI',sans-serif";
const ACCENT = "#0f766e";
const RULE = "border-top:1px solid #e5e7eb;";
const TABLE = `role="presentation" cellpadding="0" cellspacing="0"`;
const TH = `padding:8px 12px 8px 0;${RULE}white-space:nowrap;font-size:14px;font-weight:normal;color:#6b7280;`;
const BUTTON = "display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:bold;";

const h = escapeHtml;
const lines = (text: string) => text.split(/\r\n|\r|\n/).map(h).join("<br>");
const anchor = (href: string, label: string) => `<a href="${h(href)}" style="color:${ACCENT};word-break:break-all;">${h(label)}</a>`;

function blockHtml(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="margin:0 0 16px;">${lines(block.text)}</p>`;
    case "details": {
      const rows = block.rows.map((row) => {
        const href = httpUrl(row.link?.href);
        const value = [...row.lines.map(h), ...(href ? [anchor(href, row.link?.label ?? href)] : [])].join("<br>");
        return `<tr><th align="left" valign="top" style="${TH}">${h(row.label)}</th><td style="padding:8px 0;${RULE}">${value}</td></tr>`;
      });
      return `<table ${TABLE} width="100%" style="margin:0 0 20px;border-collapse:collapse;">${rows.join("")}</table>`;
    }
    case "button": {
      const href = httpUrl(block.href);
      if (!href) return "";
      const link = `<a href="${h(href)}" style="${BUTTON}">${h(block.label)}</a>`;
      return `<table ${TABLE} style="margin:4px 0 20px;"><tr><td style="border-radius:6px;background:${ACCENT};">${link}</td></tr></table>`;
    }
    case "link": {
      const href = httpUrl(block.href);
      if (!href) return "";
      return `<p style="margin:0 0 16px;">${anchor(href, block.label)}</p>`;
    }
    case "html":
      return block.html;
  }
}

function blockText(block: Block, colon: string): string {
  switch (block.kind) {
    case "paragraph":
      return block.text;
    case "details":
      return block.rows
        .map((row) => {
          const href = httpUrl(row.link?.href);
          const label = row.link?.label;
          const [first = "", ...rest] = [...row.lines, ...(href ? [label ? `${label}${colon}${href}` : href] : [])];
          return [`■ ${row.label}${colon}${first}`, ...rest.map((line) => `  ${line}`)].join("\n");
        })
        .join("\n");
    case "button":
    case "link": {
      const href = httpUrl(block.href);
      return href ? `${block.label}\n${href}` : "";
    }
    case "html":
      return block.text;
  }
}

const FOOTER = {
  ja: {
    organiser: "主催：一般社団法人Work Design Lab × 大垣市",
    contact: "お問い合わせ：",
    privacy: "個人情報の取り扱い（プライバシーポリシー）：",
    note: "このメールは、イベントへのお申し込み（参加登録）に関するお知らせとしてお送りしています。",
  },
  en: {
    organiser: "Organised by Work Design Lab × Ogaki City",
    contact: "Contact: ",
    privacy: "Privacy policy: ",
    note: "You are receiving this email because you registered for one of our events. It is about your registration only, not a newsletter.",
  },
} satisfies Record<Locale, unknown>;

// Why a person gets each kind of mail they can stop, and the two ways to stop it.
const SUBSCRIPTION_FOOTER = {
  ja: {
    REMINDER: "このメールは、お申し込みいただいたイベントのリマインダーとしてお送りしています。",
    SURVEY: "このメールは、イベント後のアンケートの受け取りに同意いただいた方にお送りしています。",
    FOLLOW_UP: "このメールは、お申し込みいただいたイベントのご案内（フォローアップ）としてお送りしています。",
    WDL_NEWS: "このメールは、Work Design Lab からのお知らせの受け取りに同意いただいた方にお送りしています。",
    CITY_NEWS: "このメールは、大垣市からのお知らせの受け取りに同意いただいた方に、Work Design Lab が大垣市に代わってお送りしています。",
    unsubscribe: "この種類のメールの配信停止：",
    preferences: "配信設定の確認・変更：",
  },
  en: {
    REMINDER: "You are receiving this reminder because you registered for the event.",
    SURVEY: "You are receiving this because you agreed to receive a short survey after our events.",
    FOLLOW_UP: "You are receiving this follow-up because you registered for one of our events.",
    WDL_NEWS: "You are receiving this because you agreed to receive news from Work Design Lab.",
    CITY_NEWS: "You are receiving this because you agreed to receive news from Ogaki City; Work Design Lab sends it on the city's behalf.",
    unsubscribe: "Stop this kind of email: ",
    preferences: "Your email preferences: ",
  },
} satisfies Record<Locale, Record<SubscriptionCategory | "unsubscribe" | "preferences", string>>;

function subscriptionFooter(locale: Locale, subscription: SubscriptionLinks | null | undefined) {
  if (!subscription) return null;
  const copy = SUBSCRIPTION_FOOTER[locale];
  const links = [
    { label: copy.unsubscribe, href: httpUrl(subscription.unsubscribeUrl) },
    { label: copy.preferences, href: httpUrl(subscription.preferencesUrl) },
  ].filter((link): link is { label: string; href: string } => link.href !== null);
  return { note: copy[subscription.category], links };
}

/** The privacy policy's address on the site (APPI: every mail says where the handling of data is explained). */
export function privacyPolicyUrl(appUrl: string): string | null {
  const base = httpUrl(appUrl);
  return base ? `${base.replace(/\/+$/, "")}/privacy` : null;
}

export function renderLayout({ locale, title, greeting, blocks, contactEmail, appUrl, subscription }: LayoutInput): { html: string; text: string } {
  const brand = locale === "en" ? "Connect with Ogaki" : "大垣とつながる";
  const colon = locale === "en" ? ": " : "：";
  const foot = FOOTER[locale];
  const contact = emailAddress(contactEmail);
  const stop = subscriptionFooter(locale, subscription);
  const note = stop?.note ?? foot.note;
  const privacy = privacyPolicyUrl(appUrl);

  const footText = [
    foot.organiser,
    ...(contact ? [foot.contact + contact] : []),
    note,
    ...(stop?.links.map((link) => link.label + link.href) ?? []),
    ...(privacy ? [foot.privacy + privacy] : []),
  ].join("\n");
  const body = blocks.map((b) => blockText(b, colon)).filter(Boolean);
  const text = [greeting, ...body, "――――――――――", footText].join("\n\n") + "\n";

  const footHtml = [
    h(foot.organiser),
    ...(contact ? [`${h(foot.contact)}<a href="mailto:${h(contact)}" style="color:#6b7280;">${h(contact)}</a>`] : []),
    h(note),
    ...(stop?.links.map((link) => `${h(link.label)}<a href="${h(link.href)}" style="color:#6b7280;word-break:break-all;">${h(link.href)}</a>`) ?? []),
    ...(privacy ? [`${h(foot.privacy)}<a href="${h(privacy)}" style="color:#6b7280;word-break:break-all;">${h(privacy)}</a>`] : []),
  ].join("<br>");

  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<table ${TABLE} width="100%" style="background:#f4f4f5;"><tr><td align="center" style="padding:24px 12px;">
<table ${TABLE} width="100%" style="max-width:600px;background:#ffffff;border-radius:8px;font-family:${FONT};font-size:16px;line-height:1.7;color:#1f2937;">
<tr><td style="padding:24px 24px 0;font-size:13px;font-weight:bold;color:${ACCENT};">${h(brand)}</td></tr>
<tr><td style="padding:8px 24px 0;"><h1 style="margin:0;font-size:22px;line-height:1.4;">${h(title)}</h1></td></tr>
<tr><td style="padding:16px 24px 8px;">
<p style="margin:0 0 16px;">${h(greeting)}</p>
${blocks.map(blockHtml).filter(Boolean).join("\n")}
</td></tr>
<tr><td style="padding:16px 24px 24px;${RULE}font-size:12px;line-height:1.6;color:#6b7280;">${footHtml}</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
  return { html, text };
}
