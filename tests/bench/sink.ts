import { SMTPServer } from "smtp-server";

// A local SMTP server that accepts every message, for the benchmarks: it keeps only what the checks need
// (recipients, Message-ID, Subject and the X-Campaign-… style headers of the head), never the bodies.

export type SunkMessage = { to: string[]; messageId: string | null; subject: string | null; headers: Record<string, string>; at: number };

export type SmtpSink = {
  port: number;
  url: string;
  messages: SunkMessage[];
  /** Messages received since the given index whose header `name` equals `value` (case-insensitive name). */
  count: (filter?: (m: SunkMessage) => boolean) => number;
  close: () => Promise<void>;
};

function parseHead(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    maxClients: 200,
    onData(stream, session, callback) {
      let head = "";
      let headDone = false;
      stream.on("data", (chunk: Buffer) => {
        if (headDone) return;
        head += chunk.toString("latin1");
        const end = head.search(/\r?\n\r?\n/);
        if (end >= 0) {
          head = head.slice(0, end);
          headDone = true;
        } else if (head.length > 64 * 1024) {
          headDone = true;
        }
      });
      stream.on("end", () => {
        const headers = parseHead(head);
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          messageId: headers["message-id"] ?? null,
          subject: headers.subject ?? null,
          headers,
          at: performance.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    count: (filter) => (filter ? messages.filter(filter).length : messages.length),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
