"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { FieldErrorText, QuestionField, useFieldHelpers, type FormQuestion, type FormValues } from "@/components/registrations/fields";
import { saveAnswersByToken, type AnswersFormState } from "@/lib/registrations/manage-actions";

export function AnswersForm({ token, questions, values }: { token: string; questions: FormQuestion[]; values: FormValues }) {
  const t = useTranslations("manage");
  const [state, action, pending] = useActionState<AnswersFormState, FormData>(saveAnswersByToken.bind(null, token), {
    submission: 0,
  });
  const helpers = useFieldHelpers(state.errors ?? {}, state.values ?? values);
  return (
    <form action={action} key={state.submission} className="signup-form" noValidate>
      {state.saved ? (
        <p className="outcome" role="status">
          {t("saved")}
        </p>
      ) : null}
      <FieldErrorText name="form" helpers={helpers} />
      {questions.map((q) => (
        <QuestionField key={q.id} question={q} helpers={helpers} />
      ))}
      <button type="submit" className="button" disabled={pending}>
        {t("saveAnswers")}
      </button>
    </form>
  );
}
