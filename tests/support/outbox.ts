import { OutboxSender, type PassResult, type SenderOptions } from "@/lib/mail/outbox/worker";
import type { MailTransport } from "@/lib/mail/transport";

// The outbox worker as tests drive it: a sender of the app database (useAppDatabase sets DATABASE_URL).

export function testSender(transport: MailTransport, options: Partial<SenderOptions> = {}): OutboxSender {
  return new OutboxSender(transport, {
    databaseUrl: process.env.DATABASE_URL!,
    ratePerMinute: 0,
    retryBaseMs: 30_000,
    maxAttempts: 10,
    parallel: 5,
    ...options,
  });
}

/** One pass of a fresh worker: what `npm run worker` does every half second. */
export async function sendDueMail(transport: MailTransport, now?: Date, options: Partial<SenderOptions> = {}): Promise<Pick<PassResult, "sent" | "failed">> {
  const sender = testSender(transport, options);
  await sender.start();
  try {
    const { sent, failed } = await sender.sendDue(now);
    return { sent, failed };
  } finally {
    await sender.stop();
  }
}
