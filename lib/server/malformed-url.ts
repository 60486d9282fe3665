import type { IncomingMessage, ServerResponse } from "node:http";
import { contentSecurityPolicy, createNonce, NO_STORE, STATIC_SECURITY_HEADERS, strictTransportSecurity } from "@/lib/server/headers";

// A path with a broken percent-escape ("/events/%E0%A4%A") makes Next's router throw before proxy.ts runs: a
// bare 500 without the security headers. Such a request is answered here instead (from the request hook in
// lib/abuse/socket-address.ts, whatever TRUST_PROXY is): 400, a short page in both languages, and the
// headers every other response carries.

/** Whether the path (not the query: Next parses that leniently) decodes. */
export function pathDecodes(url: string | undefined): boolean {
  const path = (url ?? "/").split(/[?#]/, 1)[0] ?? "";
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function badRequestPage(nonce: string): string {
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>400 不正なアドレスです / Bad request</title>
<style nonce="${nonce}">body{font-family:system-ui,"Noto Sans CJK JP",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}a{color:#0b57d0}</style>
</head>
<body>
<main>
<h1>アドレスが正しくありません</h1>
<p>URL に読み取れない文字が含まれています。リンクをもう一度確認するか、<a href="/">トップページ</a>からお進みください。</p>
<h2 lang="en">This address is not valid</h2>
<p lang="en">The URL contains characters that cannot be read. Check the link, or continue from the <a href="/">home page</a>.</p>
</main>
</body>
</html>
`;
}

/** Answers a request whose path does not decode with 400; true when it did (the request is then finished). */
export function refuseMalformedUrl(request: IncomingMessage, response: ServerResponse): boolean {
  if (pathDecodes(request.url)) return false;
  const nonce = createNonce();
  const body = request.method === "HEAD" ? "" : badRequestPage(nonce);
  const https = strictTransportSecurity(process.env.NODE_ENV, process.env.APP_URL);
  response.statusCode = 400;
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.setHeader(key, value);
  response.setHeader("Content-Security-Policy", contentSecurityPolicy({ nonce, https: https !== null }));
  if (https) response.setHeader("Strict-Transport-Security", https);
  response.setHeader("Cache-Control", NO_STORE);
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("Content-Length", Buffer.byteLength(badRequestPage(nonce)));
  response.end(body);
  return true;
}
