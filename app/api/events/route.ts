import { limitApiRequest } from "@/lib/abuse/api-limit";
import { toApiEventSummary } from "@/lib/events/api";
import { listPublicEvents } from "@/lib/events/data";
import { getEnv } from "@/lib/server/env";

export const dynamic = "force-dynamic";

/** Public events for partners' sites: upcoming (soonest first) and the recent archive. Drafts never appear. */
export async function GET(request: Request) {
  try {
    const limited = await limitApiRequest(request, "read");
    if (limited) return limited;
    const now = new Date();
    const { APP_URL } = getEnv();
    const { upcoming, past } = await listPublicEvents(now);
    return Response.json(
      {
        upcoming: upcoming.map((event) => toApiEventSummary(event, now, APP_URL)),
        past: past.map((event) => toApiEventSummary(event, now, APP_URL)),
      },
      // Seats change by the minute: caches may keep a copy but must ask again each time.
      { headers: { "Cache-Control": "public, max-age=0, must-revalidate" } },
    );
  } catch (error) {
    console.error("GET /api/events failed", error);
    return Response.json({ error: "internal" }, { status: 500, headers: { "Cache-Control": "no-store" } });
  }
}
