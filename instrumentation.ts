// Runs once when the server starts (Next's instrumentation hook), before it serves pages.

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before Next sees a request: per-IP limits must not believe a client's own X-Forwarded-For (nor Next its
  // X-Forwarded-Host) when no proxy is in front (TRUST_PROXY=0); the socket's own address is recorded for the
  // development mailbox (loopback only); a path that does not decode gets a 400 page with the usual headers.
  const { installSocketAddressHeader, trustedProxyCount } = await import("@/lib/abuse/socket-address");
  installSocketAddressHeader(trustedProxyCount(process.env.TRUST_PROXY));
  // Errors and warnings that Next or a library logs (an SMTP server's refusal, a database error quoting a row)
  // can carry an email address; the server's log never does (lib/server/personal-data.ts).
  const { redactConsole } = await import("@/lib/server/personal-data");
  redactConsole(console);
}
