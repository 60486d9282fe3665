import "server-only";
import { notFound } from "next/navigation";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { getDashboard, listInsightEvents } from "@/lib/insights/data";
import { fiscalYearsBetween } from "@/lib/insights/period";
import { dashboardSearchParams, parseDashboardParams, type SearchParams } from "@/lib/insights/schema";
import type { Staff } from "@/lib/server/auth";
import { isCityRole } from "@/lib/staff/permissions";

// What the dashboard and its print page both need, read the same way for both: the checked URL, the figures
// and the events the filter offers. The caller has already gated (requireStaff("insights.view")).

export async function loadInsights(staff: Staff, raw: SearchParams, locale: Locale, now = new Date()) {
  const parsed = parseDashboardParams(raw, now);
  const city = isCityRole(staff.role);
  // City staff always get the city's view; the parameter means nothing for them, right or wrong.
  if (city) delete parsed.errors.view;
  const [dashboard, events] = await Promise.all([getDashboard(staff, parsed.filter, { now, asCity: parsed.query.asCity }), listInsightEvents(staff)]);
  if (!dashboard) notFound();
  const titles = new Map(events.map((e) => [e.id, localized(e.titleJa, e.titleEn, locale)]));
  const earliest = events.at(-1)?.startsAt ?? null; // listed newest first
  return {
    parsed,
    dashboard,
    events,
    city,
    years: fiscalYearsBetween(earliest, now),
    eventTitle: (id: string) => titles.get(id) ?? null,
    search: dashboardSearchParams(parsed.query).toString(),
    organization: localized(staff.organization.nameJa, staff.organization.nameEn, locale),
  };
}
