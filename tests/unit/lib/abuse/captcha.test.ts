import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTurnstileVerifier } from "@/lib/abuse/captcha";

// The production Turnstile verifier pointed at a local server that answers well, badly or not at all.
// Every answer but a 200 with {"success": true} refuses (fails closed), and a slow one is cut off.

type Reply = { status?: number; body?: string; delayMs?: number; contentType?: string };
const replies: Record<string, Reply> = {
  "/ok": { body: JSON.stringify({ success: true }) },
  "/no": { body: JSON.stringify({ success: false, "error-codes": ["invalid-input-response"] }) },
  "/string-true": { body: JSON.stringify({ success: "true" }) },
  "/garbage": { body: "<html>gateway</html>", contentType: "text/html" },
  "/truncated": { body: '{"success": tr' },
  "/empty": { body: "" },
  "/array": { body: "[true]" },
  "/error": { status: 500, body: JSON.stringify({ success: true }) },
  "/redirect": { status: 302, body: "" },
  "/slow": { delayMs: 3_000, body: JSON.stringify({ success: true }) },
};

let server: Server;
let base: string;
const received: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(new URLSearchParams(body));
      const reply = replies[req.url ?? ""] ?? { status: 404, body: "" };
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "application/json", ...(reply.status === 302 ? { location: "/ok" } : {}) });
        res.end(reply.body);
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(4532, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const verifier = (path: string, timeoutMs = 500) => createTurnstileVerifier({ secret: "secret-key", timeoutMs, endpoint: `${base}${path}` });

describe("Turnstile verifier (real HTTP, local server)", () => {
  it("accepts only a 200 with success: true, and sends the secret, the token and the client address", async () => {
    expect(await verifier("/ok").verify("token-1", "203.0.113.7")).toBe(true);
    const sent = received.at(-1)!;
    expect(Object.fromEntries(sent)).toEqual({ secret: "secret-key", response: "token-1", remoteip: "203.0.113.7" });
  });

  for (const path of ["/no", "/string-true", "/garbage", "/truncated", "/empty", "/array", "/error", "/redirect", "/missing"]) {
    it(`refuses ${path}`, async () => {
      expect(await verifier(path).verify("token", "203.0.113.7")).toBe(false);
    });
  }

  it("refuses a slow answer after its timeout, not after the server's delay", async () => {
    const started = Date.now();
    expect(await verifier("/slow", 300).verify("token", "203.0.113.7")).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses when nothing listens (connection refused)", async () => {
    const closed = createTurnstileVerifier({ secret: "s", timeoutMs: 500, endpoint: "http://127.0.0.1:4533/siteverify" });
    expect(await closed.verify("token", "203.0.113.7")).toBe(false);
  });

  it("does not send an address that is not one", async () => {
    await verifier("/ok").verify("token-2", "invalid");
    expect(received.at(-1)!.has("remoteip")).toBe(false);
  });
});
