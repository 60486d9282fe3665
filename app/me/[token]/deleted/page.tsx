import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { getLatestDeletionRequest } from "@/lib/participants/data";
import { resolveDeletedPageToken } from "@/lib/participants/links/data";
import { formatDateTime } from "@/lib/time/format";
import { InvalidParticipantLink } from "@/components/participants/InvalidParticipantLink";

// The result of a deletion: when it happened, whether the city was asked to delete its copy, and a reference
// for questions. It shows nothing about the person (there is nothing left to show); for a person who was not
// deleted it says the link is not valid here.

type Props = { params: Promise<{ token: string }> };

export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function DeletedPage({ params }: Props) {
  const [{ token }, t, locale] = await Promise.all([params, getTranslations("dataRights.delete"), getLocale() as Promise<Locale>]);
  const participantId = await resolveDeletedPageToken(token);
  const request = participantId ? await getLatestDeletionRequest(participantId) : null;
  if (!request || request.status !== "COMPLETED") {
    return <InvalidParticipantLink />;
  }
  return (
    <div className="message-page">
      <h1>{t("resultTitle")}</h1>
      <p role="status">{t("resultBody", { date: formatDateTime(request.completedAt ?? request.requestedAt, locale) })}</p>
      {request.cityProvisionCount > 0 ? <p>{t("resultCity")}</p> : null}
      <p>{t("resultReference", { ref: request.id.slice(-12).toUpperCase() })}</p>
    </div>
  );
}
