// Response headers decided per request (proxy.ts): the nonce-based Content-Security-Policy, HSTS, and the
// Cache-Control of each route class. Pure functions, no secrets and no database: proxy.ts runs on every page
// request (the event page benchmark measures it), so this stays a few string operations.
// Headers that never vary (nosniff, X-Frame-Options, Referrer-Policy, Permissions-Policy) are in next.config.ts,
// so static assets the proxy skips carry them too.

/**
 * A fresh, unguessable nonce per response (128 bits). Every page is rendered per request (the locale cookie
 * and live seat counts make them dynamic), so Next.js reads it from the request's CSP header and puts it on
 * its own scripts; nothing else may run.
 */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export type CspOptions = { nonce: string; dev?: boolean; https?: boolean; turnstile?: boolean };

/** Cloudflare Turnstile's origin: its script (loaded by ours, so 'strict-dynamic' covers it) and its iframe. */
export const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

/**
 * The policy of every HTML response.
 * - Scripts: only those carrying this response's nonce, and what they load ('strict-dynamic': Next's chunks,
 *   the QR decoder imported on the check-in page). No 'unsafe-inline'; 'unsafe-eval' only for `next dev`
 *   (React rebuilds server error stacks with eval there).
 * - Style elements and stylesheets: our own files and nonce-bearing <style> only, so injected markup cannot
 *   add CSS (attribute-selector exfiltration needs a <style> element). Style *attributes* are allowed
 *   (style-src-attr): React renders `style={{ width }}` as an attribute in server HTML (the dashboard bars);
 *   an attribute can neither run script nor load anything beyond img-src.
 * - Images: our own and data: URLs (QR codes are inline SVG; data: covers icons and CSS-embedded images).
 * - The check-in camera is a MediaStream (getUserMedia, srcObject): no source list applies; Permissions-Policy
 *   camera=(self) allows it.
 * - Frames: none, except Turnstile's challenge when the optional CAPTCHA is configured (TURNSTILE_SITE_KEY).
 */
export function contentSecurityPolicy({ nonce, dev = false, https = false, turnstile = false }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${turnstile ? ` ${TURNSTILE_ORIGIN}` : ""}${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    turnstile ? `frame-src ${TURNSTILE_ORIGIN}` : "frame-src 'none'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * The headers next.config.ts gives every response, for the few answered before Next (lib/server/malformed-url.ts).
 * tests/unit/lib/server/headers.test.ts checks that the two lists agree.
 */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=()" },
];

export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * HSTS only for a production server whose public URL is https: sent over http://localhost it would make the
 * browser refuse plain http for that host for two years.
 */
export function strictTransportSecurity(nodeEnv: string | undefined, appUrl: string | undefined): string | null {
  return nodeEnv === "production" && /^https:\/\//i.test(appUrl?.trim() ?? "") ? HSTS_VALUE : null;
}

/**
 * Route classes by what their responses carry.
 * - personal: a person's data (manage link, own page, survey, unsubscribe, sign-up form and its outcome), every
 *   staff page and staff API, the auth routes, the development mailbox. Never stored by any cache.
 * - public: event list and event pages. No personal data, but the HTML carries this response's nonce, so no
 *   shared cache may keep it (private); the browser may keep it for back/forward navigation and revalidates
 *   before reuse (no-cache), because seats are live.
 */
export type RouteClass = "personal" | "public";

const PERSONAL_PREFIXES = [
  "/manage",
  "/me",
  "/survey",
  "/unsubscribe",
  "/admin",
  "/api/admin",
  "/api/auth",
  "/api/unsubscribe",
  "/dev/mailbox",
];

export function routeClass(pathname: string): RouteClass {
  let path = pathname.toLowerCase();
  try {
    // "/%61dmin" reaches the same route as "/admin": classify what the router will serve.
    path = decodeURIComponent(path);
  } catch {
    return "personal"; // malformed escapes: the strict answer
  }
  path = path.replace(/\/{2,}/g, "/");
  // "/admin" covers "/admin" and "/admin/…", not "/administration".
  if (PERSONAL_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return "personal";
  // The sign-up form: personal data is typed into it and its server action answers with the outcome
  // (name, manage link).
  if (/^\/events\/[^/]+\/register\/?$/.test(path)) return "personal";
  return "public";
}

// Exactly what the route handlers set themselves: the proxy's header is the one the client gets.
export const NO_STORE = "no-store";
export const PUBLIC_PAGE_CACHE = "private, no-cache";

/**
 * Cache-Control for a request. Anything but GET/HEAD is a server action or a form post, whose answer is
 * about the person who sent it: never stored.
 */
export function cacheControlFor(method: string, pathname: string): string {
  if (method !== "GET" && method !== "HEAD") return NO_STORE;
  return routeClass(pathname) === "personal" ? NO_STORE : PUBLIC_PAGE_CACHE;
}
