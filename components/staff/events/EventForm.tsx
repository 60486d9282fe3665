"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { createEventAction, updateEventAction, type StaffFormState } from "@/lib/events/staff/actions";
import { EVENT_AREAS, EVENT_FORMATS, EVENT_KINDS, REVIEWER_KINDS } from "@/lib/events/staff/schema";
import { DescriptionField } from "@/components/staff/events/DescriptionField";
import { CheckboxField, DateTimeField, ErrorSummary, SelectField, TextField, useStaffFields, type FormValues } from "@/components/staff/events/fields";

type Props = {
  /** Edit an existing event (its id), or create a new one. */
  eventId?: string;
  initial: FormValues;
  /** Seats held now, shown next to the capacity (lowering below it is refused). */
  seatsTaken?: number;
};

const INITIAL: StaffFormState = { submission: 0 };

export function EventForm({ eventId, initial, seatsTaken }: Props) {
  const t = useTranslations("staffEvents.form");
  const te = useTranslations("staffEvents");
  const [state, action, pending] = useActionState<StaffFormState, FormData>(
    eventId ? updateEventAction.bind(null, eventId) : createEventAction,
    INITIAL,
  );
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const fields = useStaffFields(errors, state.values ?? initial);
  const formRef = useRef<HTMLFormElement>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);

  // Keyboard and screen-reader users land on the first field to fix, or hear that the form was saved.
  useEffect(() => {
    if (state.submission === 0) return;
    const form = formRef.current;
    if (errorCount) (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("#event-form-error"))?.focus();
    else savedRef.current?.focus();
  }, [state.submission, errorCount]);

  const options = <T extends string>(ids: readonly T[], group: string) => ids.map((id) => ({ id, label: te(`${group}.${id}` as "format.IN_PERSON") }));

  return (
    <form ref={formRef} action={action} noValidate className="signup-form" key={state.submission}>
      <ErrorSummary errors={errors} fields={fields} id="event-form-error" />
      {state.saved ? (
        <p ref={savedRef} tabIndex={-1} role="status" className="notice">
          {t("saved")}
          {state.offered ? ` ${t("offered", { count: state.offered })}` : null}
        </p>
      ) : null}

      <section className="form-section">
        <h2>{t("sectionBasics")}</h2>
        <TextField name="slug" label={t("slug")} help={t("slugHelp")} fields={fields} required inputMode="url" />
        <TextField name="titleJa" label={t("titleJa")} fields={fields} required />
        <TextField name="titleEn" label={t("titleEn")} fields={fields} />
        <TextField name="summaryJa" label={t("summaryJa")} help={t("summaryHelp")} fields={fields} />
        <TextField name="summaryEn" label={t("summaryEn")} fields={fields} />
      </section>

      <section className="form-section">
        <h2>{t("sectionDescription")}</h2>
        <DescriptionField name="descriptionJa" label={t("descriptionJa")} help={t("descriptionHelp")} fields={fields} required rows={10} />
        <DescriptionField name="descriptionEn" label={t("descriptionEn")} fields={fields} rows={6} />
      </section>

      <section className="form-section">
        <h2>{t("sectionSchedule")}</h2>
        <p className="field__help">{t("jstHelp")}</p>
        <DateTimeField name="startsAt" label={t("startsAt")} fields={fields} required />
        <DateTimeField name="endsAt" label={t("endsAt")} fields={fields} required />
      </section>

      <section className="form-section">
        <h2>{t("sectionVenue")}</h2>
        <SelectField name="format" label={t("format")} options={options(EVENT_FORMATS, "format")} fields={fields} required />
        <SelectField name="area" label={t("area")} options={options(EVENT_AREAS, "area")} fields={fields} required />
        <SelectField name="kind" label={t("kind")} options={options(EVENT_KINDS, "kind")} fields={fields} required />
        <TextField name="venueName" label={t("venueName")} help={t("venueNameHelp")} fields={fields} />
        <TextField name="venueAddress" label={t("venueAddress")} fields={fields} />
        <TextField name="venueMapUrl" label={t("venueMapUrl")} help={t("urlHelp")} type="url" inputMode="url" fields={fields} />
        <TextField name="onlineUrl" label={t("onlineUrl")} help={t("onlineUrlHelp")} type="url" inputMode="url" fields={fields} />
      </section>

      <section className="form-section">
        <h2>{t("sectionRegistration")}</h2>
        <TextField
          name="capacity"
          label={t("capacity")}
          help={seatsTaken !== undefined ? `${t("capacityHelp")} ${t("capacityTaken", { taken: seatsTaken })}` : t("capacityHelp")}
          inputMode="numeric"
          fields={fields}
          className="staff-event-field--short"
        />
        <CheckboxField name="waitlistEnabled" label={t("waitlistEnabled")} help={t("waitlistHelp")} fields={fields} />
        <CheckboxField name="approvalRequired" label={t("approvalRequired")} fields={fields} />
        <fieldset className="field" aria-describedby={fields.describedBy("reviewerKind", true)}>
          <legend className="field__label">{t("reviewerKind")}</legend>
          <p id="reviewerKind-help" className="field__help">
            {t("reviewerHelp")}
          </p>
          <div className="choices">
            {REVIEWER_KINDS.map((kind, i) => (
              <label key={kind} className="choice">
                <input
                  type="radio"
                  name="reviewerKind"
                  value={kind}
                  defaultChecked={fields.value("reviewerKind") === kind}
                  aria-invalid={i === 0 ? fields.invalid("reviewerKind") : undefined}
                />
                <span>{te(`reviewer.${kind}`)}</span>
              </label>
            ))}
          </div>
          {fields.errorFor("reviewerKind") ? (
            <p id="reviewerKind-error" className="field__error">
              {fields.message(fields.errorFor("reviewerKind"))}
            </p>
          ) : null}
        </fieldset>
        <DateTimeField name="registrationOpensAt" label={t("registrationOpensAt")} help={t("registrationOpensHelp")} fields={fields} />
        <DateTimeField name="registrationClosesAt" label={t("registrationClosesAt")} help={t("registrationClosesHelp")} fields={fields} />
        <TextField name="offerHoldHours" label={t("offerHoldHours")} help={t("offerHoldHelp")} inputMode="numeric" fields={fields} required className="staff-event-field--short" />
        <TextField name="feeJa" label={t("feeJa")} help={t("feeHelp")} fields={fields} />
        <TextField name="feeEn" label={t("feeEn")} fields={fields} />
      </section>

      <section className="form-section">
        <h2>{t("sectionFollowUp")}</h2>
        <TextField name="reminderHoursBefore" label={t("reminderHoursBefore")} help={t("reminderHoursHelp")} inputMode="numeric" fields={fields} />
        <CheckboxField name="surveyEnabled" label={t("surveyEnabled")} help={t("surveyEnabledHelp")} fields={fields} />
        <TextField name="surveyDelayHours" label={t("surveyDelayHours")} help={t("surveyDelayHelp")} inputMode="numeric" fields={fields} required className="staff-event-field--short" />
      </section>

      <button type="submit" className="button button--wide" disabled={pending} aria-busy={pending}>
        {pending ? t("saving") : eventId ? t("submitSave") : t("submitCreate")}
      </button>
    </form>
  );
}
