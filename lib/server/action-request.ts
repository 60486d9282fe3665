// Server actions arrive as POST requests carrying `Next-Action: <id>`. Next itself aborts one whose Origin names
// another host, but with a 500, runs one without any Origin, and answers a body over its 1 MB limit with a 500 as
// well. Called first in proxy.ts, this answers those cleanly before Next reads the body: 403 for a missing or
// foreign Origin, 411 without a Content-Length, 413 over the limit. Page renders and route handlers pass.
// The host the Origin must name is the Host header; X-Forwarded-Host counts only when a proxy we run sets it
// (TRUST_PROXY > 0): without one it is whatever the client sent.

export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024; // Next's default serverActions.bodySizeLimit

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export function refuseActionRequest(request: Request, trustedProxies: number): Response | null {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const host = (trustedProxies > 0 ? request.headers.get("x-forwarded-host") : null) ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(request.headers.get("origin") ?? "").host;
  } catch {
    // missing, "null" or malformed
  }
  if (!originHost || !host || originHost !== host) return plain(403, "Forbidden / この操作は受け付けられません。");
  const length = request.headers.get("content-length");
  if (length === null) return plain(411, "Length Required / 送信内容の長さがありません。");
  if (!/^\d+$/.test(length) || Number(length) > ACTION_BODY_LIMIT_BYTES) return plain(413, "Request too large / 送信内容が大きすぎます。");
  return null;
}
