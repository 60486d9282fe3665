import { isIP } from "node:net";

// Which address a request came from, for per-IP limits. Only the addresses added by proxies we run can be
// believed: anything further left in X-Forwarded-For (and X-Real-IP, and the header itself when no proxy is
// in front) is whatever the client chose to send, and a limit keyed on it is bypassed by changing it.
//
// TRUST_PROXY is the number of reverse proxies in front of the app that append to X-Forwarded-For (0: the
// app is reached directly). With N proxies the client is the N-th address from the right: the one the outermost
// proxy saw. With none, the header is replaced by the socket's address before Next sees it
// (lib/abuse/socket-address.ts), so the same rule (rightmost entry) gives the peer's address.

/** The client address as the trusted proxies (or the socket) saw it; "unknown" when there is none. */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  // Fewer hops than proxies: a proxy in the chain did not append (misconfiguration); the leftmost is the best
  // guess and still one the nearest proxy wrote, not one the client added after it.
  const index = Math.max(0, hops.length - Math.max(1, trustedProxies));
  return normalizeAddress(hops[index]!);
}

/**
 * One address in a canonical form: without a port or zone, IPv4-mapped IPv6 as IPv4, lower case. Anything that
 * is not an address (a proxy's "unknown", garbage) becomes "invalid": one shared key, never the client's text.
 */
export function normalizeAddress(raw: string): string {
  let address = raw.trim();
  // "[2001:db8::1]:443" and "203.0.113.7:51234" (some proxies add the port).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "").toLowerCase(); // zone id
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address : "invalid";
}

/**
 * The key an address is limited under: an IPv4 address itself, an IPv6 address by its /64 (one customer's
 * network; a host there may use any address inside it, so a per-address limit would not hold).
 */
export function limitSubject(address: string): string {
  return isIP(address) === 6 ? `${ipv6Prefix64(address)}::/64` : address;
}

function ipv6Prefix64(address: string): string {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  // An embedded IPv4 tail ("::1.2.3.4") takes two groups; only the first four groups matter here anyway.
  const rightGroups = right.flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const missing = 8 - left.length - rightGroups.length;
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, missing)).fill("0"), ...rightGroups];
  return groups
    .slice(0, 4)
    .map((group) => (parseInt(group || "0", 16) || 0).toString(16))
    .join(":");
}

/** TRUST_PROXY as a number of proxies: "true" is one, "false"/unset is none (lib/config/env-schema.ts checks it at start). */
export function trustedProxyCount(value: string | undefined): number {
  const text = value?.trim().toLowerCase() ?? "";
  if (text === "" || text === "false") return 0;
  if (text === "true") return 1;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
