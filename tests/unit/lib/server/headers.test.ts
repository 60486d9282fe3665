import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  HSTS_VALUE,
  NO_STORE,
  PUBLIC_PAGE_CACHE,
  STATIC_SECURITY_HEADERS,
  cacheControlFor,
  contentSecurityPolicy,
  createNonce,
  routeClass,
  strictTransportSecurity,
} from "@/lib/server/headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only by this response's nonce, with no inline or eval in production", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("adds 'unsafe-eval' only for next dev, and upgrade-insecure-requests only over https", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ nonce: "n", https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows frames and scripts from Turnstile's origin only when the CAPTCHA is configured", () => {
    const off = directives(contentSecurityPolicy({ nonce: "n" }));
    expect(off.get("frame-src")).toEqual(["'none'"]);
    expect(off.get("script-src")).not.toContain("https://challenges.cloudflare.com");
    const on = directives(contentSecurityPolicy({ nonce: "n", turnstile: true }));
    expect(on.get("frame-src")).toEqual(["https://challenges.cloudflare.com"]);
    expect(on.get("script-src")).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "https://challenges.cloudflare.com"]);
  });
});

describe("createNonce", () => {
  it("is 128 random bits, base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("strictTransportSecurity", () => {
  it("is sent only by production servers with an https public URL", () => {
    expect(strictTransportSecurity("production", "https://events.example.jp")).toBe(HSTS_VALUE);
    expect(HSTS_VALUE).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity("production", "http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity("production", undefined)).toBeNull();
    expect(strictTransportSecurity("development", "https://events.example.jp")).toBeNull();
    expect(strictTransportSecurity("test", "https://events.example.jp")).toBeNull();
  });
});

describe("routeClass and cacheControlFor", () => {
  const personal = [
    "/manage/tok",
    "/manage/tok/cancel",
    "/me/tok",
    "/survey/tok",
    "/unsubscribe/tok",
    "/admin",
    "/admin/signin",
    "/admin/events/1/registrations",
    "/admin/participants/1",
    "/api/admin/events/1/export",
    "/api/admin/insights/export",
    "/api/auth/session",
    "/api/auth/callback/email",
    "/api/unsubscribe/tok",
    "/dev/mailbox",
    "/dev/mailbox/1",
    "/events/some-slug/register",
    "/%61dmin/audit", // the router serves /admin/audit
    "//admin",
    "/ADMIN/staff",
    "/manage/%E0%A4%A", // malformed escape: strict
  ];
  const publicPages = ["/", "/events", "/events/some-slug", "/administration", "/media", "/events/register"];

  it.each(personal)("%s is personal: no-store", (path) => {
    expect(routeClass(path)).toBe("personal");
    expect(cacheControlFor("GET", path)).toBe(NO_STORE);
    expect(NO_STORE).toMatch(/\bno-store\b/);
  });

  it.each(publicPages)("%s is public: browsers may keep it, shared caches may not", (path) => {
    expect(routeClass(path)).toBe("public");
    expect(cacheControlFor("GET", path)).toBe(PUBLIC_PAGE_CACHE);
    expect(PUBLIC_PAGE_CACHE).not.toMatch(/no-store/);
    expect(PUBLIC_PAGE_CACHE).toMatch(/\bprivate\b/);
  });

  it("never stores the answer to a POST (server actions answer about the person who sent them)", () => {
    expect(cacheControlFor("POST", "/events/some-slug")).toBe(NO_STORE);
    expect(NO_STORE).toBe("no-store");
    expect(cacheControlFor("POST", "/")).toBe(NO_STORE);
    expect(cacheControlFor("HEAD", "/events")).toBe(PUBLIC_PAGE_CACHE);
  });
});

describe("proxy", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function loadProxy(env: Record<string, string>) {
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    vi.resetModules();
    return (await import("@/proxy")).proxy;
  }

  it("hands the page the nonce it puts in the policy, and sets the route's Cache-Control", async () => {
    const proxy = await loadProxy({ NODE_ENV: "production", APP_URL: "http://localhost:3000" });
    const response = proxy(new NextRequest("http://localhost:3000/manage/tok"));
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    // NextResponse.next({ request: { headers } }) forwards request headers as x-middleware-request-*.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(response.headers.get("cache-control")).toBe(NO_STORE);
    expect(response.headers.get("strict-transport-security")).toBeNull();

    const other = proxy(new NextRequest("http://localhost:3000/events/x"));
    expect(other.headers.get("content-security-policy")).not.toBe(csp);
    expect(other.headers.get("cache-control")).toBe(PUBLIC_PAGE_CACHE);
  });

  it("sends HSTS in production behind an https URL", async () => {
    const proxy = await loadProxy({ NODE_ENV: "production", APP_URL: "https://events.example.jp" });
    const response = proxy(new NextRequest("https://events.example.jp/"));
    expect(response.headers.get("strict-transport-security")).toBe(HSTS_VALUE);
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("drops the Pages Router prefetch header, which would answer an empty 200 instead of the page", async () => {
    const proxy = await loadProxy({ NODE_ENV: "production", APP_URL: "http://localhost:3000" });
    const response = proxy(new NextRequest("http://localhost:3000/admin", { headers: { "x-middleware-prefetch": "1" } }));
    const forwarded = response.headers.get("x-middleware-override-headers")!.split(",");
    expect(forwarded).toContain("x-nonce");
    expect(forwarded).not.toContain("x-middleware-prefetch");
  });

  it("answers a forged server-action request itself (lib/server/action-request.ts), before Next reads it", async () => {
    const proxy = await loadProxy({ NODE_ENV: "production", APP_URL: "http://localhost:3000" });
    const forged = proxy(
      new NextRequest("http://localhost:3000/events/x/register", {
        method: "POST",
        headers: { "next-action": "40abc", origin: "https://evil.example", host: "localhost:3000", "content-length": "10" },
      }),
    );
    expect(forged.status).toBe(403);
    expect(forged.headers.get("x-middleware-next")).toBeNull();
  });

  it("a client cannot choose the nonce by sending its own policy header", async () => {
    const proxy = await loadProxy({ NODE_ENV: "production", APP_URL: "http://localhost:3000" });
    const request = new NextRequest("http://localhost:3000/", {
      headers: { "content-security-policy": "script-src 'nonce-attacker'", "x-nonce": "attacker" },
    });
    const response = proxy(request);
    expect(response.headers.get("x-middleware-request-content-security-policy")).not.toContain("attacker");
    expect(response.headers.get("x-middleware-request-x-nonce")).not.toBe("attacker");
  });
});

describe("STATIC_SECURITY_HEADERS", () => {
  it("are the headers next.config.ts gives every response (the malformed-URL answer sends them itself)", async () => {
    const { default: config } = await import("@/next.config");
    const rules = await config.headers!();
    expect(rules).toEqual([{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }]);
  });
});
