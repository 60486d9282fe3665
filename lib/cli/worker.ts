import { parseEnv } from "@/lib/config/env-schema";
import { sendDueMail, WORKER_ID } from "@/lib/mail/outbox/worker";
import { createMailTransport } from "@/lib/mail/transport";
import { expireOffers } from "@/lib/registrations/mutations";

// `npm run worker` (and started by `npm start` / `npm run dev`): sends outbox mail and ends expired waitlist
// offers. Safe to run as several processes: claims use SKIP LOCKED and every seat change takes the event lock.
// Runs with --conditions=react-server, so the app's server-only modules load as they do inside Next.

const POLL_MS = 1000;
const OFFER_SWEEP_MS = 60_000;

const parsed = parseEnv(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(1);
}

const transport = createMailTransport(parsed.env);
let stopping = false;
const stop = () => {
  stopping = true;
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`[worker ${WORKER_ID}] ${line}\n`);

let lastSweep = 0;
while (!stopping) {
  try {
    const { sent, failed } = await sendDueMail(transport);
    if (sent || failed) log(`sent ${sent}, failed ${failed}`);
    if (Date.now() - lastSweep >= OFFER_SWEEP_MS) {
      lastSweep = Date.now();
      const expired = await expireOffers();
      if (expired) log(`ended ${expired} expired waitlist offer(s)`);
    }
    if (!sent && !failed) await sleep(POLL_MS);
  } catch (error) {
    log(`error: ${error instanceof Error ? error.message : String(error)}`);
    await sleep(5 * POLL_MS);
  }
}
transport.close();
process.exit(0);
