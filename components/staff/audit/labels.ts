import { FIXED_COLUMNS } from "@/lib/export/columns";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";

// Names for what the log stores as identifiers: actions (`registrations.export`) and provision items
// (`name`, `answer:<questionId>`). Unknown ones are shown as stored rather than hidden.

type Translator = { (key: string, values?: Record<string, string>): string; has(key: string): boolean };

export function actionLabel(t: Translator, action: string): string {
  const key = `audit.actions.${action.replace(/[^a-z0-9]+/gi, "_")}`;
  return t.has(key) ? t(key) : action;
}

const FIXED = new Set<string>(FIXED_COLUMNS.map((c) => c.key));

export function itemLabel(t: Translator, item: string, questions: Record<string, { ja: string; en: string | null }>, locale: Locale): string {
  if (item.startsWith("answer:")) {
    const id = item.slice("answer:".length);
    const question = questions[id];
    return question ? t("audit.items.answer", { label: localized(question.ja, question.en, locale) }) : t("audit.items.answerUnknown", { id: id.slice(0, 8) });
  }
  if (FIXED.has(item)) return t(`columns.${item}`);
  const key = `audit.items.${item}`;
  return /^[a-z]+$/i.test(item) && t.has(key) ? t(key) : item;
}
