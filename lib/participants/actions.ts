"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { revokeLegacyLinks, revokeLink, rotateParticipantLinks } from "@/lib/participants/links/mutations";
import { anonymizeParticipant, confirmCityCopyDeleted, recordParticipantAudit, withdrawConsent } from "@/lib/participants/mutations";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { parseParticipantToken } from "@/lib/subscriptions/links";

// A person's rights on their own page (withdraw a consent, delete their data) and the city's confirmation in
// the staff request queue. The participant's signed link is the only credential and is checked again on every
// submit; every change is a POST behind a confirmation step, so a mail scanner following links changes nothing.

const purposeSchema = z.enum(["CITY_PROVISION", "CITY_REVIEW", "WDL_NEWS", "CITY_NEWS", "SURVEY"]);
const mePath = (token: string) => `/me/${encodeURIComponent(token.toWellFormed())}`;

export async function withdrawConsentByToken(token: string, formData: FormData): Promise<void> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const participantId = await parseParticipantToken(token);
  if (!participantId) redirect(mePath(token));
  const purpose = purposeSchema.safeParse(formData.get("purpose"));
  if (!purpose.success) redirect(mePath(token));
  const withdrawn = await withdrawConsent(participantId, purpose.data);
  redirect(`${mePath(token)}?${withdrawn ? `withdrawn=${purpose.data}` : "nothingToWithdraw=1"}#me-consents`);
}

export async function deleteOwnDataByToken(token: string, formData: FormData): Promise<void> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const participantId = await parseParticipantToken(token);
  if (!participantId) redirect(mePath(token));
  // The box says "I understand this cannot be undone"; without it nothing happens (and the page says why).
  if (formData.get("understood") !== "yes") redirect(`${mePath(token)}/delete?unconfirmed=1`);
  const outcome = await anonymizeParticipant(participantId, { via: "participant_page" });
  if (outcome.ok) await recordParticipantAudit(participantId, "participant.delete", { deletionRequestId: outcome.deletionRequestId });
  // Already deleted (a double submit, a second tab) ends on the same result page.
  redirect(`${mePath(token)}/deleted`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stops one of the person's links from the "open links" list (a stored link by id, or "legacy": old mails). */
export async function revokeLinkByToken(token: string, formData: FormData): Promise<void> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const participantId = await parseParticipantToken(token);
  if (!participantId) redirect(mePath(token));
  const linkId = formData.get("linkId");
  const revoked =
    linkId === "legacy"
      ? await revokeLegacyLinks(participantId)
      : typeof linkId === "string" && UUID.test(linkId)
        ? await revokeLink(participantId, linkId.toLowerCase())
        : false;
  // Stopping the very link in use leaves nothing to show here: the page then answers as for any unknown link.
  redirect(`${mePath(token)}?${revoked ? "linkRevoked=1" : "linkNotFound=1"}#me-links`);
}

/**
 * "Sign out everywhere": every page and survey link of the person stops, the one in use included, and the
 * person continues on a new page link (they held a valid link, so they lose nothing by being handed it).
 */
export async function signOutEverywhereByToken(token: string, formData: FormData): Promise<void> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const participantId = await parseParticipantToken(token);
  if (!participantId) redirect(mePath(token));
  const { pageToken } = await rotateParticipantLinks(participantId, { issuePageLink: true });
  redirect(pageToken ? `${mePath(pageToken)}?signedOut=1#me-links` : mePath(token));
}

export async function confirmCityCopyDeletedAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("requests.confirmCityCopy");
  expectActionArgs({ forms: [formData] });
  const id = formData.get("requestId");
  if (typeof id !== "string" || !UUID.test(id)) redirect("/admin/requests?result=not_found");
  const outcome = await confirmCityCopyDeleted(staff, id.toLowerCase());
  revalidatePath("/admin/requests");
  redirect(`/admin/requests?result=${outcome.ok ? "confirmed" : outcome.reason}`);
}
