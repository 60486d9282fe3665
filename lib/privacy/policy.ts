import type { Locale } from "@/lib/i18n/config";
import { CITY_PARTICIPANT_FIELDS, CITY_REGISTRATION_FIELDS } from "@/lib/registrations/staff/city";
import { policy202610 } from "./versions/2026-10";
import { policy202612 } from "./versions/2026-12";

// The privacy policy (個人情報の取扱い), versioned. The version a person accepted is stored with their
// registration and each consent (lib/registrations/policy.ts reads CURRENT_POLICY_VERSION from here), and every
// version stays readable at /privacy/<version>. The wording is the partners' to approve; what differs per
// operator (name, address, contact, retention periods) comes from configuration, and the items provided to the
// city from the same list the city's views are limited to, so the text cannot drift from what the code does.

export type PolicyBlock = { p: string } | { ul: string[] } | { mail: string };
export type PolicySection = { id: string; heading: string; blocks: PolicyBlock[] };
export type PolicyDocument = { title: string; lead: string; sections: PolicySection[] };

export type PolicyContext = {
  operator: { name: string; address: string; contactEmail: string };
  retention: { answersDays: number; careNoteDays: number; inactiveMonths: number };
  /** What the city receives, in the reader's language. */
  cityItems: string[];
};

export type PolicyVersion = {
  version: string;
  /** The day it took effect (YYYY-MM-DD, Japan). */
  effective: string;
  render: (context: PolicyContext, locale: Locale) => PolicyDocument;
};

/** Newest first. Add a version here (and a file under versions/) whenever the wording changes. */
export const POLICY_VERSIONS: readonly PolicyVersion[] = [policy202612, policy202610];

export const CURRENT_POLICY_VERSION = POLICY_VERSIONS[0]!.version;

export function findPolicyVersion(version: string): PolicyVersion | null {
  return POLICY_VERSIONS.find((v) => v.version === version) ?? null;
}

type CityItem = (typeof CITY_PARTICIPANT_FIELDS)[number] | (typeof CITY_REGISTRATION_FIELDS)[number] | "answers";

// `satisfies` makes a field added to the city's list without a label here a type error.
const CITY_ITEM_LABELS = {
  name: { ja: "氏名", en: "Name" },
  furigana: { ja: "ふりがな", en: "Name reading (furigana)" },
  affiliation: { ja: "所属", en: "Affiliation" },
  prefectureCode: { ja: "お住まいの都道府県", en: "Prefecture of residence" },
  municipality: { ja: "お住まいの市区町村", en: "Municipality of residence" },
  relationships: { ja: "大垣とのご関係", en: "Your relationship to Ogaki" },
  interests: { ja: "関心分野", en: "Interests" },
  status: { ja: "お申し込みの状況（参加確定・キャンセル待ちなど）", en: "Registration status (confirmed, waitlisted, …)" },
  attendance: { ja: "当日の参加状況（出席・欠席）", en: "Attendance on the day" },
  answers: {
    ja: "イベントごとの質問のうち、大垣市と共有すると定めた質問への回答（配慮事項など取扱いに注意を要する回答は除きます）",
    en: "Answers to the event's own questions that are marked as shared with the city (never answers marked sensitive, such as care needs)",
  },
} satisfies Record<CityItem, Record<Locale, string>>;

export function cityItemLabels(locale: Locale): string[] {
  const items: CityItem[] = [...CITY_PARTICIPANT_FIELDS, ...CITY_REGISTRATION_FIELDS, "answers"];
  return items.map((item) => CITY_ITEM_LABELS[item][locale]);
}

type OperatorEnv = {
  OPERATOR_NAME_JA: string;
  OPERATOR_NAME_EN: string;
  OPERATOR_ADDRESS_JA: string;
  OPERATOR_ADDRESS_EN: string;
  OPERATOR_CONTACT_EMAIL: string;
  RETENTION_ANSWERS_DAYS: number;
  RETENTION_CARE_NOTE_DAYS: number;
  RETENTION_INACTIVE_MONTHS: number;
};

export function policyContext(env: OperatorEnv, locale: Locale): PolicyContext {
  return {
    operator: {
      name: locale === "en" ? env.OPERATOR_NAME_EN : env.OPERATOR_NAME_JA,
      address: locale === "en" ? env.OPERATOR_ADDRESS_EN : env.OPERATOR_ADDRESS_JA,
      contactEmail: env.OPERATOR_CONTACT_EMAIL,
    },
    retention: { answersDays: env.RETENTION_ANSWERS_DAYS, careNoteDays: env.RETENTION_CARE_NOTE_DAYS, inactiveMonths: env.RETENTION_INACTIVE_MONTHS },
    cityItems: cityItemLabels(locale),
  };
}
