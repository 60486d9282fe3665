import PgBoss from "pg-boss";
import { parseEnv } from "@/lib/config/env-schema";
import { OutboxSender, senderOptionsFromEnv } from "@/lib/mail/outbox/worker";
import { createMailTransport } from "@/lib/mail/transport";
import { SCHEDULED_JOBS } from "@/lib/jobs/schedule";
import { redactEmails } from "@/lib/server/personal-data";

// `npm run worker` (and started by `npm start` / `npm run dev`): sends outbox mail, and runs the scheduled jobs
// (reminders, surveys, scheduled campaigns, waitlist offers, clean-up) through pg-boss. Safe to run as several
// processes: outbox claims use SKIP LOCKED and are fenced, pg-boss runs each scheduled job once per tick across
// all of them, every job is idempotent, and every seat change takes the event lock.
// Runs with --conditions=react-server, so the app's server-only modules load as they do inside Next.

const POLL_MS = 500;
const FINISH_EVERY_MS = 3_000;

const parsed = parseEnv(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(1);
}
const env = parsed.env;

let workerId = "";
// Log lines name records by id; error text from SMTP servers and libraries can quote an address, so it is
// redacted before it reaches the log (lib/server/personal-data.ts).
const log = (line: string) => process.stdout.write(`[worker ${workerId}] ${redactEmails(line)}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const transport = createMailTransport(env);
const sender = new OutboxSender(transport, senderOptionsFromEnv(env, log));
workerId = sender.workerId;
await sender.start();

const boss = new PgBoss({ connectionString: env.DATABASE_URL, schema: "pgboss", application_name: `pg-boss ${workerId}` });
boss.on("error", (error: Error) => log(`pg-boss: ${message(error)}`));
await boss.start();
for (const job of SCHEDULED_JOBS) {
  await boss.createQueue(job.name);
  await boss.schedule(job.name, job.cron, {}, { tz: "Asia/Tokyo" });
  await boss.work(job.name, { pollingIntervalSeconds: 2 }, async () => {
    const done = await job.run(new Date());
    if (done) log(`${job.name}: ${done}`);
  });
  // Catch up at start rather than at the next tick (a restarted worker sends what fell due meanwhile).
  await boss.send(job.name, {}, { singletonKey: "start", singletonSeconds: 30 });
}

let stopping = false;
const stop = () => {
  stopping = true;
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const finishJob = SCHEDULED_JOBS.find((job) => job.name === "campaigns");
let lastFinish = 0;
log(`started (${env.SMTP_URL ? "SMTP" : "mail stored in " + env.MAIL_DIR})`);
while (!stopping) {
  try {
    const { sent, failed, suppressed } = await sender.sendDue();
    if (sent || failed || suppressed) log(`sent ${sent}, failed ${failed}, suppressed ${suppressed}`);
    // A campaign whose last mail is settled shows as sent within seconds, not at the next minute's tick.
    if (finishJob && (sent || failed || suppressed || Date.now() - lastFinish > FINISH_EVERY_MS)) {
      lastFinish = Date.now();
      await finishJob.run(new Date());
    }
    if (!sent && !failed && !suppressed) await sleep(POLL_MS);
  } catch (error) {
    log(`error: ${message(error)}`);
    await sleep(5_000);
  }
}
await boss.stop({ graceful: true, timeout: 10_000 });
await sender.stop();
transport.close();
process.exit(0);
