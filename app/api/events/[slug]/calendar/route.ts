import { limitApiRequest } from "@/lib/abuse/api-limit";
import { buildIcs, eventSequence, eventUid } from "@/lib/calendar/ics";
import { getPublicEvent } from "@/lib/events/data";
import { contactAddress } from "@/lib/mail/contact";
import { getEnv } from "@/lib/server/env";

export const dynamic = "force-dynamic";

/** The public calendar entry of an event (same UID as the one attached to confirmation mails). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const limited = await limitApiRequest(request, "read");
  if (limited) return limited;
  const { slug } = await params;
  const env = getEnv();
  // A slug with characters PostgreSQL cannot compare (NUL, lone surrogates) names no event: 404, not a 500.
  const event = /[\u0000\ud800-\udfff]/.test(slug) ? null : await getPublicEvent(slug);
  if (!event) return new Response("Not found", { status: 404 });
  const url = `${env.APP_URL}/events/${event.slug}`;
  const ics = buildIcs({
    uid: eventUid(event.id),
    sequence: eventSequence(event.updatedAt),
    method: "PUBLISH",
    start: event.startsAt,
    end: event.endsAt,
    summary: event.titleJa,
    description: `${event.summaryJa ?? ""}\n${url}`.trim(),
    location: event.format === "ONLINE" ? "オンライン" : [event.venueName, event.venueAddress].filter(Boolean).join(" "),
    url,
    organizerName: event.organizers.map((o) => o.organization.nameJa).join(" × "),
    organizerEmail: contactAddress(env) ?? `no-reply@${new URL(env.APP_URL).hostname}`,
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
