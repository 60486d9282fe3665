import http from "node:http";

// The sign-up API as its own process, for the crash and double-submit tests: the real route handler
// (app/api/events/[slug]/registrations/route.ts → signUp → registerForEvent, with the app's own db client and
// env) served over node:http, so a test can SIGKILL it mid-request exactly as a crashed `next start` would die.
// It stands in for `next start` because a production build is shared with the e2e harness and benchmark
// (flock /tmp/e2e.lock, up to an hour) and the crash semantics live in the handler and the database, not in
// Next's HTTP layer. Run: node --conditions=react-server --import tsx tests/support/crash/app-server.ts <port>

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
const { POST } = await import("@/app/api/events/[slug]/registrations/route");

const ROUTE = /^\/api\/events\/([^/]+)\/registrations$/;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    void (async () => {
      const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
      const match = ROUTE.exec(url.pathname);
      if (url.pathname === "/health") {
        res.writeHead(200).end("ok");
        return;
      }
      if (!match || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const request = new Request(url, { method: "POST", headers, body: Buffer.concat(chunks) });
      const response = await POST(request, { params: Promise.resolve({ slug: decodeURIComponent(match[1]!) }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      console.error("app-server: request failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
});

server.keepAliveTimeout = 1000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : port}\n`);
});
