import type { SignupInput } from "@/lib/registrations/schema";

// Calls route handlers the way Next does: a Request and a promised params object.

export type RouteContext = { params: Promise<{ slug: string }> };
export type Handler = (request: Request, context: RouteContext) => Promise<Response>;

export const context = (slug: string): RouteContext => ({ params: Promise.resolve({ slug }) });

let ipCounter = 0;
/** A fresh client address, so per-IP limits of one test never touch another. */
export function nextIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export function postSignup(
  POST: Handler,
  slug: string,
  body: SignupInput | Record<string, unknown> | string,
  options: { ip?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return POST(
    new Request(`http://localhost/api/events/${slug}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": options.ip ?? nextIp(), ...options.headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    context(slug),
  );
}
