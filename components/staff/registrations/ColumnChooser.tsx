import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { StaffQuestion } from "@/lib/registrations/staff/data";
import { FIXED_COLUMNS, NOTE_COLUMN, questionColumn } from "@/lib/registrations/staff/columns";
import type { RegistrationView } from "@/lib/registrations/staff/city";

const FIXED_LABEL = { created: "createdAt" } as Record<string, string>;

/**
 * Which columns of the registrations table to show. A plain form (works without JavaScript, by keyboard:
 * a disclosure, checkboxes in a labelled group, two buttons); the choice is saved to the staff member's
 * account by the action and the page comes back with it.
 */
export async function ColumnChooser({
  view,
  questions,
  hidden,
  action,
}: {
  view: RegistrationView;
  questions: StaffQuestion[];
  hidden: ReadonlySet<string>;
  action: (formData: FormData) => Promise<void>;
}) {
  const [t, tt, locale] = await Promise.all([
    getTranslations("staffRegistrations.columns"),
    getTranslations("staffRegistrations.table"),
    getLocale() as Promise<Locale>,
  ]);
  const fixed = [
    ...FIXED_COLUMNS.filter((c) => view === "full" || c.city).map((c) => ({ key: c.key, label: tt(FIXED_LABEL[c.key] ?? c.key) })),
    ...(view === "full" ? [{ key: NOTE_COLUMN, label: tt("note") }] : []),
  ];
  const answers = questions.map((q) => ({ key: questionColumn(q.id), label: localized(q.labelJa, q.labelEn, locale) }));
  const hiddenHere = [...fixed, ...answers].filter((c) => hidden.has(c.key)).length;

  const box = (c: { key: string; label: string }) => (
    <label key={c.key} className="staff-columns__option">
      <input type="hidden" name="offered" value={c.key} />
      <input type="checkbox" name="shown" value={c.key} defaultChecked={!hidden.has(c.key)} />
      <span>{c.label}</span>
    </label>
  );

  return (
    <details className="staff-columns">
      <summary>{hiddenHere > 0 ? t("summaryHidden", { count: hiddenHere }) : t("summary")}</summary>
      <form action={action} className="staff-columns__form">
        <fieldset aria-describedby="staff-columns-help">
          <legend>{t("legend")}</legend>
          <p className="field__help" id="staff-columns-help">
            {t("help")}
          </p>
          <div className="staff-columns__options">{fixed.map(box)}</div>
          {answers.length ? (
            <fieldset className="staff-columns__group">
              <legend>{t("questions")}</legend>
              <div className="staff-columns__options">{answers.map(box)}</div>
            </fieldset>
          ) : null}
        </fieldset>
        <div className="staff-columns__actions">
          <button type="submit" name="intent" value="save" className="button">
            {t("save")}
          </button>
          <button type="submit" name="intent" value="reset" className="button button--secondary">
            {t("reset")}
          </button>
        </div>
      </form>
    </details>
  );
}
