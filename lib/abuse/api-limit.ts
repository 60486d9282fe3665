import "server-only";
import { tooManyRequests } from "@/lib/abuse/responses";
import { apiRule, consumeLimits, type ApiAccess } from "@/lib/rate-limit/limits";
import { clientIp } from "@/lib/server/request";

/**
 * The JSON API's per-IP budget (RATE_LIMIT_API_READS_PER_MINUTE / _WRITES_): null to go on, or the 429 to send.
 * Reads and writes are counted apart, so a partner's site polling seats does not use up its sign-ups.
 */
export async function limitApiRequest(request: Request, access: ApiAccess): Promise<Response | null> {
  const check = await consumeLimits([apiRule(clientIp(request.headers), access)]);
  return check.limited ? tooManyRequests(check.retryAfterSeconds) : null;
}
