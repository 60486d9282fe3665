import { describe, expect, it } from "vitest";
import { clientAddress, limitSubject, normalizeAddress } from "@/lib/abuse/client-ip";
import { trustedProxyCount, applySocketAddress, isLoopbackAddress } from "@/lib/abuse/socket-address";
import type { IncomingMessage } from "node:http";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientAddress: a client cannot choose the address it is limited under", () => {
  it("behind one proxy that appends: the proxy's entry, not what the client put in front of it", () => {
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), 1)).toBe("203.0.113.7");
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.7" }), 1)).toBe("203.0.113.7");
  });

  it("behind two proxies: the address the outer proxy saw", () => {
    expect(clientAddress(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }), 2)).toBe("203.0.113.7");
  });

  it("X-Real-IP is never believed", () => {
    expect(clientAddress(h({ "x-real-ip": "6.6.6.6" }), 0)).toBe("unknown");
    expect(clientAddress(h({ "x-real-ip": "6.6.6.6", "x-forwarded-for": "203.0.113.7" }), 1)).toBe("203.0.113.7");
  });

  it("garbage becomes one shared key, never the client's text", () => {
    expect(clientAddress(h({ "x-forwarded-for": "'; DROP TABLE x; --" }), 0)).toBe("invalid");
    expect(clientAddress(h({ "x-forwarded-for": "a".repeat(5000) }), 0)).toBe("invalid");
  });

  it("canonical forms: ports, brackets, zone ids and IPv4-mapped IPv6", () => {
    expect(normalizeAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
  });

  it("IPv6 is limited per /64", () => {
    expect(limitSubject("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(limitSubject("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(limitSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(limitSubject("::1")).toBe("0:0:0:0::/64");
    expect(limitSubject("203.0.113.7")).toBe("203.0.113.7");
  });
});

describe("socket address (no proxy in front)", () => {
  it("replaces the client's forwarding headers by the socket's peer address", () => {
    const request = { headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" }, socket: { remoteAddress: "198.51.100.3" } };
    applySocketAddress(request as unknown as IncomingMessage);
    expect(request.headers).toEqual({ "x-forwarded-for": "198.51.100.3", "x-ogaki-socket-address": "198.51.100.3" });
    expect(clientAddress(new Headers(request.headers), 0)).toBe("198.51.100.3");
  });

  it("drops the client's forwarded host, proto and port (Next would believe them) and its own socket header", () => {
    const headers = { host: "app.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443", forwarded: "host=evil.example", "x-ogaki-socket-address": "127.0.0.1" };
    const request = { headers, socket: { remoteAddress: "198.51.100.3" } };
    applySocketAddress(request as unknown as IncomingMessage);
    expect(request.headers).toEqual({ host: "app.example", "x-forwarded-for": "198.51.100.3", "x-ogaki-socket-address": "198.51.100.3" });
  });

  it("behind trusted proxies their forwarding headers stay; the socket header is still the server's own", () => {
    const headers = { "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "public.example", "x-ogaki-socket-address": "127.0.0.1" };
    const request = { headers, socket: { remoteAddress: "10.0.0.2" } };
    applySocketAddress(request as unknown as IncomingMessage, 1);
    expect(request.headers).toEqual({ "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "public.example", "x-ogaki-socket-address": "10.0.0.2" });
  });

  it("loopback is 127.0.0.0/8 and ::1, nothing else", () => {
    expect(["127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"].map(isLoopbackAddress)).toEqual([true, true, true, true]);
    expect(["192.0.2.2", "::ffff:192.0.2.2", "fd00::2", "", null, "localhost", "127.0.0.1, 8.8.8.8"].map(isLoopbackAddress)).toEqual([false, false, false, false, false, false, false]);
  });

  it("TRUST_PROXY values", () => {
    expect([undefined, "", "false", "0", "true", "2", "junk"].map(trustedProxyCount)).toEqual([0, 0, 0, 0, 1, 2, 0]);
  });
});
