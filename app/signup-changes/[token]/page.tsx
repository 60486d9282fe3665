import type { Metadata } from "next";
import { Fragment } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { INTERESTS, PREFECTURES, RELATIONSHIPS, type Labelled } from "@/lib/participants/options";
import { applySignupChangesByToken } from "@/lib/registrations/pending/actions";
import { getPendingSignupChange } from "@/lib/registrations/pending/data";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string; failed?: string }> };

// The one-time link mailed when a sign-up used an address that already belonged to a person. Opening it (or a
// mail scanner prefetching it) changes nothing: the page shows what would be applied, and only the button's
// POST applies it. Never indexed, never sent on as a Referer.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const labelOf = (options: readonly Labelled[], id: string | null, locale: Locale) => {
  const option = options.find((o) => o.id === id);
  return option ? option[locale] : (id ?? "");
};

export default async function SignupChangesPage({ params, searchParams }: Props) {
  const [{ token }, query, locale, t, tr] = await Promise.all([
    params,
    searchParams,
    getLocale() as Promise<Locale>,
    getTranslations("signupChanges"),
    getTranslations("dataRights.consents.purposes"),
  ]);
  const change = await getPendingSignupChange(token);
  const failed = query.failed === "applied" || query.failed === "expired" || query.failed === "not_found" ? query.failed : null;
  if (!change || (change.state !== "ready" && query.done !== "1")) {
    const reason = !change ? "not_found" : change.state === "applied" ? "applied" : change.state === "expired" ? "expired" : (failed ?? "not_found");
    return (
      <div className="message-page">
        <h1>{t("title")}</h1>
        <p role="alert">{t(`failed.${reason}`)}</p>
      </div>
    );
  }
  if (query.done === "1") {
    return (
      <div className="message-page">
        <h1>{t("title")}</h1>
        <p className="outcome" role="status">
          {t("done")}
        </p>
      </div>
    );
  }

  const { profile } = change;
  const purpose = (p: string) => (tr.has(`${p}.label`) ? tr(`${p}.label` as "CITY_PROVISION.label") : p);
  const rows: [string, string][] = [
    [t("fields.name"), profile.name],
    [t("fields.furigana"), profile.furigana],
    [t("fields.affiliation"), profile.affiliation ?? "—"],
    [t("fields.residence"), [labelOf(PREFECTURES, profile.prefectureCode, locale), profile.municipality].filter(Boolean).join(" ")],
    [t("fields.relationships"), profile.relationships.map((r) => labelOf(RELATIONSHIPS, r, locale)).join("、") || "—"],
    [t("fields.interests"), profile.interests.map((i) => labelOf(INTERESTS, i, locale)).join("、") || "—"],
    [t("fields.consents"), change.consents.map(purpose).join("、") || t("noConsents")],
  ];
  return (
    <div className="message-page">
      <h1>{t("title")}</h1>
      <p>{t("lead", { title: localized(change.event.titleJa, change.event.titleEn, locale) })}</p>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <p>{t("note")}</p>
      <form action={applySignupChangesByToken.bind(null, token)} className="button-row">
        <button type="submit" className="button">
          {t("apply")}
        </button>
      </form>
    </div>
  );
}
