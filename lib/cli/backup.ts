import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { DATA_DIR, log, withDatabaseUrl } from "@/lib/cli/prepare";

// Backup and restore with PostgreSQL's own tools (custom-format archives: compressed, restorable table by table):
//   npm run db:backup                      → .data/backups/ogaki-<time>.dump
//   npm run db:backup -- <file>
//   npm run db:restore -- <file>           → into DATABASE_URL (or the embedded server), which must be empty
//   npm run db:restore -- <file> --into <postgresql://…/empty-database>
// pg_dump / pg_restore come from the machine (Debian: postgresql-client), of the server's major version or newer.
// The connection goes to them in PG* variables, so no password shows in the process list.

class BackupError extends Error {}

function connectionEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  const params = url.searchParams;
  return {
    ...process.env,
    PGHOST: params.get("host") ?? decodeURIComponent(url.hostname),
    PGPORT: url.port || "5432",
    PGUSER: decodeURIComponent(url.username) || "postgres",
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
    ...(params.get("sslmode") ? { PGSSLMODE: params.get("sslmode")! } : {}),
  };
}

async function withClient<T>(databaseUrl: string, task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

/** The tool, checked to be able to read this server (pg_dump refuses servers newer than itself). */
async function tool(name: "pg_dump" | "pg_restore", databaseUrl: string): Promise<string> {
  const binary = process.env[name === "pg_dump" ? "PG_DUMP" : "PG_RESTORE"] ?? name;
  const probe = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new BackupError(
      `${name} が見つかりません。PostgreSQL のクライアント（Debian: apt-get install postgresql-client）を入れてください。\n` +
        `${name} was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`,
    );
  }
  const toolMajor = Number(/(\d+)(?:\.\d+)?/.exec(probe.stdout)?.[1]);
  const serverMajor = await withClient(databaseUrl, async (c) => Math.floor(Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v) / 10000));
  if (toolMajor < serverMajor) {
    throw new BackupError(
      `${name} ${toolMajor} はサーバー（PostgreSQL ${serverMajor}）より古く使えません。${serverMajor} 以上のクライアントを PATH に置くか、${name === "pg_dump" ? "PG_DUMP" : "PG_RESTORE"} で指定してください。` +
        `組み込みの PostgreSQL なら、アプリを止めて .data/pg をフォルダごとコピーしてもバックアップになります。\n` +
        `${name} ${toolMajor} is older than the server (PostgreSQL ${serverMajor}): put a client of ${serverMajor} or newer on PATH or name it in ${name === "pg_dump" ? "PG_DUMP" : "PG_RESTORE"}. ` +
        `With the embedded server, copying .data/pg while the app is stopped is a backup too.`,
    );
  }
  return binary;
}

function run(binary: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(binary, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new BackupError(`${path.basename(binary)} failed (exit ${result.status ?? result.signal}); see above`);
}

export async function backup(databaseUrl: string, file: string): Promise<void> {
  const binary = await tool("pg_dump", databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  // Custom format; owners and grants left out so the archive restores under any role.
  run(binary, ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`], connectionEnv(databaseUrl));
}

export async function restore(file: string, databaseUrl: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`ファイルがありません / no such file: ${file}`);
  const binary = await tool("pg_restore", databaseUrl);
  const tables = await withClient(databaseUrl, async (c) =>
    Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")).rows[0]!.n),
  );
  if (tables > 0) {
    throw new BackupError(
      `復元先のデータベースは空ではありません（テーブル ${tables} 個）。空のデータベースを作って --into で指定してください。\n` +
        `The target database is not empty (${tables} tables): create an empty database and pass it with --into.`,
    );
  }
  // One transaction: a restore that fails part-way leaves the target as empty as it was.
  run(binary, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${connectionEnv(databaseUrl).PGDATABASE}`, file], connectionEnv(databaseUrl));
}

const [command, ...rest] = process.argv.slice(2);
const intoAt = rest.indexOf("--into");
const into = intoAt >= 0 ? rest[intoAt + 1] : undefined;
const positional = rest.filter((_, i) => intoAt < 0 || (i !== intoAt && i !== intoAt + 1));

try {
  if (command === "backup") {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const file = path.resolve(positional[0] ?? path.join(DATA_DIR, "backups", `ogaki-${stamp}.dump`));
    await withDatabaseUrl((url) => backup(url, file));
    log(`backup written: ${file} (${(statSync(file).size / 1024).toFixed(0)} KiB)`);
  } else if (command === "restore" && positional[0]) {
    const file = path.resolve(positional[0]);
    if (into) await restore(file, into);
    else await withDatabaseUrl((url) => restore(file, url));
    log(`restored ${file}`);
  } else {
    process.stderr.write("usage: npm run db:backup [-- <file>] | npm run db:restore -- <file> [--into <database url>]\n");
    process.exit(2);
  }
} catch (error) {
  process.stderr.write(`${error instanceof BackupError ? error.message : String(error)}\n`);
  process.exit(1);
}
