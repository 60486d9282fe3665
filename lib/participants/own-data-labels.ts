import type { Locale } from "@/lib/i18n/config";
import { HOW_HEARD, INTERESTS, labelOf, PREFECTURES, RELATIONSHIPS } from "@/lib/participants/options";

// Human words for the codes in a person's own data (the CSV shows them; the JSON carries them as its codebook
// next to the codes). Japanese first, English second, as everywhere.

type Words = Record<string, { ja: string; en: string }>;

const w = (entries: Record<string, [string, string]>): Words => Object.fromEntries(Object.entries(entries).map(([k, [ja, en]]) => [k, { ja, en }]));

export const SECTION_LABELS = w({
  format: ["ファイル情報", "File"],
  profile: ["プロフィール", "Profile"],
  registration: ["お申し込み", "Registration"],
  "registration.answer": ["お申し込みの回答", "Registration answer"],
  "registration.history": ["お申し込みの履歴", "Registration history"],
  consent: ["同意", "Consent"],
  activity: ["大垣との活動", "Activity with Ogaki"],
  survey: ["アンケート", "Survey"],
  mailPreference: ["メールの配信設定", "Mail preference"],
  mail: ["お送りしたメール", "Mail sent to you"],
  cityProvision: ["大垣市への提供記録", "Provision to Ogaki City"],
  pendingChange: ["反映待ちの入力内容", "Typed details awaiting your confirmation"],
});

export const FIELD_LABELS = w({
  name: ["氏名", "Name"],
  version: ["版", "Version"],
  exportedAt: ["作成日時", "Created at"],
  timeZone: ["日時の表記", "Times"],
  id: ["ID", "ID"],
  furigana: ["ふりがな", "Furigana"],
  email: ["メールアドレス", "Email address"],
  affiliation: ["所属", "Affiliation"],
  prefectureCode: ["お住まいの都道府県", "Prefecture"],
  municipality: ["市区町村", "Municipality"],
  relationships: ["大垣との関係", "Relationship to Ogaki"],
  interests: ["関心のあること", "Interests"],
  skills: ["スキル", "Skills"],
  locale: ["表示言語", "Language"],
  policyVersion: ["同意したプライバシーポリシーの版", "Privacy policy version accepted"],
  policyAcceptedAt: ["プライバシーポリシーに同意した日時", "Privacy policy accepted at"],
  createdAt: ["登録日時", "Created at"],
  lastActiveAt: ["最後に利用した日時", "Last active at"],
  event: ["イベント", "Event"],
  eventEn: ["イベント（英語）", "Event (English)"],
  eventStartsAt: ["開始日時", "Starts at"],
  eventEndsAt: ["終了日時", "Ends at"],
  status: ["状態", "Status"],
  confirmedAt: ["参加確定日時", "Confirmed at"],
  cancelledAt: ["キャンセル日時", "Cancelled at"],
  checkedInAt: ["受付日時", "Checked in at"],
  howHeard: ["イベントを知ったきっかけ", "How you heard"],
  howHeardOther: ["きっかけ（その他）", "How you heard (other)"],
  relationshipsAtSignup: ["申込時の大垣との関係", "Relationship at sign-up"],
  answersPurgedAt: ["回答を削除した日時", "Answers deleted at"],
  purpose: ["目的", "Purpose"],
  grantedAt: ["同意した日時", "Given at"],
  withdrawnAt: ["撤回した日時", "Withdrawn at"],
  withdrawnVia: ["撤回の経路", "Withdrawn via"],
  kind: ["種類", "Kind"],
  source: ["記録した人", "Recorded by"],
  occurredOn: ["日付", "Date"],
  note: ["メモ", "Note"],
  satisfaction: ["満足度（5段階）", "Satisfaction (1–5)"],
  joinAgain: ["また参加したいか", "Join again"],
  nextSteps: ["次にしてみたいこと", "Next steps"],
  comment: ["感想", "Comment"],
  submittedAt: ["回答日時", "Submitted at"],
  category: ["種類", "Kind"],
  enabled: ["受け取る", "Receive"],
  template: ["メールの内容", "Mail"],
  subject: ["件名", "Subject"],
  sentAt: ["送信日時", "Sent at"],
  date: ["日時", "Date"],
  items: ["提供した項目", "Items provided"],
  expiresAt: ["有効期限", "Expires at"],
  appliedAt: ["反映した日時", "Applied at"],
  consents: ["チェックされた同意", "Consents ticked"],
});

const CODES = {
  status: w({
    PENDING: ["承認待ち", "Awaiting approval"],
    CONFIRMED: ["参加確定", "Confirmed"],
    WAITLISTED: ["キャンセル待ち", "Waiting list"],
    OFFERED: ["お席のご案内中", "Seat offered"],
    DECLINED: ["お受けできませんでした", "Not accepted"],
    CANCELLED: ["キャンセル済み", "Cancelled"],
    ATTENDED: ["参加済み", "Attended"],
    NO_SHOW: ["欠席", "Did not attend"],
  }),
  actor: w({ PARTICIPANT: ["ご本人", "You"], STAFF: ["運営スタッフ", "Staff"], SYSTEM: ["自動処理", "Automatic"] }),
  purpose: w({
    CITY_PROVISION: ["大垣市への個人データの提供（第三者提供）", "Provision of your data to Ogaki City (third-party provision)"],
    WDL_NEWS: ["Work Design Lab からのお知らせ", "News from Work Design Lab"],
    CITY_NEWS: ["大垣市からのお知らせ", "News from Ogaki City"],
    SURVEY: ["イベント後のアンケート", "Surveys after events"],
  }),
  activityKind: w({
    VISIT_OGAKI: ["大垣を訪れた", "Visited Ogaki"],
    CITY_PROJECT: ["大垣市のプロジェクトに参加した", "Took part in a city project"],
    SIDE_JOB: ["大垣の企業・団体で複業をした", "Side job with an Ogaki organisation"],
    VOLUNTEER: ["大垣でボランティアをした", "Volunteered in Ogaki"],
    FURUSATO_NOZEI: ["大垣市にふるさと納税をした", "Furusato nozei to Ogaki"],
    RELOCATION: ["大垣に引っ越した", "Moved to Ogaki"],
    OTHER: ["その他", "Other"],
  }),
  activitySource: w({ SELF_REPORTED: ["ご本人", "You"], STAFF: ["運営スタッフ", "Staff"], SURVEY: ["アンケート", "Survey"] }),
  joinAgain: w({ YES: ["はい", "Yes"], MAYBE: ["たぶん", "Maybe"], NO: ["いいえ", "No"] }),
  nextStep: w({
    VISIT_OGAKI: ["大垣を訪れる", "Visit Ogaki"],
    FIELDWORK_TOUR: ["フィールドワークツアーに参加", "Join a fieldwork tour"],
    SIDE_JOB_PROJECT: ["複業プロジェクトに関わる", "Take part in a side-job project"],
    FURUSATO_NOZEI: ["ふるさと納税", "Furusato nozei"],
    NEWSLETTER: ["ニュースレターを受け取る", "Get the newsletter"],
    NONE: ["特になし", "None"],
  }),
  mailCategory: w({
    TRANSACTIONAL: ["お申し込みに関するお知らせ", "About your registration"],
    REMINDER: ["イベント前のリマインダー", "Reminders before events"],
    SURVEY: ["イベント後のアンケート", "Surveys after events"],
    FOLLOW_UP: ["イベントのフォローアップ", "Event follow-ups"],
    WDL_NEWS: ["Work Design Lab からのお知らせ", "News from Work Design Lab"],
    CITY_NEWS: ["大垣市からのお知らせ", "News from Ogaki City"],
  }),
  mailStatus: w({
    PENDING: ["送信待ち", "Waiting to be sent"],
    SENDING: ["送信中", "Sending"],
    SENT: ["送信済み", "Sent"],
    FAILED: ["送信できませんでした", "Could not be sent"],
    SUPPRESSED: ["配信停止のため送信せず", "Not sent (stopped)"],
    CANCELLED: ["取り消し", "Cancelled"],
  }),
  template: w({
    "registration-confirmed": ["参加登録の完了", "Registration confirmed"],
    "registration-waitlisted": ["キャンセル待ちの受付", "Waiting list"],
    "registration-pending": ["お申し込みの受付（承認待ち）", "Registration received (awaiting approval)"],
    "registration-approved": ["お申し込みの承認", "Registration approved"],
    "registration-declined": ["お申し込みをお受けできないお知らせ", "Registration not accepted"],
    "registration-offered": ["お席のご案内", "Seat offered"],
    "registration-offer-expired": ["お席のご案内の期限切れ", "Seat offer expired"],
    "registration-cancelled": ["キャンセルの受付", "Cancellation"],
    "registration-exists": ["お申し込み済みのお知らせ", "Already registered"],
    "event-cancelled": ["イベント中止のお知らせ", "Event cancelled"],
    "event-reminder": ["リマインダー", "Reminder"],
    "survey-invitation": ["アンケートのお願い", "Survey invitation"],
    campaign: ["お知らせ", "News"],
  }),
  provisionKind: w({ VIEW: ["閲覧", "Viewed"], EXPORT: ["ファイル出力", "Exported"] }),
  item: w({
    name: ["氏名", "Name"],
    furigana: ["ふりがな", "Furigana"],
    affiliation: ["所属", "Affiliation"],
    prefectureCode: ["都道府県", "Prefecture"],
    prefecture: ["都道府県", "Prefecture"],
    municipality: ["市区町村", "Municipality"],
    relationships: ["大垣との関係", "Relationship to Ogaki"],
    interests: ["関心のあること", "Interests"],
    status: ["お申し込みの状態", "Registration status"],
    attendance: ["出欠", "Attendance"],
    registeredAt: ["申込日時", "Registered at"],
    howHeard: ["きっかけ", "How heard"],
    checkedInAt: ["受付日時", "Checked in at"],
    registrations: ["お申し込み", "Registrations"],
    history: ["お申し込みの履歴", "Registration history"],
    relationshipsAtSignup: ["申込時の大垣との関係", "Relationship at sign-up"],
    stage: ["関係の段階", "Stage"],
    activities: ["大垣との活動", "Activities"],
  }),
  locale: w({ ja: ["日本語", "Japanese"], en: ["英語", "English"] }),
  withdrawnVia: w({ participant_page: ["ご本人（あなたのページ）", "You (your page)"], deletion: ["データの削除", "Data deletion"] }),
  boolean: w({ true: ["はい", "Yes"], false: ["いいえ", "No"] }),
} as const;

export type CodeList = keyof typeof CODES | "prefecture" | "relationship" | "interest" | "howHeard";

/** The word for a code in the person's language; an unknown code is shown as stored rather than lost. */
export function codeLabel(list: CodeList, code: string, locale: Locale): string {
  switch (list) {
    case "prefecture":
      return labelOf(PREFECTURES, code, locale);
    case "relationship":
      return labelOf(RELATIONSHIPS, code, locale);
    case "interest":
      return labelOf(INTERESTS, code, locale);
    case "howHeard":
      return labelOf(HOW_HEARD, code, locale);
    default: {
      const words = (CODES[list] as Words)[code];
      if (words) return words[locale];
      // Answers the city saw are named answer:<question id>.
      return list === "item" && code.startsWith("answer:") ? (locale === "en" ? "Answer to an event question" : "イベントの質問への回答") : code;
    }
  }
}

/** Every code list with its words, for the JSON download's codebook. */
export function codebook(): Record<string, Record<string, { ja: string; en: string }>> {
  const fromOptions = (options: readonly { id: string; ja: string; en: string }[]) => Object.fromEntries(options.map((o) => [o.id, { ja: o.ja, en: o.en }]));
  return {
    ...Object.fromEntries(Object.entries(CODES).filter(([k]) => k !== "boolean")),
    prefecture: fromOptions(PREFECTURES),
    relationship: fromOptions(RELATIONSHIPS),
    interest: fromOptions(INTERESTS),
    howHeard: fromOptions(HOW_HEARD),
  };
}
