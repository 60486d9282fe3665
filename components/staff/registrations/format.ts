import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { INTERESTS, labelOf, PREFECTURES, RELATIONSHIPS } from "@/lib/participants/options";
import type { AnswerCell, StaffQuestion } from "@/lib/registrations/staff/data";

// Display helpers of the staff registration screens: stored ids become the reader's labels.

export function residenceLabel(prefectureCode: string | null, municipality: string | null, locale: Locale): string | null {
  const prefecture = prefectureCode ? labelOf(PREFECTURES, prefectureCode, locale) : null;
  const parts = [prefecture, municipality].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(locale === "ja" ? " " : ", ") : null;
}

const listSeparator = (locale: Locale) => (locale === "ja" ? "、" : ", ");

export function relationshipLabels(ids: string[], locale: Locale): string {
  return ids.map((id) => labelOf(RELATIONSHIPS, id, locale)).join(listSeparator(locale));
}

export function interestLabels(ids: string[], locale: Locale): string {
  return ids.map((id) => labelOf(INTERESTS, id, locale)).join(listSeparator(locale));
}

/** An answer as text: the chosen options' labels, or the text typed. */
export function answerLabel(question: StaffQuestion, answer: AnswerCell | undefined, locale: Locale): string | null {
  if (!answer) return null;
  if (question.kind === "SINGLE_CHOICE" || question.kind === "MULTI_CHOICE") {
    const labels = answer.choices.map((id) => {
      const option = question.options.find((o) => o.id === id);
      return option ? localized(option.labelJa, option.labelEn, locale) : id;
    });
    return labels.length ? labels.join(listSeparator(locale)) : null;
  }
  return answer.text?.trim() ? answer.text : null;
}
