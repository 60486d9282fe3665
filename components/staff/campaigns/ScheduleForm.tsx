"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { scheduleCampaignAction, type ScheduleFormState } from "@/lib/campaigns/actions";
import { ErrorText, useCampaignFields } from "./fields";

const INITIAL: ScheduleFormState = { submission: 0 };

/** Schedule a draft: a date and a time in Japan time (native pickers on a phone), like the event form. */
export function ScheduleForm({ campaignId, initial }: { campaignId: string; initial: { date: string; time: string } }) {
  const t = useTranslations("staffCampaigns.detail.schedule");
  const [state, action, pending] = useActionState<ScheduleFormState, FormData>(scheduleCampaignAction.bind(null, campaignId), INITIAL);
  const errors = state.errors ?? {};
  const fields = useCampaignFields(errors, "schedule-");
  const values = state.values ?? initial;
  const formRef = useRef<HTMLFormElement>(null);
  const errorCount = Object.keys(errors).length;

  useEffect(() => {
    if (state.submission === 0 || !errorCount) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state.submission, errorCount]);

  const invalid = fields.invalid("scheduledAt") ?? fields.invalid("form");
  const describedBy = ["schedule-help", errors.scheduledAt ? "schedule-scheduledAt-error" : null, errors.form ? "schedule-form-error" : null].filter(Boolean).join(" ");
  return (
    <form ref={formRef} action={action} noValidate key={state.submission} aria-labelledby="schedule-heading">
      <fieldset className="field">
        <legend className="field__label" id="schedule-heading">
          {t("title")}
        </legend>
        <p id="schedule-help" className="field__help">
          {t("help")}
        </p>
        <div className="staff-event-datetime">
          <label className="staff-event-datetime__part">
            <span>{t("date")}</span>
            <input
              type="date"
              name="scheduledAt.date"
              defaultValue={values.date}
              className="field__input"
              aria-invalid={invalid}
              aria-describedby={describedBy}
            />
          </label>
          <label className="staff-event-datetime__part">
            <span>{t("time")}</span>
            <input
              type="time"
              name="scheduledAt.time"
              defaultValue={values.time}
              className="field__input"
              aria-invalid={invalid}
              aria-describedby={describedBy}
            />
          </label>
        </div>
        <ErrorText name="scheduledAt" fields={fields} />
        <ErrorText name="form" fields={fields} />
      </fieldset>
      <button type="submit" className="button button--secondary" disabled={pending} aria-busy={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
