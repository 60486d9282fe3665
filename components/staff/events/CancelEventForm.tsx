"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { cancelEventAction, type StaffFormState } from "@/lib/events/staff/actions";
import { ErrorSummary, TextField, useStaffFields } from "@/components/staff/events/fields";

// The second step of cancelling an event: what will happen (how many people are told), the reason they
// are told, and one clearly marked button. The first step is a link, so nothing is cancelled by one click.

const INITIAL: StaffFormState = { submission: 0 };

export function CancelEventForm({ eventId, slug, active }: { eventId: string; slug: string; active: number }) {
  const t = useTranslations("staffEvents.overview.cancel");
  const [state, action, pending] = useActionState<StaffFormState, FormData>(cancelEventAction.bind(null, eventId), INITIAL);
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const fields = useStaffFields(errors, state.values ?? {}, "cancel-");
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!errorCount) return;
    (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>("#cancel-error"))?.focus();
  }, [state.submission, errorCount]);

  return (
    <section className="staff-event-danger" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">{t("title")}</h2>
      <p>{t("body", { active })}</p>
      <form ref={formRef} action={action} noValidate key={state.submission}>
        <ErrorSummary errors={errors} fields={fields} id="cancel-error" />
        <input type="hidden" name="slug" value={slug} />
        <TextField name="reason" label={t("reason")} help={t("reasonHelp")} fields={fields} required rows={3} />
        <div className="button-row">
          <button type="submit" className="button button--danger" disabled={pending} aria-busy={pending}>
            {t("confirm")}
          </button>
          <Link href={`/admin/events/${eventId}`} className="button button--secondary">
            {t("back")}
          </Link>
        </div>
      </form>
    </section>
  );
}
