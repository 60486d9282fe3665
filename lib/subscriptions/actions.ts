"use server";

import { redirect } from "next/navigation";
import { isSubscriptionCategory, type SubscriptionCategory } from "@/lib/mail/categories";
import { expectActionArgs } from "@/lib/server/action-input";
import { parseParticipantToken, parseUnsubscribeToken } from "@/lib/subscriptions/links";
import { unsubscribeByMessage, updateMailPreferences } from "@/lib/subscriptions/mutations";

// Public actions behind signed mail links: the token is the only credential, checked again here; every change
// is a POST, so a mail scanner following links changes nothing.

export async function unsubscribeByToken(token: string): Promise<void> {
  expectActionArgs({ strings: [token] });
  const id = parseUnsubscribeToken(token);
  if (id) await unsubscribeByMessage(id, "page");
  redirect(`/unsubscribe/${encodeURIComponent(token.toWellFormed())}${id ? "?done=1" : ""}`);
}

export async function saveMailPreferencesByToken(token: string, formData: FormData): Promise<void> {
  expectActionArgs({ strings: [token], forms: [formData] });
  const participantId = await parseParticipantToken(token);
  if (!participantId) redirect(`/me/${encodeURIComponent(token.toWellFormed())}`);
  // Unknown names are ignored: only the page's own switches mean anything.
  const enabled = new Set<SubscriptionCategory>(formData.getAll("enabled").map(String).filter(isSubscriptionCategory));
  const saved = await updateMailPreferences(participantId, enabled);
  redirect(`/me/${encodeURIComponent(token.toWellFormed())}${saved ? "?saved=1" : ""}`);
}
