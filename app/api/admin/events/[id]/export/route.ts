import { z } from "zod";
import { exportEventRegistrations } from "@/lib/export/registrations";
import { isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { staffForRoute } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/request";

// GET /api/admin/events/:id/export?format=csv|xlsx — the event's registrations as a spreadsheet, streamed.
// WDL staff get every row and column; city staff only people with a current provision consent and the
// columns the city may see (lib/export/columns.ts), and their export is recorded as a provision.

const querySchema = z.object({ format: z.enum(["csv", "xlsx"]).default("csv") });

const noStore = { "Cache-Control": "no-store" };

function localeOf(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const value = cookie
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return isLocale(value) ? value : "ja";
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const staff = await staffForRoute("registrations.export");
  if (staff instanceof Response) return staff;
  const { id } = await params;
  const query = querySchema.safeParse({ format: new URL(request.url).searchParams.get("format") ?? undefined });
  if (!query.success) return Response.json({ error: "invalid_format" }, { status: 400, headers: noStore });

  const result = await exportEventRegistrations(staff, id, { format: query.data.format, locale: localeOf(request), ip: clientIp(request.headers) });
  if (!result) return Response.json({ error: "not_found" }, { status: 404, headers: noStore });
  return new Response(result.body, { status: 200, headers: result.headers });
}
