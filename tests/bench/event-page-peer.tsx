import { createServer } from "node:http";
import { register } from "node:module";
import type { AddressInfo } from "node:net";

// The event-page benchmark's peer (tests/bench/event-page.ts starts it as a child process): a bare `node:http`
// server that answers `GET /events/<slug>` with the event page rendered by `react-dom/server` alone, from the
// same query the app runs (getPublicEvent of lib/events/data.ts, the same Prisma client and pool size).
//
// It runs in its own process because the benchmark harness runs under the `react-server` condition, where
// `react-dom/server` does not exist. Outside that condition the `server-only` marker package throws on import,
// so it is resolved to an empty module here (as vitest.config.ts does for the integration tests): the data
// module itself is used unchanged. NODE_ENV is production, as under `next start`.

register(
  `data:text/javascript,${encodeURIComponent(
    `export async function resolve(specifier, context, next) {
       return specifier === "server-only" ? { url: "data:text/javascript,export {}", shortCircuit: true } : next(specifier, context);
     }`,
  )}`,
);

const { renderToString } = await import("react-dom/server");
const { EventDocument } = await import("./event-page-document");
const { getPublicEvent } = await import("@/lib/events/data");
const { loadMessages } = await import("@/lib/i18n/messages");
const { isLocale, defaultLocale, LOCALE_COOKIE } = await import("@/lib/i18n/config");

const messages = { ja: await loadMessages("ja"), en: await loadMessages("en") };
const appUrl = process.env.APP_URL ?? "http://localhost:3000";
// Where a request's time goes, for the benchmark's explanation of a missed target.
const stats = { requests: 0, dataMs: 0, renderMs: 0 };

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/health") {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats));
    return;
  }
  const match = /^\/events\/([^/]+)$/.exec(url.pathname);
  if (request.method !== "GET" || !match) {
    response.writeHead(404).end();
    return;
  }
  const cookie = /(?:^|;\s*)([^=;]+)=([^;]*)/g;
  let locale = defaultLocale;
  for (const [, name, value] of (request.headers.cookie ?? "").matchAll(cookie)) {
    if (name === LOCALE_COOKIE && isLocale(value)) locale = value;
  }
  const started = performance.now();
  getPublicEvent(decodeURIComponent(match[1]!)).then(
    (event) => {
      const queried = performance.now();
      if (!event) {
        response.writeHead(404).end();
        return;
      }
      const html = `<!DOCTYPE html>${renderToString(
        <EventDocument event={event} locale={locale} messages={messages[locale]} now={new Date()} appUrl={appUrl} />,
      )}`;
      stats.requests++;
      stats.dataMs += queried - started;
      stats.renderMs += performance.now() - queried;
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    },
    (error: unknown) => {
      console.error(error);
      response.writeHead(500).end();
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PEER_PORT ?? 0), "127.0.0.1", () => {
  // The parent reads the port from this line.
  console.log(`peer listening on ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
