import { describe, expect, it } from "vitest";
import { refuseActionRequest } from "@/lib/server/action-request";

const action = (headers: Record<string, string>, method = "POST", trustedProxies = 0) =>
  refuseActionRequest(new Request("http://app.example/admin", { method, headers: { "next-action": "40abc", host: "app.example", ...headers } }), trustedProxies);

describe("refuseActionRequest", () => {
  it("lets a same-origin action of a sane size through, and anything that is not an action", () => {
    expect(action({ origin: "http://app.example", "content-length": "120" })).toBeNull();
    expect(refuseActionRequest(new Request("http://app.example/admin"), 0)).toBeNull();
    expect(refuseActionRequest(new Request("http://app.example/api/x", { method: "POST", headers: { "content-length": "9999999" } }), 0)).toBeNull();
  });
  it("403 for a foreign, null or missing Origin", () => {
    expect(action({ origin: "https://evil.example", "content-length": "10" })?.status).toBe(403);
    expect(action({ origin: "null", "content-length": "10" })?.status).toBe(403);
    expect(action({ "content-length": "10" })?.status).toBe(403);
  });
  it("without a trusted proxy (TRUST_PROXY=0) the client's X-Forwarded-Host changes nothing", () => {
    // The forged pair: an Origin and an X-Forwarded-Host that agree with each other but not with Host.
    expect(action({ origin: "https://evil.example", "x-forwarded-host": "evil.example", "content-length": "10" })?.status).toBe(403);
    expect(action({ origin: "http://app.example", "x-forwarded-host": "other.example", "content-length": "10" })).toBeNull();
  });
  it("behind a trusted proxy the host is the one it forwards", () => {
    expect(action({ origin: "https://public.example", "x-forwarded-host": "public.example", "content-length": "10" }, "POST", 1)).toBeNull();
    expect(action({ origin: "http://app.example", "x-forwarded-host": "public.example", "content-length": "10" }, "POST", 1)?.status).toBe(403);
  });
  it("411 without a length, 413 over 1 MB", () => {
    expect(action({ origin: "http://app.example" })?.status).toBe(411);
    expect(action({ origin: "http://app.example", "content-length": String(5 * 1024 * 1024) })?.status).toBe(413);
    expect(action({ origin: "http://app.example", "content-length": "1e9" })?.status).toBe(413);
  });
});
