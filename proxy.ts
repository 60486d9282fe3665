import { NextResponse, type NextRequest } from "next/server";
import { trustedProxyCount } from "@/lib/abuse/client-ip";
import { refuseActionRequest } from "@/lib/server/action-request";
import { cacheControlFor, contentSecurityPolicy, createNonce, strictTransportSecurity } from "@/lib/server/headers";

// Next 16's Proxy (formerly Middleware): per-request security headers, and the refusal of forged server-action
// requests. It does no authentication: every page, action and route handler gates itself (lib/server/auth.ts),
// so nothing depends on this running.
// Next.js reads the nonce from the request's Content-Security-Policy header and puts it on the scripts it
// renders; the browser gets the same policy on the response.

const dev = process.env.NODE_ENV === "development";
const hsts = strictTransportSecurity(process.env.NODE_ENV, process.env.APP_URL);
const https = hsts !== null;
const turnstile = Boolean(process.env.TURNSTILE_SITE_KEY?.trim());
const trustedProxies = trustedProxyCount(process.env.TRUST_PROXY);

export function proxy(request: NextRequest) {
  // Forged server-action requests (foreign or missing Origin, oversized body) get a clean 4xx before Next
  // reads them (lib/server/action-request.ts).
  const refused = refuseActionRequest(request, trustedProxies);
  if (refused) return refused;

  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, dev, https, turnstile });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  // A Pages Router header (this app has none): with a proxy present, Next answers a request carrying it with an
  // empty 200 instead of running the page, which would hide a sign-in redirect from the client.
  requestHeaders.delete("x-middleware-prefetch");

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Cache-Control", cacheControlFor(request.method, request.nextUrl.pathname));
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: [
    // Not for build assets (immutable, cached for a year), the icon, or the public JSON API (no HTML, its own
    // Cache-Control). Staff and auth APIs are matched, for their Cache-Control.
    "/((?!_next/static|_next/image|icon\\.svg|favicon\\.ico|robots\\.txt|api/events|api/health).*)",
  ],
};
