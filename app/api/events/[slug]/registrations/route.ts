import { limitApiRequest } from "@/lib/abuse/api-limit";
import { CAPTCHA_FAILED_MESSAGE, tooManyRequests } from "@/lib/abuse/responses";
import { apiLocale, localizeFieldErrors } from "@/lib/registrations/errors";
import { signUp } from "@/lib/registrations/signup";
import { clientIp } from "@/lib/server/request";

export const dynamic = "force-dynamic";

// Sign-up for partners' sites and load tests: the same path as the form (signUp: schema, limits, seats under
// the event lock), answered in JSON. The answer never says whether the address was known or registered. Only POST is exported, so Next answers 405 to every other method.

const MAX_BODY_BYTES = 32 * 1024;
const NO_STORE = { "Cache-Control": "no-store" };

function json(body: unknown, status: number, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** The body's bytes, refusing to buffer more than the limit whatever Content-Length claims (or omits). */
async function readBody(request: Request): Promise<Uint8Array | "too_large"> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return "too_large";
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return "too_large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    // Before reading the body: a flood costs one counter update per request, nothing more.
    const limited = await limitApiRequest(request, "write");
    if (limited) return limited;
    // JSON only: besides being the contract, a cross-site page cannot send this type without a CORS preflight.
    const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") return json({ error: "unsupported_media_type" }, 415);

    const bytes = await readBody(request);
    if (bytes === "too_large") return json({ error: "too_large" }, 413);
    const parsed = parseJson(bytes);
    if (!parsed.ok) return json({ error: "invalid_json" }, 400);

    const { slug } = await params;
    // A slug with characters PostgreSQL cannot compare (NUL, lone surrogates) names no event: 404, not a 500.
    if (/[\u0000\ud800-\udfff]/.test(slug)) return json({ error: "not_found" }, 404);
    const result = await signUp(slug, parsed.value, { ip: clientIp(request.headers) });
    switch (result.kind) {
      case "received":
        // The same answer for a new address, a known one and one already registered (the person's status,
        // waitlist position and manage link go by mail to the address only): only the event's state is told.
        return json({ outcome: "received", intake: result.intake }, 202);
      case "invalid": {
        const locale = apiLocale(parsed.value, request.headers.get("accept-language"));
        return json({ error: "invalid", fields: localizeFieldErrors(result.errors, locale) }, 422);
      }
      case "full":
      case "closed":
        return json({ error: result.kind }, 409);
      case "not_found":
        return json({ error: "not_found" }, 404);
      case "rate_limited":
        return tooManyRequests(result.retryAfterSeconds);
      case "captcha_failed":
        return json({ error: "captcha_failed", message: CAPTCHA_FAILED_MESSAGE }, 403);
      default: {
        const unhandled: never = result;
        throw new Error(`Unhandled sign-up result: ${(unhandled as { kind?: string }).kind}`);
      }
    }
  } catch (error) {
    console.error("POST /api/events/[slug]/registrations failed", error);
    return json({ error: "internal" }, 500);
  }
}
