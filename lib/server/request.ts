import "server-only";
import { clientAddress, trustedProxyCount } from "@/lib/abuse/client-ip";

/**
 * The client's address for rate limits and audit records. Only what the app's own proxies (TRUST_PROXY) or,
 * without one, the socket (lib/abuse/socket-address.ts) wrote is believed: a client cannot pick the address
 * it is limited under by sending its own X-Forwarded-For (lib/abuse/client-ip.ts).
 */
export function clientIp(headers: Headers): string {
  return clientAddress(headers, trustedProxyCount(process.env.TRUST_PROXY));
}
