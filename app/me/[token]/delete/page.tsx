import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { deleteOwnDataByToken } from "@/lib/participants/actions";
import { getDeletionPreview } from "@/lib/participants/data";
import { parseParticipantToken } from "@/lib/subscriptions/links";
import { InvalidParticipantLink } from "@/components/participants/InvalidParticipantLink";

// The confirmation step of deleting one's data (APPI art. 35): what is deleted, what stays (figures that name
// nobody), which upcoming seats are given back, and that the city will be asked to delete the copy it received.
// Opening the page changes nothing; the POST needs the "I understand" box.

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ unconfirmed?: string }> };

export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function DeleteOwnDataPage({ params, searchParams }: Props) {
  const [{ token }, { unconfirmed }, t] = await Promise.all([params, searchParams, getTranslations("dataRights.delete")]);
  const participantId = await parseParticipantToken(token);
  const preview = participantId ? await getDeletionPreview(participantId) : null;
  if (!preview) {
    return <InvalidParticipantLink />;
  }
  return (
    <div className="manage-page">
      <h1>{t("pageTitle")}</h1>
      <p>{t("lead")}</p>
      <h2>{t("deletedTitle")}</h2>
      <p>{t("deleted")}</p>
      <h2>{t("keptTitle")}</h2>
      <p>{t("kept")}</p>
      <h2>{t("seatsTitle")}</h2>
      <p>{preview.upcomingRegistrations > 0 ? t("seats", { count: preview.upcomingRegistrations }) : t("noSeats")}</p>
      <h2>{t("cityTitle")}</h2>
      <p>{preview.cityProvisions > 0 ? t("city", { count: preview.cityProvisions }) : t("noCity")}</p>
      <p className="muted">{t("mailNote")}</p>
      <form action={deleteOwnDataByToken.bind(null, token)} className="signup-form">
        <label className="choice choice--block">
          <input type="checkbox" name="understood" value="yes" required aria-describedby={unconfirmed ? "delete-unconfirmed" : undefined} />
          <span>{t("understood")}</span>
        </label>
        {unconfirmed ? (
          <p id="delete-unconfirmed" className="field__error" role="alert">
            {t("unconfirmed")}
          </p>
        ) : null}
        <button type="submit" className="button button--wide button--danger">
          {t("button")}
        </button>
      </form>
      <p>
        <Link href={`/me/${encodeURIComponent(token)}`}>{t("back")}</Link>
      </p>
    </div>
  );
}
