import { contentDisposition } from "@/lib/export/columns";
import { defaultLocale, isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { getOwnData } from "@/lib/participants/data";
import { recordParticipantAudit } from "@/lib/participants/mutations";
import { ownDataCsv } from "@/lib/participants/own-data-csv";
import { parseParticipantToken } from "@/lib/subscriptions/links";

// GET /me/<token>/data/json and /me/<token>/data/csv — everything stored about the person, for the person
// (APPI art. 33 開示; what Peatix and Luma call "download my data"). The signed token is the only credential:
// a wrong or anonymised one gets a 404 that says nothing. Never cached (no-store) and never indexed; each
// download is in the audit log. A GET that only writes the audit row changes nothing the person owns.

const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" };

export const dynamic = "force-dynamic";

// The CSV is in the page's language: the locale cookie the header switch sets (lib/i18n/request.ts).
function localeOf(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const value = cookie.split(";").map((c) => c.trim().split("=")).find(([name]) => name === LOCALE_COOKIE)?.[1];
  return isLocale(value) ? value : defaultLocale;
}

export async function GET(request: Request, { params }: { params: Promise<{ token: string; format: string }> }) {
  const { token, format } = await params;
  const participantId = await parseParticipantToken(token);
  const data = participantId && (format === "json" || format === "csv") ? await getOwnData(participantId) : null;
  if (!participantId || !data) return Response.json({ error: "not_found" }, { status: 404, headers });
  await recordParticipantAudit(participantId, "participant.export", { format });
  const day = data.format.exportedAt.slice(0, 10).replaceAll("-", "");
  const name = `my-data-${day}.${format}`;
  const disposition = contentDisposition(name, `登録データ_${day}.${format}`);
  if (format === "json") {
    return new Response(`${JSON.stringify(data, null, 2)}\n`, {
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": disposition },
    });
  }
  return new Response(ownDataCsv(data, localeOf(request)), {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": disposition },
  });
}
