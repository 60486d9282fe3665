"use client";

import { useActionState, useEffect, useRef } from "react";
import { useLocale, useTranslations } from "next-intl";
import { saveCampaignAction, type CampaignFormState } from "@/lib/campaigns/actions";
import { CAMPAIGN_CATEGORIES, MERGE_FIELDS, SEGMENT_STATUSES, type CampaignFormValues } from "@/lib/campaigns/schema";
import { INTERESTS, RELATIONSHIPS } from "@/lib/participants/options";
import { Badge, CheckboxGroup, ErrorSummary, ErrorText, TextInput, useCampaignFields } from "./fields";

/** An event the segment can name, with its date already formatted in Japan time by the page. */
export type ComposerEvent = { id: string; title: string; when: string; registrations: number; attended: number };

type Props = {
  /** Edit this draft, or create a new one. */
  campaignId?: string;
  initial: CampaignFormValues;
  events: ComposerEvent[];
};

const INITIAL: CampaignFormState = { submission: 0 };

/**
 * The composer: the kind of mail, its text (Japanese, and English if wanted) with merge fields, and who gets
 * it. Saving keeps it as a draft; the campaign page then shows the recipient count and a preview before
 * anything is sent.
 */
export function CampaignForm({ campaignId, initial, events }: Props) {
  const t = useTranslations("staffCampaigns.form");
  const tc = useTranslations("staffCampaigns");
  const ts = useTranslations("staffRegistrations.status");
  const locale = useLocale() === "en" ? "en" : "ja";
  const [state, action, pending] = useActionState<CampaignFormState, FormData>(saveCampaignAction.bind(null, campaignId ?? null), INITIAL);
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const fields = useCampaignFields(errors);
  const values = state.values ?? initial;
  const formRef = useRef<HTMLFormElement>(null);

  // Keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (state.submission === 0 || !errorCount) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("#campaign-form-error"))?.focus();
  }, [state.submission, errorCount]);

  return (
    <form ref={formRef} action={action} noValidate className="signup-form" key={state.submission}>
      <ErrorSummary errors={errors} fields={fields} id="campaign-form-error" />

      <section className="form-section">
        <h2>{t("sectionKind")}</h2>
        <fieldset className="field" aria-describedby={fields.describedBy("category")}>
          <legend className="field__label">
            {t("category")} <Badge required />
          </legend>
          <div className="staff-campaign-choices">
            {CAMPAIGN_CATEGORIES.map((category, i) => (
              <label key={category} className="choice choice--block">
                <input
                  type="radio"
                  name="category"
                  value={category}
                  defaultChecked={values.category === category}
                  aria-invalid={i === 0 ? fields.invalid("category") : undefined}
                />
                <span>
                  {tc(`category.${category}`)}
                  <span className="staff-campaign-choice__sub">{tc(`categoryHelp.${category}`)}</span>
                </span>
              </label>
            ))}
          </div>
          <ErrorText name="category" fields={fields} />
        </fieldset>
      </section>

      <section className="form-section">
        <h2>{t("sectionContent")}</h2>
        <div className="staff-campaign-merge" id="campaign-merge-help">
          <p className="field__help">{t("mergeHelp")}</p>
          <dl>
            {MERGE_FIELDS.map((name) => (
              <div key={name}>
                <dt>
                  <code>{`{{${name}}}`}</code>
                </dt>
                <dd>{t(`merge.${name}`)}</dd>
              </div>
            ))}
          </dl>
          <p className="field__help">{t("markdownHelp")}</p>
        </div>
        <TextInput name="subjectJa" label={t("subjectJa")} fields={fields} defaultValue={values.subjectJa} required />
        <TextInput name="bodyJa" label={t("bodyJa")} help={t("bodyHelp")} fields={fields} defaultValue={values.bodyJa} required rows={12} />
      </section>

      <section className="form-section">
        <h2>{t("sectionEnglish")}</h2>
        <p className="field__help">{t("englishHelp")}</p>
        <TextInput name="subjectEn" label={t("subjectEn")} fields={fields} defaultValue={values.subjectEn} />
        <TextInput name="bodyEn" label={t("bodyEn")} fields={fields} defaultValue={values.bodyEn} rows={8} />
      </section>

      <section className="form-section">
        <h2>{t("sectionSegment")}</h2>
        <p className="field__help">{t("segmentHelp")}</p>
        {events.length > 0 ? (
          <CheckboxGroup
            name="eventIds"
            legend={t("events")}
            help={t("eventsHelp")}
            fields={fields}
            block
            checked={values.eventIds}
            options={events.map((e) => ({ id: e.id, label: e.title, sub: t("eventSub", { when: e.when, registrations: e.registrations, attended: e.attended }) }))}
          />
        ) : (
          <p className="empty">{t("noEvents")}</p>
        )}
        <CheckboxGroup
          name="statuses"
          legend={t("statuses")}
          help={t("statusesHelp")}
          fields={fields}
          checked={values.statuses}
          options={SEGMENT_STATUSES.map((s) => ({ id: s, label: ts(s) }))}
        />
        <CheckboxGroup
          name="interests"
          legend={t("interests")}
          help={t("anyOfHelp")}
          fields={fields}
          checked={values.interests}
          options={INTERESTS.map((o) => ({ id: o.id, label: o[locale] }))}
        />
        <CheckboxGroup
          name="relationships"
          legend={t("relationships")}
          help={t("anyOfHelp")}
          fields={fields}
          checked={values.relationships}
          options={RELATIONSHIPS.map((o) => ({ id: o.id, label: o[locale] }))}
        />
      </section>

      <p className="field__help">{t("saveHelp")}</p>
      <button type="submit" className="button button--wide" disabled={pending} aria-busy={pending}>
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
