import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server that misbehaves the way real ones do, for the exactly-once tests:
//  - it refuses a share of messages with a 4xx on their first attempt, half at RCPT TO (greylisting) and half
//    after the whole message (451 at the final dot, so the sender's hand-off has to be undone);
//  - it drops a share of connections in the middle of a message (the socket is destroyed mid-DATA);
//  - it can be stopped hard and started again on the same port (every socket destroyed at once);
//  - it can be slow, so that many messages are in flight when a test kills the sender.
// Every accepted message is recorded with its Message-ID and envelope recipients; refusals and drops are
// counted, so a test can check they really happened.

export type ChaosOptions = {
  /** Share of recipients whose first attempt is refused with a 4xx. */
  refuseShare?: number;
  /** Where: at RCPT TO only, or half there and half after the whole message (the default). */
  refuseAt?: "rcpt" | "both";
  /** Share of recipients whose first (non-refused) attempt loses its connection mid-message. */
  dropShare?: number;
  /** Delay before answering the final dot, in ms. */
  latencyMs?: number;
  port?: number;
};

export type Accepted = { messageId: string; to: string[] };

/** A stable pseudo-random number in [0, 1) per key, so a run is reproducible. */
function share(key: string): number {
  return createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

export async function startChaosSmtp({ refuseShare = 0, refuseAt = "both", dropShare = 0, latencyMs = 0, port = 0 }: ChaosOptions = {}) {
  const accepted: Accepted[] = [];
  const stats = { refusedAtRcpt: 0, refusedAtData: 0, dropped: 0, restarts: 0 };
  const attempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let server: SMTPServer;

  const fate = (recipient: string, attempt: number) => {
    if (attempt > 1) return "accept";
    const r = share(recipient);
    if (r < (refuseAt === "rcpt" ? refuseShare : refuseShare / 2)) return "refuse-rcpt";
    if (r < refuseShare) return "refuse-data";
    if (r < refuseShare + dropShare) return "drop";
    return "accept";
  };

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // Many parallel senders (two workers × five connections) are normal here.
      maxClients: 100,
      onRcptTo(address, session, callback) {
        const recipient = address.address.toLowerCase();
        const attempt = (attempts.get(recipient) ?? 0) + 1;
        attempts.set(recipient, attempt);
        (session as unknown as { fate: string }).fate = fate(recipient, attempt);
        if ((session as unknown as { fate: string }).fate === "refuse-rcpt") {
          stats.refusedAtRcpt++;
          return callback(Object.assign(new Error("Greylisted, please try again later"), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        const currentFate = (session as unknown as { fate: string }).fate;
        let dropped = false;
        stream.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          if (currentFate === "drop" && !dropped) {
            dropped = true;
            stats.dropped++;
            // The connection dies mid-message: the server never sees the final dot.
            const connections = (server as unknown as { connections: Set<{ session: unknown; _socket: Socket }> }).connections;
            for (const connection of connections) if (connection.session === session) connection._socket.destroy();
          }
        });
        stream.on("end", () => {
          if (dropped) return;
          setTimeout(() => {
            if (currentFate === "refuse-data") {
              stats.refusedAtData++;
              callback(Object.assign(new Error("Temporary local problem, please try again"), { responseCode: 451 }));
              return;
            }
            const raw = Buffer.concat(chunks).toString("latin1");
            const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? "(none)";
            accepted.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) });
            callback(null, "Queued");
          }, latencyMs);
        });
      },
    });

  const listen = async (onPort: number) => {
    server = create();
    server.server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    server.on("error", () => {});
    await new Promise<void>((resolve) => server.listen(onPort, "127.0.0.1", resolve));
    return (server.server.address() as { port: number }).port;
  };

  const actualPort = await listen(port);

  const stopHard = async () => {
    await new Promise<void>((resolve) => {
      server.server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    accepted,
    stats,
    /** Stops at once (every connection cut, mid-message or not) and comes back on the same port after `downMs`. */
    async restart(downMs = 300) {
      await stopHard();
      stats.restarts++;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(actualPort);
    },
    close: stopHard,
  };
}
