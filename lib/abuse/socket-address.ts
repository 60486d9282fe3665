import http, { type IncomingMessage } from "node:http";

// Without a proxy in front (TRUST_PROXY=0), `next start` keeps an X-Forwarded-For sent by the client and only
// fills it with the socket's address when it is missing: a client could name any address and escape per-IP
// limits. Before Next sees a request, this replaces the header with the peer's address (and drops X-Real-IP),
// so lib/abuse/client-ip.ts reads the socket's address. Installed once per process from instrumentation.ts.

const INSTALLED = Symbol.for("ogaki.socketAddressHeader");

type Patchable = typeof http.Server.prototype & { [INSTALLED]?: boolean };

/** X-Forwarded-For becomes the socket's peer address; a client's own forwarding headers are dropped. */
export function applySocketAddress(request: IncomingMessage): void {
  delete request.headers["x-real-ip"];
  const peer = request.socket?.remoteAddress;
  if (peer) request.headers["x-forwarded-for"] = peer;
  else delete request.headers["x-forwarded-for"];
}

/** Patches every http.Server of this process; a no-op when proxies are trusted or when already installed. */
export function installSocketAddressHeader(trustedProxies: number): boolean {
  if (trustedProxies > 0) return false;
  const proto = http.Server.prototype as Patchable;
  if (proto[INSTALLED]) return true;
  const emit = proto.emit;
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && args[0]) applySocketAddress(args[0] as IncomingMessage);
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
  proto[INSTALLED] = true;
  return true;
}

export { trustedProxyCount } from "@/lib/abuse/client-ip";
