"use client";

import { useActionState, useEffect, useRef, type MouseEvent } from "react";
import { useTranslations } from "next-intl";
import { submitSignupForm, type SignupFormState } from "@/lib/registrations/actions";
import { HOW_HEARD, INTERESTS, PREFECTURES, RELATIONSHIPS } from "@/lib/participants/options";
import {
  CheckboxGroup,
  FieldErrorText,
  FieldLabel,
  QuestionField,
  useFieldHelpers,
  type FormQuestion,
} from "@/components/registrations/fields";
import { CityReviewConsent } from "@/components/registrations/CityReviewConsent";
import { SignupOutcome } from "@/components/registrations/SignupOutcome";
import { FIELD_MAX } from "@/lib/registrations/limits";
import { TurnstileWidget } from "@/components/registrations/TurnstileWidget";

export type { FormQuestion };

type Props = {
  slug: string;
  locale: "ja" | "en";
  cta: "confirm" | "waitlist" | "approval";
  questions: FormQuestion[];
  formToken: string;
  tracking: Record<string, string>;
  /** Turnstile's public key when the CAPTCHA is on (lib/abuse/captcha.ts); no widget, no script otherwise. */
  captchaSiteKey?: string;
  /** 大垣市 reviews the applications: the notice and its required consent come before the first field. */
  cityReview?: boolean;
};

const CONSENTS = [
  { id: "CITY_PROVISION", label: "consentCityProvision", help: "consentCityProvisionHelp" },
  { id: "WDL_NEWS", label: "consentWdlNews" },
  { id: "CITY_NEWS", label: "consentCityNews" },
  { id: "SURVEY", label: "consentSurvey" },
] as const;

export function SignupForm({ slug, locale, cta, questions, formToken, tracking, captchaSiteKey, cityReview }: Props) {
  const t = useTranslations("signup");
  const [state, action, pending] = useActionState<SignupFormState, FormData>(submitSignupForm.bind(null, slug), {
    submission: 0,
    formToken,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;

  const fastConfirmation = state.fastConfirmation;

  // Keyboard and screen-reader users land on the first field to fix, or on the request to confirm.
  useEffect(() => {
    const form = formRef.current;
    if (fastConfirmation) {
      form?.querySelector<HTMLElement>("#form-confirm")?.focus();
      return;
    }
    if (!errorCount) return;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("#form-error"))?.focus();
  }, [state.submission, errorCount, fastConfirmation]);

  const helpers = useFieldHelpers(errors, state.values ?? {});
  const { errorFor, message, value, describedBy } = helpers;

  if (state.outcome) return <SignupOutcome outcome={state.outcome} slug={slug} />;

  // The error summary names each field to fix, in the form's order, with a link to it.
  const labels: [string, string, boolean][] = [
    ["name", t("name"), false],
    ["furigana", t("furigana"), false],
    ["email", t("email"), false],
    ["affiliation", t("affiliation"), false],
    ["prefectureCode", t("prefecture"), true],
    ["municipality", t("municipality"), false],
    ["relationships", t("relationships"), true],
    ["interests", t("interests"), true],
    ["howHeard", t("howHeard"), true],
    ["howHeardOther", t("howHeardOther"), false],
    ...questions.map((q): [string, string, boolean] => [`answers.${q.id}`, q.label, q.kind === "SINGLE_CHOICE" || q.kind === "MULTI_CHOICE"]),
  ];
  const summary = labels.flatMap(([name, label, choice]) => {
    const error = errorFor(name);
    return error ? [{ name, label, text: message(error, { choice }) }] : [];
  });
  const focusField = (name: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    const field = document.getElementById(name);
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  };

  const textField = (name: keyof typeof FIELD_MAX, label: string, options: { required?: boolean; type?: string; autoComplete?: string; help?: string; placeholder?: string; inputMode?: "email" | "text" } = {}) => (
    <div className="field">
      <FieldLabel htmlFor={name} text={label} required={options.required} />
      {options.help ? (
        <p id={`${name}-help`} className="field__help">
          {options.help}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={options.type ?? "text"}
        defaultValue={value(name)}
        autoComplete={options.autoComplete}
        inputMode={options.inputMode}
        placeholder={options.placeholder}
        maxLength={FIELD_MAX[name]}
        required={options.required}
        aria-required={options.required}
        aria-invalid={errorFor(name) ? true : undefined}
        aria-describedby={describedBy(name, Boolean(options.help))}
        className="field__input"
      />
      <FieldErrorText name={name} helpers={helpers} />
    </div>
  );

  const localizedOptions = <T extends { id: string; ja: string; en: string }>(options: readonly T[]) =>
    options.map((o) => ({ id: o.id, label: o[locale] }));

  return (
    <form ref={formRef} action={action} noValidate className="signup-form" key={state.submission}>
      {errorCount > 0 ? (
        <div id="form-error" className="form-error" role="alert" tabIndex={-1}>
          <p>{t("errorSummary", { count: errorCount })}</p>
          {errors.form ? <p>{message(errors.form)}</p> : null}
          {summary.length > 0 ? (
            <ul>
              {summary.map((s) => (
                <li key={s.name}>
                  <a href={`#${s.name}`} onClick={focusField(s.name)}>
                    {s.label}
                  </a>
                  {locale === "ja" ? "：" : ": "}
                  {s.text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {fastConfirmation ? (
        <div id="form-confirm" className="form-error" role="alert" tabIndex={-1}>
          <p>{t("confirmFast")}</p>
          <input type="hidden" name="fastConfirmation" value={fastConfirmation} />
        </div>
      ) : null}

      <input type="hidden" name="formToken" value={state.formToken} />
      {Object.entries(tracking).map(([name, v]) => (
        <input key={name} type="hidden" name={name} value={v} />
      ))}
      <div className="visually-hidden" aria-hidden="true">
        <label htmlFor="website">{t("honeypot")}</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      {cityReview ? <CityReviewConsent helpers={helpers} /> : null}

      <section className="form-section">
        <h2>{t("sectionYou")}</h2>
        {textField("name", t("name"), { required: true, autoComplete: "name", placeholder: t("namePlaceholder") })}
        {textField("furigana", t("furigana"), { required: true, placeholder: t("furiganaPlaceholder") })}
        {textField("email", t("email"), { required: true, type: "email", autoComplete: "email", inputMode: "email", help: t("emailHelp") })}
        {textField("affiliation", t("affiliation"), { autoComplete: "organization", help: t("affiliationHelp") })}
        <div className="field">
          <FieldLabel htmlFor="prefectureCode" text={t("prefecture")} required />
          <select
            id="prefectureCode"
            name="prefectureCode"
            defaultValue={value("prefectureCode")}
            required
            aria-required
            aria-invalid={errorFor("prefectureCode") ? true : undefined}
            aria-describedby={describedBy("prefectureCode")}
            className="field__input"
          >
            <option value="">{t("prefectureChoose")}</option>
            {PREFECTURES.map((p) => (
              <option key={p.id} value={p.id}>
                {p[locale]}
              </option>
            ))}
          </select>
          <FieldErrorText name="prefectureCode" helpers={helpers} choice />
        </div>
        {textField("municipality", t("municipality"), { autoComplete: "address-level2", help: t("municipalityHelp") })}
      </section>

      <section className="form-section">
        <h2>{t("sectionOgaki")}</h2>
        <CheckboxGroup name="relationships" legend={t("relationships")} options={localizedOptions(RELATIONSHIPS)} required helpers={helpers} />
        <CheckboxGroup name="interests" legend={t("interests")} options={localizedOptions(INTERESTS)} helpers={helpers} />
        <div className="field">
          <FieldLabel htmlFor="howHeard" text={t("howHeard")} />
          <select id="howHeard" name="howHeard" defaultValue={value("howHeard")} className="field__input" aria-invalid={errorFor("howHeard") ? true : undefined} aria-describedby={describedBy("howHeard")}>
            <option value="">{t("howHeardChoose")}</option>
            {HOW_HEARD.map((h) => (
              <option key={h.id} value={h.id}>
                {h[locale]}
              </option>
            ))}
          </select>
          <FieldErrorText name="howHeard" helpers={helpers} choice />
        </div>
        {textField("howHeardOther", t("howHeardOther"))}
      </section>

      {questions.length > 0 ? (
        <section className="form-section">
          <h2>{t("sectionEvent")}</h2>
          {questions.map((q) => (
            <QuestionField key={q.id} question={q} helpers={helpers} />
          ))}
        </section>
      ) : null}

      <section className="form-section">
        <h2>{t("sectionConsent")}</h2>
        {CONSENTS.map((c) => (
          <div key={c.id} className="field field--consent">
            <label className="choice choice--block">
              <input type="checkbox" name={`consents.${c.id}`} defaultChecked={value(`consents.${c.id}`) === "on"} aria-describedby={"help" in c ? `consent-${c.id}-help` : undefined} />
              <span>{t(c.label)}</span>
            </label>
            {"help" in c ? (
              <p id={`consent-${c.id}-help`} className="field__help">
                {t(c.help)}
              </p>
            ) : null}
          </div>
        ))}
        <div className="purpose" role="note" aria-labelledby="purpose-title">
          <h3 id="purpose-title">{t("purposeTitle")}</h3>
          <p>{t("purpose")}</p>
          <p>
            <a href="/privacy" target="_blank" rel="noopener">
              {t("privacyLink")}
            </a>
          </p>
        </div>
      </section>

      {captchaSiteKey ? <TurnstileWidget siteKey={captchaSiteKey} locale={locale} /> : null}

      <button type="submit" className="button button--wide" disabled={pending} aria-busy={pending}>
        {pending ? t("submitting") : t(cta === "waitlist" ? "submitWaitlist" : cta === "approval" ? "submitApproval" : "submitConfirm")}
      </button>
    </form>
  );
}
