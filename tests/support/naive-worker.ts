import { parseEnv } from "@/lib/config/env-schema";
import { OutboxSender, senderOptionsFromEnv } from "@/lib/mail/outbox/worker";
import { NO_HANDOFF } from "@/lib/mail/smtp";
import { createMailTransport, type MailTransport } from "@/lib/mail/transport";

// The control of the kill test (tests/integration/lib/mail/worker-process.test.ts): the usual outbox order —
// send, then record — with a database that takes 50 ms to answer. Killed mid-campaign, it must send some mail
// twice; if the test did not see that, it could not see the real worker do it either.

const parsed = parseEnv(process.env);
if (!parsed.ok) throw new Error(parsed.message);
const inner = createMailTransport(parsed.env);
const recordAfterSending: MailTransport = {
  send: (mail) => inner.send(mail),
  close: () => inner.close(),
  async deliver(mail, handoff) {
    const sent = await inner.deliver(mail, NO_HANDOFF);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await handoff.prepare();
    handoff.commit();
    await handoff.committed();
    return sent;
  },
};
const sender = new OutboxSender(recordAfterSending, senderOptionsFromEnv(parsed.env));
await sender.start();
for (;;) {
  const { sent, failed } = await sender.sendDue();
  if (!sent && !failed) await new Promise((resolve) => setTimeout(resolve, 100));
}
