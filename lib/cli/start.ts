import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { parseEnv, type Env } from "@/lib/config/env-schema";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { checkSmtp, describeMailMode } from "@/lib/mail/transport";
import { describeMailboxAccess, devMailboxOnByDefault } from "@/lib/cli/dev-mailbox";
import {
  DATA_DIR,
  buildIsCurrent,
  ensureDatabase,
  ensurePrismaClient,
  loadDotEnv,
  localSecrets,
  log,
  nextBin,
} from "@/lib/cli/prepare";

// `npm start` / `npm run dev`: one command from a fresh clone to a running app.
// Without DATABASE_URL it runs an embedded PostgreSQL under .data/pg (kept between runs), migrates, seeds the
// demo data on first run, builds when needed, and serves. Bad configuration stops it with one clear message.

type Mode = "start" | "dev";

class StartupError extends Error {}

async function main(mode: Mode): Promise<void> {
  loadDotEnv();
  (process.env as Record<string, string>).NODE_ENV = mode === "start" ? "production" : "development";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  ensurePrismaClient();

  let embedded: EmbeddedServer | undefined;
  const stopEmbedded = async () => {
    const server = embedded;
    embedded = undefined;
    if (server) await server.stop().catch(() => {});
  };

  try {
    const zeroConfig = !process.env.DATABASE_URL?.trim();
    if (zeroConfig) {
      const secrets = localSecrets();
      // Demo mode: no secret to configure; one is made once and kept in .data/secrets.json.
      process.env.AUTH_SECRET ||= secrets.authSecret;
      log("DATABASE_URL is not set: starting the embedded PostgreSQL (data in .data/pg, kept between runs)");
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(DATA_DIR, "pg"),
        password: secrets.embeddedDbPassword,
        log,
      });
      await ensureDatabase(embedded.url("postgres"), "ogaki");
      process.env.DATABASE_URL = embedded.url("ogaki");
    } else if (mode === "dev") {
      process.env.AUTH_SECRET ||= localSecrets().authSecret;
    }
    // Demo and development: staff read their sign-in links in the development mailbox (only without SMTP, only
    // from this machine). Behind a reverse proxy every request comes from the proxy's loopback socket, so there
    // it stays off unless DEV_MAILBOX=true is set (lib/mail/mailbox.ts).
    if (devMailboxOnByDefault({ zeroConfig, dev: mode === "dev", trustProxy: process.env.TRUST_PROXY })) process.env.DEV_MAILBOX ||= "true";

    // Links in mail point at this server unless a public URL is configured.
    process.env.APP_URL ||= `http://localhost:${process.env.PORT || "3000"}`;
    process.env.NEXTAUTH_URL ||= process.env.APP_URL; // next-auth builds its sign-in links from it
    const parsed = parseEnv(process.env);
    if (!parsed.ok) throw new StartupError(parsed.message);
    const env = parsed.env;

    await checkDatabase(env);
    await checkSmtp(env).catch((error: Error) => {
      throw new StartupError(`Configuration error / 設定エラー:\n  SMTP_URL ${error.message}`);
    });
    log(describeMailMode(env));
    const mailboxAccess = describeMailboxAccess(env);
    if (mailboxAccess) log(mailboxAccess);

    const result = await migrate(env.DATABASE_URL, { log });
    log(result.applied.length ? `applied ${result.applied.length} migration(s)` : "database schema is up to date");

    const seedDemo = process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === "true" : zeroConfig;
    if (seedDemo) {
      const { seedDemoData } = await import("@/prisma/seed");
      const { createPrismaClient } = await import("@/lib/db/client");
      const db = createPrismaClient(env.DATABASE_URL, { max: 2 });
      try {
        const { created } = await seedDemoData(db);
        if (created) log("demo data seeded (staff logins are listed in the README)");
      } finally {
        await db.$disconnect();
      }
    }

    if (mode === "start" && !buildIsCurrent()) {
      log("building the app (first run or changed sources; this takes a few minutes)");
      const build = spawnSync(process.execPath, [nextBin(), "build"], { stdio: "inherit", env: process.env });
      if (build.status !== 0) throw new StartupError("next build failed (see above)");
    }

    const port = process.env.PORT || "3000";
    const args = mode === "start" ? ["start", "-p", port] : ["dev", "-p", port];
    log(`serving on http://localhost:${port}`);
    const child = spawn(process.execPath, [nextBin(), ...args], { stdio: "inherit", env: process.env });
    // The mail worker runs beside the web server (in production it can run on its own: `npm run worker`).
    const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/worker.ts"], {
      stdio: "inherit",
      env: process.env,
    });

    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`stopping (${signal})`);
      child.kill(signal);
      worker.kill(signal);
    };
    process.on("SIGINT", () => shutdown("SIGINT"));
    process.on("SIGTERM", () => shutdown("SIGTERM"));
    const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 0)));
    if (worker.exitCode === null) {
      worker.kill("SIGTERM");
      await new Promise((resolve) => worker.once("exit", resolve));
    }
    await stopEmbedded();
    process.exit(stopping ? 0 : code);
  } catch (error) {
    await stopEmbedded();
    if (error instanceof StartupError || (error instanceof Error && error.name === "MigrationError")) {
      process.stderr.write(`\n${error.message}\n\n`);
    } else {
      process.stderr.write(`\nStart-up failed / 起動に失敗しました: ${error instanceof Error ? error.message : String(error)}\n\n`);
    }
    process.exit(1);
  }
}

async function checkDatabase(env: Env): Promise<void> {
  const url = new URL(env.DATABASE_URL);
  const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Configuration error / 設定エラー:\n  DATABASE_URL cannot be reached (${url.hostname}:${url.port || 5432}/${url.pathname.slice(1)}): ${reason}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

const mode = process.argv[2];
if (mode !== "start" && mode !== "dev") {
  process.stderr.write("usage: tsx lib/cli/start.ts start|dev\n");
  process.exit(2);
}
void main(mode);
