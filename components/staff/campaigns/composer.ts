import "server-only";
import { getLocale } from "next-intl/server";
import type { ComposerEvent } from "@/components/staff/campaigns/CampaignForm";
import { listCampaignEvents } from "@/lib/campaigns/data";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { Staff } from "@/lib/server/auth";
import { formatEventDateRange } from "@/lib/time/format";

/** The composer's event choices, with titles and dates in the reader's language (dates in Japan time). */
export async function composerEvents(staff: Pick<Staff, "id" | "organizationId" | "role">): Promise<ComposerEvent[]> {
  const [events, locale] = await Promise.all([listCampaignEvents(staff), getLocale() as Promise<Locale>]);
  return events.map((e) => ({
    id: e.id,
    title: localized(e.titleJa, e.titleEn, locale),
    when: formatEventDateRange(e.startsAt, e.endsAt, locale),
    registrations: e.registrations,
    attended: e.attended,
  }));
}
