import { buildIcs, eventSequence, eventUid, googleCalendarUrl } from "@/lib/calendar/ics";
import type { MailCategory } from "@/lib/generated/prisma/enums";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { formatEventDateRange } from "@/lib/time/format";
import { emailAddress, httpUrl, renderLayout, type Block, type DetailRow } from "./layout";
import type { EmailAttachment, EmailEvent, RegistrationEmailProps, RenderedEmail } from "./types";

// The frame every registration mail shares: event facts, manage link, event page, and the calendar files.
// Each template only supplies its own words (RegistrationCopy) and what it may show.

export type RegistrationCopy = {
  /** Also the heading; the subject adds the brand prefix and the event title. */
  subject: string;
  intro: string[];
  /** The manage link is always the button; some mails give it a more specific label. */
  buttonLabel?: string;
};

export type RegistrationOptions = {
  /** The online URL is for confirmed people only. */
  showOnlineUrl?: boolean;
  calendar?: "PUBLISH" | "CANCEL";
  /** Registration mail is transactional; a reminder about the same registration can be stopped. */
  category?: MailCategory;
};

const LABELS = {
  ja: {
    prefix: "【大垣とつながる】",
    subjectSeparator: "：",
    greeting: (name: string) => `${name} 様`,
    event: "イベント",
    date: "日時",
    venue: "会場",
    map: "地図を見る",
    online: "オンライン",
    alsoOnline: "オンライン同時開催",
    tba: "調整中",
    onlineUrl: "参加URL",
    fee: "参加費",
    organisers: "主催",
    manage: "確認・変更・キャンセルはこちら",
    eventPage: "イベントページ",
    googleCalendar: "Googleカレンダーに追加",
    icsNote: "添付の event.ics を開くと、お使いのカレンダーに予定を追加できます。",
    cancelledInCalendar: "この予定はキャンセルされました。",
    applyNote:
      "このメールアドレスはすでに登録されているため、今回のお申し込みで入力されたプロフィールと同意の内容は、まだ反映していません（登録内容は、ご本人の確認なしには変更しません）。ご自身で入力した内容であれば、下のリンクから反映できます（7日間有効・1回限り）。大垣市が申し込みを確認するイベントでは、確認への同意もこのリンクで反映してから市の確認が始まります。お心当たりのないお申し込みは、上のボタンからキャンセルできます。",
    applyLink: "入力した内容をプロフィールと同意に反映する",
  },
  en: {
    prefix: "[Connect with Ogaki] ",
    subjectSeparator: ": ",
    greeting: (name: string) => `Dear ${name},`,
    event: "Event",
    date: "Date",
    venue: "Venue",
    map: "Map",
    online: "Online",
    alsoOnline: "Also online",
    tba: "To be announced",
    onlineUrl: "Join online",
    fee: "Fee",
    organisers: "Organisers",
    manage: "View, change or cancel your registration",
    eventPage: "Event page",
    googleCalendar: "Add to Google Calendar",
    icsNote: "Open the attached event.ics to add the event to your calendar.",
    cancelledInCalendar: "This registration has been cancelled.",
    applyNote:
      "This address was already registered with us, so the profile and consents typed in this sign-up have not been applied yet (stored details are never changed without the owner's confirmation). If you typed them, you can apply them with the link below (valid for 7 days, once). For an event whose applications Ogaki City reviews, the city's review starts once your consent to it is applied with this link. If you did not sign up, you can cancel the registration with the button above.",
    applyLink: "Apply what I typed to my profile and consents",
  },
} satisfies Record<Locale, unknown>;

const eventTitle = (event: EmailEvent, locale: Locale) => localized(event.titleJa, event.titleEn, locale);

function venueLines(event: EmailEvent, locale: Locale): string[] {
  const l = LABELS[locale];
  if (event.format === "ONLINE") return [l.online];
  const place = [event.venueName, event.venueAddress].filter((v): v is string => !!v);
  if (place.length === 0) place.push(l.tba);
  return event.format === "HYBRID" ? [...place, l.alsoOnline] : place;
}

function details(props: RegistrationEmailProps, locale: Locale, onlineUrl: string | null): DetailRow[] {
  const { event } = props;
  const l = LABELS[locale];
  const mapUrl = event.format === "ONLINE" ? null : httpUrl(event.venueMapUrl);
  const fee = localized(event.feeJa, event.feeEn, locale);
  return [
    { label: l.event, lines: [eventTitle(event, locale)] },
    { label: l.date, lines: [formatEventDateRange(new Date(event.startsAt), new Date(event.endsAt), locale)] },
    { label: l.venue, lines: venueLines(event, locale), ...(mapUrl ? { link: { label: l.map, href: mapUrl } } : {}) },
    ...(onlineUrl ? [{ label: l.onlineUrl, lines: [], link: { href: onlineUrl } }] : []),
    ...(fee ? [{ label: l.fee, lines: [fee] }] : []),
    { label: l.organisers, lines: [localized(event.organizersJa, event.organizersEn, locale)] },
  ];
}

const eventPageUrl = ({ appUrl, event }: RegistrationEmailProps) =>
  `${appUrl.replace(/\/+$/, "")}/events/${encodeURIComponent(event.slug)}`;

// What both calendar forms (.ics and Google link) say. Calendars are often shared with colleagues, so the
// personal manage link stays in the mail and never goes into the entry.
function calendarEntry(props: RegistrationEmailProps, locale: Locale, onlineUrl: string | null) {
  const { event } = props;
  const l = LABELS[locale];
  const place = [event.venueName, event.venueAddress].filter(Boolean).join(", ");
  return {
    title: eventTitle(event, locale),
    start: new Date(event.startsAt),
    end: new Date(event.endsAt),
    details: [eventPageUrl(props), ...(onlineUrl ? [`${l.onlineUrl}: ${onlineUrl}`] : [])].join("\n"),
    location: event.format === "ONLINE" ? (onlineUrl ?? l.online) : place || undefined,
  };
}

function calendarFile(
  props: RegistrationEmailProps,
  locale: Locale,
  method: "PUBLISH" | "CANCEL",
  onlineUrl: string | null,
): EmailAttachment {
  const { event } = props;
  const entry = calendarEntry(props, locale, onlineUrl);
  const content = buildIcs({
    uid: eventUid(event.id),
    sequence: eventSequence(new Date(event.updatedAt)) + (method === "CANCEL" ? 1 : 0),
    method,
    start: entry.start,
    end: entry.end,
    summary: entry.title,
    description: method === "CANCEL" ? `${LABELS[locale].cancelledInCalendar}\n${entry.details}` : entry.details,
    location: entry.location,
    url: eventPageUrl(props),
    organizerName: localized(event.organizersJa, event.organizersEn, locale),
    // ORGANIZER needs an address; without a contact address a no-reply one on the app's own host is honest.
    organizerEmail: emailAddress(props.contactEmail) ?? `no-reply@${new URL(props.appUrl).hostname}`,
  });
  return { filename: "event.ics", content, contentType: `text/calendar; charset=utf-8; method=${method}` };
}

const oneLine = (value: string) => value.replace(/\s*[\r\n]+\s*/g, " ").trim();

export function renderRegistrationEmail(
  props: RegistrationEmailProps,
  locale: Locale,
  copy: RegistrationCopy,
  { showOnlineUrl = false, calendar, category = "TRANSACTIONAL" }: RegistrationOptions = {},
): RenderedEmail {
  const l = LABELS[locale];
  const title = eventTitle(props.event, locale);
  const onlineUrl = showOnlineUrl ? httpUrl(props.event.onlineUrl) : null;
  const google = calendar === "PUBLISH" ? googleCalendarUrl(calendarEntry(props, locale, onlineUrl)) : null;

  const blocks: Block[] = [
    ...copy.intro.map((text): Block => ({ kind: "paragraph", text })),
    { kind: "details", rows: details(props, locale, onlineUrl) },
    { kind: "button", label: copy.buttonLabel ?? l.manage, href: props.manageUrl },
    ...(props.applyUrl
      ? [{ kind: "paragraph", text: l.applyNote } as const, { kind: "link", label: l.applyLink, href: props.applyUrl } as const]
      : []),
    ...(google
      ? [{ kind: "link", label: l.googleCalendar, href: google } as const, { kind: "paragraph", text: l.icsNote } as const]
      : []),
    { kind: "link", label: l.eventPage, href: eventPageUrl(props) },
  ];

  const { html, text } = renderLayout({
    locale,
    title: copy.subject,
    greeting: l.greeting(props.name),
    blocks,
    contactEmail: props.contactEmail,
    appUrl: props.appUrl,
    subscription: category === "TRANSACTIONAL" ? null : props.subscription,
  });
  return {
    subject: oneLine(`${l.prefix}${copy.subject}${l.subjectSeparator}${title}`),
    text,
    html,
    ...(calendar ? { attachments: [calendarFile(props, locale, calendar, onlineUrl)] } : {}),
    category,
  };
}
