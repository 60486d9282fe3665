"use server";

import { redirect } from "next/navigation";
import { applyPendingSignupChange } from "@/lib/registrations/pending/mutations";
import { expectActionArgs } from "@/lib/server/action-input";

// The button on the confirmation page of the one-time link: the token in the URL is the only credential, and
// only this POST changes anything (a mail scanner's GET of the link applies nothing).

export async function applySignupChangesByToken(token: string): Promise<void> {
  expectActionArgs({ strings: [token] });
  const result = await applyPendingSignupChange(token);
  const path = `/signup-changes/${encodeURIComponent(String(token).toWellFormed())}`;
  redirect(`${path}?${result.ok ? "done=1" : `failed=${result.reason}`}`);
}
