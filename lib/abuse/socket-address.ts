import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { normalizeAddress } from "@/lib/abuse/client-ip";
import { refuseMalformedUrl } from "@/lib/server/malformed-url";

// Without a proxy in front (TRUST_PROXY=0), `next start` keeps an X-Forwarded-For sent by the client and only
// fills it with the socket's address when it is missing: a client could name any address and escape per-IP
// limits. Before Next sees a request, this replaces the header with the peer's address (and drops X-Real-IP),
// so lib/abuse/client-ip.ts reads the socket's address. It also drops the client's X-Forwarded-Host/-Proto/
// -Port and Forwarded: Next itself would believe them (its own server-action origin check reads
// X-Forwarded-Host), and without a proxy they are only what the client chose to send.
// Whatever TRUST_PROXY is, the peer's address is also put in SOCKET_ADDRESS_HEADER (a client's own header of
// that name is replaced) for what must know the socket itself (the development mailbox, lib/mail/mailbox.ts),
// and a request whose path cannot be decoded gets its 400 here (lib/server/malformed-url.ts).
// Installed once per process from instrumentation.ts.

const INSTALLED = Symbol.for("ogaki.socketAddressHeader");
export const SOCKET_ADDRESS_HEADER = "x-ogaki-socket-address";

type Patchable = typeof http.Server.prototype & { [INSTALLED]?: boolean };

/** Our socket header always; without trusted proxies, X-Forwarded-For becomes the peer and the client's forwarding headers go. */
export function applySocketAddress(request: IncomingMessage, trustedProxies = 0): void {
  const peer = request.socket?.remoteAddress;
  if (peer) request.headers[SOCKET_ADDRESS_HEADER] = peer;
  else delete request.headers[SOCKET_ADDRESS_HEADER];
  if (trustedProxies > 0) return;
  for (const name of ["x-real-ip", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"]) delete request.headers[name];
  if (peer) request.headers["x-forwarded-for"] = peer;
  else delete request.headers["x-forwarded-for"];
}

/** Patches every http.Server of this process once (later calls change nothing). */
export function installSocketAddressHeader(trustedProxies: number): boolean {
  const proto = http.Server.prototype as Patchable;
  if (proto[INSTALLED]) return true;
  const emit = proto.emit;
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && args[0]) {
      applySocketAddress(args[0] as IncomingMessage, trustedProxies);
      if (args[1] && refuseMalformedUrl(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
  proto[INSTALLED] = true;
  return true;
}

/** True once installSocketAddressHeader ran in this process: only then is SOCKET_ADDRESS_HEADER the server's own. */
export function socketAddressHeaderInstalled(): boolean {
  return (http.Server.prototype as Patchable)[INSTALLED] === true;
}

/** 127.0.0.0/8 and ::1 (also as IPv4-mapped IPv6). */
export function isLoopbackAddress(raw: string | null | undefined): boolean {
  const address = normalizeAddress(raw ?? "");
  return isIP(address) === 4 ? address.startsWith("127.") : address === "::1";
}

export { trustedProxyCount } from "@/lib/abuse/client-ip";
