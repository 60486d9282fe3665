import { createTranslator } from "next-intl";
import { recordAudit } from "@/lib/audit/mutations";
import { BOM, csvRecord } from "@/lib/export/csv";
import { contentDisposition } from "@/lib/export/columns";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { loadMessages } from "@/lib/i18n/messages";
import { getDashboard, listInsightEvents } from "@/lib/insights/data";
import { parseDashboardParams, searchParamsRecord } from "@/lib/insights/schema";
import { staffForRoute } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";
import { isCityRole } from "@/lib/staff/permissions";
import { INSIGHTS_CSV_HEADER, insightsCsvFileName, insightsCsvRows } from "@/components/staff/insights/csv";
import { insightLabels, type Translate } from "@/components/staff/insights/labels";

// GET /api/admin/insights/export?fy=2026&area=…&kind=…&event=…&view=city — the dashboard's figures as CSV
// (UTF-8 with BOM for Japanese Excel, CRLF, RFC 4180, formula-safe cells: lib/export/csv.ts), for the same
// parameters as the page. City staff always get the suppressed figures; WDL staff get them with view=city.
// Aggregates name nobody, so no provision record; the export is still in the audit log (who took which report).

const noStore = { "Cache-Control": "no-store" };

async function labelsFor(locale: Locale) {
  const translate = createTranslator({ locale, messages: await loadMessages(locale) });
  const t: Translate = (key, values) => translate(key, values);
  return insightLabels(t, locale);
}

export async function GET(request: Request) {
  const staff = await staffForRoute("insights.view");
  if (staff instanceof Response) return staff;
  const now = new Date();
  const parsed = parseDashboardParams(searchParamsRecord(new URL(request.url).searchParams), now);
  // A report must be for exactly what was asked: a wrong parameter is refused, not replaced by a default.
  const errors = { ...parsed.errors };
  if (isCityRole(staff.role)) delete errors.view;
  if (Object.keys(errors).length > 0) return Response.json({ error: "invalid_query", fields: errors }, { status: 400, headers: noStore });

  const [dashboard, events, ja, en] = await Promise.all([
    getDashboard(staff, parsed.filter, { now, asCity: parsed.query.asCity }),
    listInsightEvents(staff),
    labelsFor("ja"),
    labelsFor("en"),
  ]);
  if (!dashboard) return Response.json({ error: "not_found" }, { status: 404, headers: noStore });
  const titles = new Map(events.map((e) => [e.id, e]));
  const rows = insightsCsvRows(
    dashboard,
    { ja, en },
    {
      organization: { ja: staff.organization.nameJa, en: localized(staff.organization.nameJa, staff.organization.nameEn, "en") },
      eventTitle: (id, locale) => {
        const event = titles.get(id);
        return event ? localized(event.titleJa, event.titleEn, locale) : null;
      },
    },
  );

  const { filter } = dashboard;
  await recordAudit(staff, {
    action: "insights.export",
    targetType: "Dashboard",
    detail: {
      format: "csv",
      rows: rows.length,
      view: dashboard.suppressed ? "city" : "full",
      period: { from: filter.period.firstDay, to: filter.period.lastDay },
      areas: filter.areas,
      kinds: filter.kinds,
      eventIds: filter.eventIds,
    },
    ip: clientIp(request.headers),
  });

  const names = insightsCsvFileName(dashboard);
  const body = BOM + csvRecord(INSIGHTS_CSV_HEADER) + rows.map(csvRecord).join("");
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(names.ascii, names.utf8),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
