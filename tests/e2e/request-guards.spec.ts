import { execFileSync } from "node:child_process";
import http from "node:http";
import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";
import { createMailTransport } from "@/lib/mail/transport";
import { currentRun } from "./support/run";

// What an attacker sends at the HTTP level, against the production server the e2e harness runs:
// - the development mailbox (sign-in links of every staff member, no sign-in) answers only a loopback socket,
//   whatever forwarding headers say; testers elsewhere get a link from `npm run mail:link -- <address>`;
// - without a trusted proxy (TRUST_PROXY=0) a forged X-Forwarded-Host does not make a foreign Origin pass the
//   server-action check;
// - a path with a broken percent-escape gets a 400 page with the security headers, whatever TRUST_PROXY is.
// The `mailbox` instance runs without SMTP and with TRUST_PROXY=0 (a demo reached directly); `app` with
// TRUST_PROXY=1.

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request with exactly this path and these headers (no client-side normalisation of the URL). */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? "GET", headers: options.headers, localAddress: options.localAddress },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/**
 * An address of this machine that is not loopback, or null. The test connects FROM it TO the loopback address
 * (the socket's source is what the server sees), so no traffic is sent to any address but 127.0.0.1.
 */
function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return null;
}

const SPOOFED_LOCAL: Record<string, string>[] = [
  {},
  { "x-forwarded-for": "127.0.0.1" },
  { "x-real-ip": "127.0.0.1", forwarded: "for=127.0.0.1" },
  { "x-ogaki-socket-address": "127.0.0.1" },
  { "x-forwarded-for": "127.0.0.1", "x-forwarded-host": "localhost", host: "localhost" },
];

test.describe("development mailbox", () => {
  const lan = lanAddress();
  let mailId = "";

  test.beforeAll(async () => {
    const { mailbox } = currentRun();
    const transport = createMailTransport({ SMTP_URL: undefined, MAIL_DIR: mailbox.mailDir, MAIL_FROM: "test@example.jp" });
    const sent = await transport.send({ to: "guard@example.com", subject: "【大垣とつながる】ループバック確認", text: "本文" });
    mailId = sent.stored ?? "";
    expect(mailId).not.toBe("");
  });

  test("answers a loopback socket", async () => {
    const { mailbox } = currentRun();
    const list = await raw(mailbox.baseUrl, "/dev/mailbox");
    expect(list.status).toBe(200);
    expect(list.body).toContain("【大垣とつながる】ループバック確認");
    expect((await raw(mailbox.baseUrl, `/dev/mailbox/${mailId}`)).status).toBe(200);
    expect((await raw(mailbox.baseUrl, "/admin/signin/check-email")).body).toContain('href="/dev/mailbox"');
  });

  test("is not there for a socket from the network, whatever the forwarding headers say", async () => {
    test.skip(lan === null, "this machine has no non-loopback IPv4 address");
    const { mailbox } = currentRun();
    const fromNetwork = { localAddress: lan ?? undefined };
    for (const headers of SPOOFED_LOCAL) {
      for (const path of ["/dev/mailbox", `/dev/mailbox/${mailId}`]) {
        const answer = await raw(mailbox.baseUrl, path, { headers, ...fromNetwork });
        expect(answer.status, `${path} with ${JSON.stringify(headers)}`).toBe(404);
        expect(answer.body).not.toContain("ループバック確認");
        expect(answer.body).not.toContain("guard@example.com");
      }
    }
    // The sign-in page does not point a remote visitor at it either.
    const checkEmail = await raw(mailbox.baseUrl, "/admin/signin/check-email", fromNetwork);
    expect(checkEmail.status).toBe(200);
    expect(checkEmail.body).not.toContain('href="/dev/mailbox"');
  });

  test("`npm run mail:link -- <address>` prints the latest sign-in link, which signs in", async ({ page }) => {
    const { mailbox } = currentRun();
    await page.goto(`${mailbox.baseUrl}/admin/signin`);
    await page.getByLabel("メールアドレス").fill("organizer@wdl.example");
    await page.getByRole("button", { name: "サインインリンクを送る" }).click();
    await expect(page).toHaveURL(/check-email/);
    let link = "";
    await expect(async () => {
      link = execFileSync("npm", ["run", "--silent", "mail:link", "--", "Organizer@WDL.example"], {
        env: { ...process.env, MAIL_DIR: mailbox.mailDir, SMTP_URL: "" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }).trim();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/auth\/callback\/email\?\S+token=/);
    }).toPass({ timeout: 20_000 });
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "イベント" })).toBeVisible();
    // An address with no link: one clear sentence, exit code 1.
    let failed: { status?: number; stderr?: string } = {};
    try {
      execFileSync("npm", ["run", "--silent", "mail:link", "--", "nobody@example.com"], {
        env: { ...process.env, MAIL_DIR: mailbox.mailDir, SMTP_URL: "" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      failed = error as { status?: number; stderr?: string };
    }
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("No sign-in link for nobody@example.com");
  });
});

test.describe("server-action origin check", () => {
  const forged = { origin: "http://evil.example", "x-forwarded-host": "evil.example", "next-action": "7f0000000000000000000000000000000000000000", "content-type": "text/plain;charset=UTF-8" };

  test("without a trusted proxy, a forged X-Forwarded-Host does not make a foreign Origin pass", async () => {
    const { mailbox } = currentRun();
    const answer = await raw(mailbox.baseUrl, "/admin/signin", { method: "POST", headers: { ...forged, "content-length": "2" }, body: "[]" });
    expect(answer.status).toBe(403);
  });

  test("behind a trusted proxy (TRUST_PROXY=1) the forwarded host is the one compared (control)", async () => {
    const { app } = currentRun();
    const answer = await raw(app.baseUrl, "/admin/signin", { method: "POST", headers: { ...forged, "content-length": "2" }, body: "[]" });
    expect(answer.status).not.toBe(403);
  });
});

test.describe("malformed URL", () => {
  for (const instance of ["app", "mailbox"] as const) {
    test(`answers 400 with a page and the security headers (${instance === "app" ? "TRUST_PROXY=1" : "TRUST_PROXY=0"})`, async () => {
      const base = currentRun()[instance].baseUrl;
      for (const path of ["/events/%E0%A4%A", "/%", "/admin/%E0%A4%A?x=1"]) {
        const answer = await raw(base, path);
        expect(answer.status, path).toBe(400);
        expect(answer.headers["content-type"]).toMatch(/^text\/html/);
        expect(answer.body).toContain("アドレスが正しくありません");
        expect(answer.body).toContain("This address is not valid");
        expect(answer.headers["x-content-type-options"]).toBe("nosniff");
        expect(answer.headers["x-frame-options"]).toBe("DENY");
        expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
        expect(answer.headers["permissions-policy"]).toContain("camera=(self)");
        expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
        expect(answer.headers["cache-control"]).toBe("no-store");
      }
    });
  }
});
