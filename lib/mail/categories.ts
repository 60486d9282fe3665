import type { ConsentPurpose, MailCategory } from "@/lib/generated/prisma/enums";

// Who may get each kind of mail (DESIGN.md §3–4). Transactional mail (confirmation, cancellation …) always goes.
// Reminders and follow-ups are about an event the person registered for, within the purpose of use they were
// shown at sign-up, so they need no separate consent; surveys and news go only to people with a current consent.
// Every kind but transactional mail can be stopped with one click (a Suppression row, honoured by every send).

export const CONSENT_FOR_CATEGORY = {
  TRANSACTIONAL: null,
  REMINDER: null,
  FOLLOW_UP: null,
  SURVEY: "SURVEY",
  WDL_NEWS: "WDL_NEWS",
  CITY_NEWS: "CITY_NEWS",
} as const satisfies Record<MailCategory, ConsentPurpose | null>;

/** The kinds of mail a person can stop, in the order the preferences page lists them. */
export const SUBSCRIPTION_CATEGORIES = ["REMINDER", "SURVEY", "FOLLOW_UP", "WDL_NEWS", "CITY_NEWS"] as const satisfies readonly MailCategory[];

/** The kinds of mail organisers compose as campaigns (reminders and surveys are sent by the system). */
export const CAMPAIGN_CATEGORIES = ["FOLLOW_UP", "WDL_NEWS", "CITY_NEWS"] as const satisfies readonly MailCategory[];
export type CampaignCategory = (typeof CAMPAIGN_CATEGORIES)[number];

export type SubscriptionCategory = (typeof SUBSCRIPTION_CATEGORIES)[number];

export function isSubscriptionCategory(value: string): value is SubscriptionCategory {
  return (SUBSCRIPTION_CATEGORIES as readonly string[]).includes(value);
}
