import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { QuestionOption } from "@/lib/registrations/data";

export type FormQuestion = {
  id: string;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  label: string;
  help: string | null;
  required: boolean;
  options: { id: string; label: string }[];
};

type StoredQuestion = {
  id: string;
  kind: FormQuestion["kind"];
  labelJa: string;
  labelEn: string | null;
  helpJa: string | null;
  helpEn: string | null;
  required: boolean;
  options: QuestionOption[];
};

/** An event's questions in the reader's language, as the sign-up and manage forms render them. */
export function toFormQuestions(questions: StoredQuestion[], locale: Locale): FormQuestion[] {
  return questions.map((q) => ({
    id: q.id,
    kind: q.kind,
    label: localized(q.labelJa, q.labelEn, locale),
    help: localized(q.helpJa, q.helpEn, locale),
    required: q.required,
    options: q.options.map((o) => ({ id: o.id, label: localized(o.labelJa, o.labelEn, locale) })),
  }));
}
