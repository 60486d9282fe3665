import { limitApiRequest } from "@/lib/abuse/api-limit";
import { toApiEventDetail } from "@/lib/events/api";
import { getPublicEvent } from "@/lib/events/data";
import { getSignupEvent } from "@/lib/registrations/data";
import { getEnv } from "@/lib/server/env";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** One public event with its description and its current questions, so a partner can build the form. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const limited = await limitApiRequest(request, "read");
    if (limited) return limited;
    const { slug } = await params;
    const now = new Date();
    // A slug with characters PostgreSQL cannot compare (NUL, lone surrogates) names no event: 404, not a 500.
    if (/[\u0000\ud800-\udfff]/.test(slug)) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
    const [event, signup] = await Promise.all([getPublicEvent(slug), getSignupEvent(slug)]);
    if (!event || !signup) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
    return Response.json(toApiEventDetail(event, signup.questions, now, getEnv().APP_URL), { headers: NO_STORE });
  } catch (error) {
    console.error("GET /api/events/[slug] failed", error);
    return Response.json({ error: "internal" }, { status: 500, headers: NO_STORE });
  }
}
