import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { OwnDataRights } from "@/components/participants/OwnDataRights";
import { ReportActivityForm } from "@/components/participants/ReportActivityForm";
import { removeActivityByToken } from "@/lib/activities/actions";
import { formatDay, jstDay } from "@/lib/activities/dates";
import { saveMailPreferencesByToken } from "@/lib/subscriptions/actions";
import { listOwnConsents } from "@/lib/participants/data";
import { getParticipantPage } from "@/lib/subscriptions/data";
import { parseParticipantToken } from "@/lib/subscriptions/links";
import { formatEventDateRange } from "@/lib/time/format";
import { InvalidParticipantLink } from "@/components/participants/InvalidParticipantLink";
import { OpenLinks } from "@/components/participants/OpenLinks";
import { ProfileChangeNote } from "@/components/participants/ProfileChangeNote";
import { linkIdOf, listOpenLinks } from "@/lib/participants/links/data";
import { getEnv } from "@/lib/server/env";

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<{
    saved?: string;
    activityRemoved?: string;
    activityNotFound?: string;
    withdrawn?: string;
    nothingToWithdraw?: string;
    linkRevoked?: string;
    linkNotFound?: string;
    signedOut?: string;
  }>;
};

// A participant's own page, reached from the manage page and from every non-transactional mail: all their
// registrations, what they did with Ogaki (their own reports, which feed the ledger), and which kinds of mail
// they get. No account: the signed token is the credential.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ParticipantPage({ params, searchParams }: Props) {
  const [{ token }, { saved, activityRemoved, activityNotFound, withdrawn, nothingToWithdraw, linkRevoked, linkNotFound, signedOut }, locale, t] = await Promise.all([
    params,
    searchParams,
    getLocale() as Promise<Locale>,
    getTranslations("participant"),
  ]);
  const participantId = await parseParticipantToken(token);
  const [page, consents, links, currentLinkId] = participantId
    ? await Promise.all([getParticipantPage(participantId), listOwnConsents(participantId), listOpenLinks(participantId), linkIdOf(token)])
    : [null, [], null, null];
  if (!page || !links) {
    return <InvalidParticipantLink />;
  }
  const linkOutcome = signedOut ? "signedOut" : linkRevoked ? "revoked" : linkNotFound ? "notFound" : null;
  return (
    <div className="manage-page">
      <h1>{t("me.title")}</h1>
      <p>{t("me.hello", { name: page.name ?? "", email: page.maskedEmail })}</p>

      <section className="section" aria-labelledby="me-registrations">
        <h2 id="me-registrations">{t("me.registrations")}</h2>
        {page.registrations.length === 0 ? (
          <p className="empty">{t("me.noRegistrations")}</p>
        ) : (
          <ul className="me-registrations">
            {page.registrations.map((r) => (
              <li key={r.id}>
                <Link href={`/manage/${r.manageToken}`}>{localized(r.event.titleJa, r.event.titleEn, locale)}</Link>
                <span className="me-registrations__meta">
                  {formatEventDateRange(r.event.startsAt, r.event.endsAt, locale)}・{t(`me.status.${r.status}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="me-activities">
        <h2 id="me-activities">{t("me.activities.title")}</h2>
        <p>{t("me.activities.lead")}</p>
        <ReportActivityForm token={token} today={jstDay(new Date())} />
        <h3 id="me-activities-list">{t("me.activities.listTitle")}</h3>
        {activityRemoved ? (
          <p className="outcome" role="status">
            {t("me.activities.removed")}
          </p>
        ) : activityNotFound ? (
          <p className="outcome outcome--warn" role="status">
            {t("me.activities.notFound")}
          </p>
        ) : null}
        {page.activities.length === 0 ? (
          <p className="empty">{t("me.activities.empty")}</p>
        ) : (
          <ul className="me-activities" aria-labelledby="me-activities-list">
            {page.activities.map((a) => {
              const kind = t(`me.activities.kinds.${a.kind}`);
              const day = formatDay(a.occurredOn, locale);
              return (
                <li key={a.id} className="me-activities__item">
                  <div>
                    <strong>{kind}</strong>
                    <span className="me-registrations__meta">
                      <time dateTime={a.occurredOn.toISOString().slice(0, 10)}>{day}</time>
                    </span>
                    {a.note ? <p className="me-activities__note">{a.note}</p> : null}
                  </div>
                  <form action={removeActivityByToken.bind(null, token)}>
                    <input type="hidden" name="activityId" value={a.id} />
                    <button type="submit" className="button button--secondary me-activities__remove">
                      {t("me.activities.remove")}
                      <span className="visually-hidden">{t("me.activities.removeContext", { kind, day })}</span>
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="me-mail">
        <h2 id="me-mail">{t("me.mailTitle")}</h2>
        {saved ? (
          <p className="outcome" role="status">
            {t("me.saved")}
          </p>
        ) : null}
        <p>{t("me.mailLead")}</p>
        <form action={saveMailPreferencesByToken.bind(null, token)} className="signup-form">
          <fieldset className="field">
            <legend className="visually-hidden">{t("me.mailTitle")}</legend>
            <div className="choices">
              {page.preferences.map((p) => (
                <label key={p.category} className="choice choice--block">
                  <input type="checkbox" name="enabled" value={p.category} defaultChecked={p.enabled} />
                  <span>
                    <strong>{t(`categories.${p.category}.label`)}</strong>
                    <span className="choice__help">{t(`categories.${p.category}.help`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="muted">{t("me.transactionalNote")}</p>
          <button type="submit" className="button button--wide">
            {t("me.save")}
          </button>
        </form>
      </section>

      <ProfileChangeNote contactEmail={getEnv().MAIL_REPLY_TO ?? null} />

      <OwnDataRights token={token} consents={consents} withdrawn={withdrawn} nothingToWithdraw={Boolean(nothingToWithdraw)} locale={locale} />

      <OpenLinks token={token} data={links} currentLinkId={currentLinkId} outcome={linkOutcome} locale={locale} />
    </div>
  );
}
