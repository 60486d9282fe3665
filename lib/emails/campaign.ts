import MarkdownIt from "markdown-it";
import { MERGE_TAG, type CampaignContent, type MergeField } from "@/lib/campaigns/schema";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { CampaignCategory } from "@/lib/mail/categories";
import { formatDateTime } from "@/lib/time/format";
import { escapeHtml, renderLayout } from "./layout";
import { markdownTokensToText, TEXT_STYLE } from "./markdown-text";
import type { RenderedEmail, SubscriptionLinks } from "./types";

// A follow-up or news mail composed by an organiser (lib/campaigns). The outbox row carries the recipient's
// merge values; the worker adds the campaign's content (getCampaignContentForSending) and the row's category.
//
// Safety: the body is Markdown written by staff, rendered with raw HTML off, images off and links limited to
// http(s) and mailto. Merge values come from participants (a name is whatever someone typed at sign-up), so they
// are put in only AFTER rendering: escaped in the HTML part, as typed in the text part. A name like
// `<script>` or `**x**` therefore never becomes markup, in either part.

export type CampaignEmailProps = {
  campaign: CampaignContent;
  category: CampaignCategory;
  name: string;
  eventTitleJa: string | null;
  eventTitleEn: string | null;
  /** ISO instant of the event the merge values come from. */
  eventStartsAt: string | null;
  appUrl: string;
  contactEmail?: string | null;
  subscription?: SubscriptionLinks | null;
  /** A test send to the organiser: the subject says so. */
  test?: boolean;
};

const ACCENT = "#0f766e";

// Inline styles: most mail clients drop <style> blocks.
const STYLES: Record<string, string> = {
  paragraph_open: "margin:0 0 16px;",
  heading_open: "margin:24px 0 8px;font-size:18px;line-height:1.4;",
  bullet_list_open: "margin:0 0 16px;padding-left:24px;",
  ordered_list_open: "margin:0 0 16px;padding-left:24px;",
  blockquote_open: "margin:0 0 16px;padding-left:12px;border-left:3px solid #e5e7eb;color:#4b5563;",
  link_open: `color:${ACCENT};word-break:break-all;`,
  table_open: "border-collapse:collapse;margin:0 0 16px;",
  th_open: "border:1px solid #e5e7eb;padding:4px 8px;text-align:left;",
  td_open: "border:1px solid #e5e7eb;padding:4px 8px;",
  hr: "border:0;border-top:1px solid #e5e7eb;margin:24px 0;",
};

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

function createMarkdown(): MarkdownIt {
  // breaks: a line break typed in the composer is a line break in the mail, as Japanese mail is written.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  // Remote images would tell a tracker who opened the mail; a picture belongs on the event page instead.
  md.disable("image");
  // Only web and mail links: javascript:, data:, file: and relative links stay as plain text.
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  for (const [rule, style] of Object.entries(STYLES)) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      tokens[idx]!.attrJoin("style", style);
      return self.renderToken(tokens, idx, options);
    };
  }
  return md;
}

const markdown = createMarkdown();

// A campaign renders the same Markdown for each of its thousands of recipients (the merge values go in after
// rendering), and rendering it took a tenth of the worker's CPU time per mail: the last few bodies are kept.
const RENDERED_KEPT = 8;
const rendered = new Map<string, string>();

/** The campaign's Markdown as readable plain text for the text part (merge tags still in place). */
export function renderCampaignText(source: string, locale: Locale): string {
  return markdownTokensToText(markdown.parse(source, {}), TEXT_STYLE[locale]);
}

/** The campaign's Markdown as mail HTML (merge tags still in place). */
export function renderCampaignMarkdown(source: string): string {
  const kept = rendered.get(source);
  if (kept !== undefined) return kept;
  const html = markdown.render(source).trim();
  if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
  rendered.set(source, html);
  return html;
}

const COPY = {
  ja: { greeting: (name: string) => (name ? `${name} 様` : "皆さま"), test: "[テスト送信] " },
  en: { greeting: (name: string) => (name ? `Dear ${name},` : "Hello,"), test: "[TEST] " },
} satisfies Record<Locale, unknown>;

/** The merge values of one recipient, in the mail's language (dates in Japan time with the weekday). */
export function campaignMergeValues(props: Pick<CampaignEmailProps, "name" | "eventTitleJa" | "eventTitleEn" | "eventStartsAt">, locale: Locale): Record<MergeField, string> {
  const startsAt = props.eventStartsAt ? new Date(props.eventStartsAt) : null;
  return {
    name: props.name,
    eventTitle: props.eventTitleJa ? localized(props.eventTitleJa, props.eventTitleEn, locale) : "",
    eventDate: startsAt && !Number.isNaN(startsAt.getTime()) ? formatDateTime(startsAt, locale) : "",
  };
}

/** Replaces each known merge tag with its value, passed through `encode` (an unknown tag is left as written). */
export function fillMergeFields(text: string, values: Record<MergeField, string>, encode: (value: string) => string = (v) => v): string {
  return text.replace(MERGE_TAG, (tag, name: string) => (Object.hasOwn(values, name) ? encode(values[name as MergeField]) : tag));
}

/** Japanese, or English when the reader chose English and the campaign has it. */
export function campaignLocale(campaign: CampaignContent, locale: Locale | string): Locale {
  return locale === "en" && campaign.subjectEn && campaign.bodyEn ? "en" : "ja";
}

export function renderCampaignEmail(props: CampaignEmailProps, locale: Locale): RenderedEmail {
  const { campaign } = props;
  const language = campaignLocale(campaign, locale);
  const subjectSource = language === "en" ? campaign.subjectEn! : campaign.subjectJa;
  const bodySource = language === "en" ? campaign.bodyEn! : campaign.bodyJa;
  const values = campaignMergeValues(props, language);
  const copy = COPY[language];

  // A line break inside a header value would end the header.
  const subject = (props.test ? copy.test : "") + fillMergeFields(subjectSource, values, (v) => v.replace(/[\r\n]+/g, " "));
  const html = fillMergeFields(renderCampaignMarkdown(bodySource), values, escapeHtml);
  // Merge values go in after rendering here too: a name typed as `**x**` stays as typed.
  const text = fillMergeFields(renderCampaignText(bodySource, language), values);

  const layout = renderLayout({
    locale: language,
    title: subject,
    greeting: copy.greeting(props.name),
    blocks: [{ kind: "html", html, text }],
    contactEmail: props.contactEmail,
    appUrl: props.appUrl,
    subscription: props.subscription,
  });
  return { subject, text: layout.text, html: layout.html, category: props.category };
}
