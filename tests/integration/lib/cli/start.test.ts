import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { databaseUrl } from "../../../support/databases";

// Bad configuration stops `npm start` with one clear message naming the variable, not a stack trace.

function runLauncher(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts", "start"], {
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 1;
      server.close(() => resolve(port));
    });
  });
}

const secret = "s".repeat(40);
const expectCleanFailure = (result: { code: number | null; stderr: string }, pattern: RegExp) => {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
};

describe("npm start with bad configuration", () => {
  it("names a malformed DATABASE_URL", async () => {
    expectCleanFailure(await runLauncher({ DATABASE_URL: "localhost/ogaki", AUTH_SECRET: secret }), /DATABASE_URL must be a URL like postgresql:\/\//);
  });

  it("names an unreachable DATABASE_URL", async () => {
    const port = await closedPort();
    expectCleanFailure(
      await runLauncher({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/ogaki`, AUTH_SECRET: secret }),
      new RegExp(`DATABASE_URL cannot be reached \\(127\\.0\\.0\\.1:${port}/ogaki\\)`),
    );
  });

  it("names a missing AUTH_SECRET in production", async () => {
    const url = databaseUrl(inject("serverUrl"), inject("templateDb"));
    expectCleanFailure(await runLauncher({ DATABASE_URL: url }), /AUTH_SECRET is required in production/);
  });

  it("names an unreachable SMTP server", async () => {
    const url = databaseUrl(inject("serverUrl"), inject("templateDb"));
    const port = await closedPort();
    expectCleanFailure(
      await runLauncher({ DATABASE_URL: url, AUTH_SECRET: secret, SMTP_URL: `smtp://127.0.0.1:${port}` }),
      new RegExp(`SMTP_URL cannot be used \\(127\\.0\\.0\\.1:${port}\\)`),
    );
  });
});
