import { getLocale, getTranslations } from "next-intl/server";
import { relationshipLabels } from "@/components/staff/registrations/format";
import type { Locale } from "@/lib/i18n/config";

/** The relationship to Ogaki a person gave at their first registration, next to the one they give now. */
export async function RelationshipsSection({ atEntry, now }: { atEntry: string[]; now: string[] }) {
  const [t, locale] = await Promise.all([getTranslations("staffRegistrations.ledger.relationships"), getLocale() as Promise<Locale>]);
  const label = (ids: string[]) => (ids.length ? relationshipLabels(ids, locale) : t("none"));
  const added = now.filter((id) => !atEntry.includes(id));
  const unchanged = added.length === 0 && atEntry.length === now.length && atEntry.every((id) => now.includes(id));

  return (
    <section className="section" aria-labelledby="relationships-heading">
      <h2 id="relationships-heading">{t("title")}</h2>
      <dl className="facts">
        <div className="staff-detail__fact">
          <dt>{t("atEntry")}</dt>
          <dd>{label(atEntry)}</dd>
        </div>
        <div className="staff-detail__fact">
          <dt>{t("now")}</dt>
          <dd>{label(now)}</dd>
        </div>
        {added.length > 0 ? (
          <div className="staff-detail__fact">
            <dt>{t("added")}</dt>
            <dd>
              <strong>{relationshipLabels(added, locale)}</strong>
            </dd>
          </div>
        ) : null}
      </dl>
      {unchanged ? <p className="muted">{t("unchanged")}</p> : null}
    </section>
  );
}
