import "server-only";

/**
 * The client's address for rate limits: the first X-Forwarded-For hop (set by the load balancer in front),
 * else X-Real-IP. Without a proxy in front these headers come from the client itself; limits then only
 * slow down honest clients, they are not a security boundary.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}
