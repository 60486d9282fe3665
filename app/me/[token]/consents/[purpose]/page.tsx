import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { withdrawConsentByToken } from "@/lib/participants/actions";
import { listOwnConsents } from "@/lib/participants/data";
import { parseParticipantToken } from "@/lib/subscriptions/links";
import { InvalidParticipantLink } from "@/components/participants/InvalidParticipantLink";

// The confirmation step of withdrawing one consent: says what withdrawal means for that purpose (for the
// city's provision: no further provision, and the copy already given is deleted only through a deletion
// request), then a POST does it. Opening this page changes nothing.

type Props = { params: Promise<{ token: string; purpose: string }> };

export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const PURPOSES = ["CITY_PROVISION", "CITY_REVIEW", "SURVEY", "WDL_NEWS", "CITY_NEWS"] as const;

export default async function WithdrawConsentPage({ params }: Props) {
  const [{ token, purpose }, t] = await Promise.all([params, getTranslations("dataRights.consents")]);
  const participantId = await parseParticipantToken(token);
  const known = PURPOSES.find((p) => p === purpose);
  const consents = participantId && known ? await listOwnConsents(participantId) : [];
  const current = known ? consents.find((c) => c.purpose === known && !c.withdrawnAt) : undefined;
  const back = `/me/${encodeURIComponent(token)}`;
  if (!participantId || !known) {
    return <InvalidParticipantLink />;
  }
  const label = t(`purposes.${known}.label`);
  return (
    <div className="manage-page">
      <h1>{t("confirmTitle", { purpose: label })}</h1>
      {current ? (
        <>
          <p>{t(`purposes.${known}.meaning`)}</p>
          <form action={withdrawConsentByToken.bind(null, token)}>
            <input type="hidden" name="purpose" value={known} />
            <p>
              <strong>{t("confirmQuestion", { purpose: label })}</strong>
            </p>
            <button type="submit" className="button button--wide button--danger">
              {t("confirmButton")}
            </button>
          </form>
        </>
      ) : (
        <p className="notice">{t("notCurrent")}</p>
      )}
      <p>
        <Link href={`${back}#me-consents`}>{t("back")}</Link>
      </p>
    </div>
  );
}
