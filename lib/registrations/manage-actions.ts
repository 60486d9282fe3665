"use server";

import { redirect } from "next/navigation";
import { getRegistrationByManageToken } from "@/lib/registrations/data";
import { acceptOffer, answersFrom, cancelRegistration, updateAnswers } from "@/lib/registrations/mutations";
import { buildSignupSchema, fieldErrors, type FieldErrors, type SignupInput } from "@/lib/registrations/schema";
import { expectActionArgs } from "@/lib/server/action-input";

// Actions behind the manage link. The token in the URL is the only credential: each action looks the
// registration up by the token's hash again, and every change is a POST (a mail scanner's GET changes nothing).

const managePath = (token: string) => `/manage/${encodeURIComponent(token.toWellFormed())}`;

export async function cancelByToken(token: string): Promise<void> {
  expectActionArgs({ strings: [token] });
  const registration = await getRegistrationByManageToken(token);
  if (!registration) redirect(managePath(token));
  const result = await cancelRegistration(registration.id, { type: "PARTICIPANT" });
  redirect(`${managePath(token)}?${result.ok ? "done=cancelled" : `failed=${result.reason}`}`);
}

export async function acceptOfferByToken(token: string): Promise<void> {
  expectActionArgs({ strings: [token] });
  const registration = await getRegistrationByManageToken(token);
  if (!registration) redirect(managePath(token));
  const result = await acceptOffer(registration.id);
  redirect(`${managePath(token)}?${result.ok ? "done=confirmed" : `failed=${result.reason}`}`);
}

export type AnswersFormState = { submission: number; saved?: boolean; errors?: FieldErrors; values?: Record<string, string | string[]> };

export async function saveAnswersByToken(token: string, previous: AnswersFormState, formData: FormData): Promise<AnswersFormState> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  const registration = await getRegistrationByManageToken(token);
  if (!registration) return { ...next, errors: { form: { code: "invalid" } } };
  const questions = registration.event.questions;
  const raw: Record<string, string | string[]> = {};
  for (const q of questions) {
    const key = `answers.${q.id}`;
    raw[q.id] = q.kind === "MULTI_CHOICE" ? formData.getAll(key).map(String) : String(formData.get(key) ?? "");
  }
  const parsed = buildSignupSchema(questions).shape.answers.safeParse(raw);
  const values = Object.fromEntries(Object.entries(raw).map(([id, v]) => [`answers.${id}`, v]));
  if (!parsed.success) {
    const errors = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([path, e]) => [`answers.${path}`, e]));
    return { ...next, errors, values };
  }
  const result = await updateAnswers(registration.id, answersFrom({ answers: parsed.data } as SignupInput));
  if (!result.ok) return { ...next, errors: { form: { code: "not_allowed" } }, values };
  return { ...next, saved: true, values };
}
