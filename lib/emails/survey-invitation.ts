import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatEventDateRange } from "@/lib/time/format";
import { httpUrl, renderLayout, type Block } from "./layout";
import type { EmailEvent, RenderedEmail, SubscriptionLinks } from "./types";

// The day after an event, attendees are asked four short questions. The survey link carries a token derived
// at send time (lib/surveys/token.ts), never stored in the outbox; the footer says why the person gets this
// mail (they agreed to surveys) and how to stop it.

export type SurveyInvitationProps = {
  name: string;
  event: EmailEvent;
  surveyUrl: string;
  appUrl: string;
  contactEmail?: string | null;
  subscription?: SubscriptionLinks | null;
};

const COPY = {
  ja: {
    prefix: "【大垣とつながる】",
    subject: (title: string) => `アンケートご協力のお願い：${title}`,
    heading: "ご参加ありがとうございました",
    greeting: (name: string) => (name ? `${name} 様` : "ご参加いただいた皆様"),
    thanks: (title: string) => `先日は「${title}」にご参加いただき、ありがとうございました。`,
    ask: "今後のイベントをよりよいものにするため、短いアンケートにご協力ください。質問は4つ、約1分で回答できます。",
    event: "イベント",
    date: "日時",
    button: "アンケートに回答する（約1分）",
    use: "いただいた回答は、Work Design Lab と大垣市が今後のイベントや取り組みを改善するために活用します。回答はあとから同じリンクで変更できます。",
  },
  en: {
    prefix: "[Connect with Ogaki] ",
    subject: (title: string) => `A one-minute survey: ${title}`,
    heading: "Thank you for coming",
    greeting: (name: string) => (name ? `Dear ${name},` : "Hello,"),
    thanks: (title: string) => `Thank you for joining “${title}”.`,
    ask: "To make our next events better, please answer a short survey: four questions, about one minute.",
    event: "Event",
    date: "Date",
    button: "Answer the survey (about 1 minute)",
    use: "Your answers help Work Design Lab and Ogaki City improve future events and projects. You can change them later with the same link.",
  },
} satisfies Record<Locale, unknown>;

const oneLine = (value: string) => value.replace(/\s*[\r\n]+\s*/g, " ").trim();

export function renderSurveyInvitation(props: SurveyInvitationProps, locale: Locale): RenderedEmail {
  // Without its link the mail asks for something the reader cannot do: fail the build (the worker records it).
  const surveyUrl = httpUrl(props.surveyUrl);
  if (!surveyUrl) throw new Error("survey-invitation: surveyUrl must be an http(s) URL");
  const copy = COPY[locale];
  const title = localized(props.event.titleJa, props.event.titleEn, locale);
  const blocks: Block[] = [
    { kind: "paragraph", text: copy.thanks(title) },
    { kind: "paragraph", text: copy.ask },
    {
      kind: "details",
      rows: [
        { label: copy.event, lines: [title] },
        { label: copy.date, lines: [formatEventDateRange(new Date(props.event.startsAt), new Date(props.event.endsAt), locale)] },
      ],
    },
    { kind: "button", label: copy.button, href: surveyUrl },
    { kind: "paragraph", text: copy.use },
  ];
  const { html, text } = renderLayout({
    locale,
    title: copy.heading,
    greeting: copy.greeting(props.name.trim()),
    blocks,
    contactEmail: props.contactEmail,
    appUrl: props.appUrl,
    subscription: props.subscription,
  });
  return { subject: oneLine(`${copy.prefix}${copy.subject(title)}`), text, html, category: "SURVEY" };
}
