import type { Socket } from "node:net";
import { Readable } from "node:stream";
import { parseConnectionUrl } from "nodemailer/lib/shared/index.js";
import SMTPConnection from "nodemailer/lib/smtp-connection/index.js";

// SMTP with the moment of hand-off under our control.
//
// A mail is delivered when the server takes the final "." of DATA; our record of it is a database row. No
// protocol makes those two one event, so a crash between them loses or duplicates the mail. What a crash cannot
// split is one synchronous stretch of JavaScript: bytes a process has written to a socket are still sent by the
// kernel after the process dies (even by SIGKILL), and bytes it has not written are not. So:
//   1. after the server has accepted the envelope and taken the body, `handoff.prepare()` marks the row sent in
//      a database transaction that it leaves open (on a connection of its own), fenced by the claim;
//   2. in the same tick as the final dot is written to the SMTP socket, `handoff.commit()` writes COMMIT to the
//      database socket, just before it.
// A crash before that tick: the database rolls the transaction back when the connection drops, the server never
// sees the dot and discards the message, and the row is sent again. After it: both the COMMIT and the dot reach
// their servers. nodemailer's pooled transport hides the dot, so this small pool drives nodemailer's own
// SMTPConnection and watches its socket for the terminator.
// What is left: a refusal after the dot (4xx/5xx to the message) is undone by the caller, and a crash between
// that refusal and its undo leaves the row sent (the mail lost, never duplicated); a connection lost after the
// dot and before the reply is, as RFC 5321 §6.1 asks, treated as not delivered (the mail may come twice).

/** The database side of the hand-off (lib/mail/outbox/mutations.ts). */
export type Handoff = {
  /** Takes the row, uncommitted; rejects when the row is no longer ours (then nothing is sent). */
  prepare(): Promise<void>;
  /** Writes COMMIT to the database connection, synchronously: called in the tick the final dot is written. */
  commit(): void;
  /** Settles once the database has answered the COMMIT. */
  committed(): Promise<void>;
  /** Rolls back a prepared hand-off whose dot was never written. */
  release(): Promise<void>;
};

/** For mail outside the outbox (sign-in links): nothing to record. */
export const NO_HANDOFF: Handoff = { prepare: async () => {}, commit: () => {}, committed: async () => {}, release: async () => {} };

export type Envelope = { from: string; to: string[] };
export type SmtpResult = { response: string };

/** An SMTP failure, with what the caller needs to settle the row. */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null,
    /** The hand-off commit had returned: the final dot may have been written. */
    readonly handedOff: boolean,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = "SmtpError";
  }
}

type PoolOptions = {
  maxConnections?: number;
  /** A connection is closed after this many messages, as nodemailer's pool does. */
  maxMessages?: number;
};

type Pooled = { connection: SMTPConnection; sent: number; broken: boolean };

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

/** The message body: ended (so nodemailer writes the final dot) only once the hand-off is prepared. */
class HandoffBody extends Readable {
  private started = false;
  /** Set when nodemailer has already settled the send (an envelope refusal): the body is then only drained. */
  settled = false;
  /** prepare() succeeded: the dot may be written; the transaction is open until commit() or release(). */
  prepared = false;
  /** Settles when prepare (if it started) has succeeded or failed. */
  preparing: Promise<void> = Promise.resolve();

  constructor(
    private readonly raw: Buffer,
    private readonly handoff: Handoff,
  ) {
    super();
  }

  override _read() {
    if (this.started) return;
    this.started = true;
    // nodemailer pipes the body only after the server's 354 to DATA; after a refused envelope it drains it
    // into a throw-away stream, having settled the send first, so `settled` tells the two apart.
    if (this.settled) {
      this.push(null);
      return;
    }
    this.push(this.raw);
    this.preparing = this.handoff.prepare().then(
      () => {
        this.prepared = true;
        this.push(null);
      },
      (error: unknown) => {
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}

/** nodemailer's DataStream ends a message with ".\r\n" (after a line end) or "\r\n.\r\n"; dot-stuffing means no body line is a lone ".". */
function endsMessage(chunk: unknown): boolean {
  if (!Buffer.isBuffer(chunk) && typeof chunk !== "string") return false;
  const text = typeof chunk === "string" ? chunk : chunk.subarray(-5).toString("latin1");
  return text === ".\r\n" || text.endsWith("\n.\r\n");
}

export class SmtpPool {
  private readonly options: Record<string, unknown>;
  private readonly auth: { user: string; pass: string } | null;
  private readonly maxConnections: number;
  private readonly maxMessages: number;
  private readonly idle: Pooled[] = [];
  private readonly waiting: ((pooled: Pooled | Error) => void)[] = [];
  private open = 0;
  private closed = false;

  constructor(smtpUrl: string, { maxConnections = 5, maxMessages = 100 }: PoolOptions = {}) {
    const { auth, ...options } = parseConnectionUrl(smtpUrl) as Record<string, unknown> & { auth?: { user?: string; pass?: string } };
    this.options = { ...TIMEOUTS, ...options };
    this.auth = auth?.user ? { user: auth.user, pass: auth.pass ?? "" } : null;
    this.maxConnections = maxConnections;
    this.maxMessages = maxMessages;
  }

  /** Sends one raw message, committing `handoff` in the tick its final dot is written (see above). */
  async send(envelope: Envelope, raw: Buffer, handoff: Handoff = NO_HANDOFF): Promise<SmtpResult> {
    const pooled = await this.acquire();
    const { connection } = pooled;
    const body = new HandoffBody(raw, handoff);
    const socket = (connection as unknown as { _socket: Socket })._socket;
    const write = socket.write;
    let handedOff = false;
    // The commit goes out just before the bytes that end the message, in the same synchronous call.
    socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      if (body.prepared && !handedOff && endsMessage(chunk)) {
        handedOff = true;
        handoff.commit();
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Socket["write"];

    return new Promise<SmtpResult>((resolve, reject) => {
      let done = false;
      const finish = (error: Error | null, response?: string) => {
        if (done) return;
        done = true;
        body.settled = true;
        socket.write = write;
        connection.off("error", finish);
        connection.off("end", closed);
        if (!error) {
          pooled.sent++;
          this.release(pooled);
          // The server has the message; report once the database has confirmed the record too.
          void handoff.committed().then(
            () => resolve({ response: response ?? "" }),
            () => resolve({ response: response ?? "" }),
          );
          return;
        }
        // A connection that failed mid-message is in an unknown state: never reuse it.
        pooled.broken = true;
        this.release(pooled);
        const code = (error as { responseCode?: unknown }).responseCode;
        const fail = () => reject(new SmtpError(error.message, typeof code === "number" ? code : null, handedOff, error));
        // Settle the database side first, so the caller knows whether there is a hand-off to undo.
        void body.preparing
          .then(() => (handedOff ? handoff.committed() : body.prepared ? handoff.release() : undefined))
          .then(fail, fail);
      };
      const closed = () => finish(new Error("the SMTP server closed the connection"));
      // A lost connection is reported as an event, not through the send's callback.
      connection.once("error", finish);
      connection.once("end", closed);
      connection.send(envelope, body, (error, info) => finish(error, info ? String(info.response ?? "") : undefined));
    });
  }

  close() {
    this.closed = true;
    for (const pooled of this.idle.splice(0)) pooled.connection.quit();
    for (const waiter of this.waiting.splice(0)) waiter(new Error("the SMTP pool is closed"));
  }

  private async acquire(): Promise<Pooled> {
    if (this.closed) throw new Error("the SMTP pool is closed");
    for (let ready = this.idle.pop(); ready; ready = this.idle.pop()) {
      if (!ready.broken) return ready;
      this.open--;
      ready.connection.close();
    }
    if (this.open < this.maxConnections) {
      this.open++;
      try {
        return await this.connect();
      } catch (error) {
        this.open--;
        this.wakeOne();
        throw error;
      }
    }
    const next = await new Promise<Pooled | Error>((resolve) => this.waiting.push(resolve));
    if (next instanceof Error) throw next;
    return next;
  }

  private release(pooled: Pooled) {
    if (pooled.broken || pooled.sent >= this.maxMessages || this.closed) {
      this.open--;
      if (pooled.broken) pooled.connection.close();
      else pooled.connection.quit();
      this.wakeOne();
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(pooled);
    else this.idle.push(pooled);
  }

  /** A slot freed: the next waiter opens a connection of its own. */
  private wakeOne() {
    const waiter = this.waiting.shift();
    if (!waiter) return;
    this.open++;
    this.connect().then(waiter, (error: unknown) => {
      this.open--;
      waiter(error instanceof Error ? error : new Error(String(error)));
    });
  }

  private connect(): Promise<Pooled> {
    const connection = new SMTPConnection(this.options as SMTPConnection.Options);
    const pooled: Pooled = { connection, sent: 0, broken: false };
    // A dropped idle connection only makes it unusable; errors during a send reach that send's callback.
    connection.on("error", () => {
      pooled.broken = true;
    });
    connection.on("end", () => {
      pooled.broken = true;
      const at = this.idle.indexOf(pooled);
      if (at >= 0) {
        this.idle.splice(at, 1);
        this.open--;
        this.wakeOne();
      }
    });
    return new Promise<Pooled>((resolve, reject) => {
      // Until the greeting (and login) succeed, a failure arrives as an 'error' or 'end' event, not a callback.
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        connection.close();
        reject(new SmtpError(error.message, (error as { responseCode?: number }).responseCode ?? null, false, error));
      };
      const succeed = () => {
        if (settled) return;
        settled = true;
        resolve(pooled);
      };
      connection.once("error", fail);
      connection.once("end", () => fail(new Error("the SMTP server closed the connection")));
      connection.connect(() => {
        // Nagle's algorithm would hold each message's final dot (a small write after the body) until the server
        // acknowledges the body, which it delays (40 ms on Linux) while it waits for that dot: one stall per mail,
        // capping a connection near 25 mails/s. Only when bytes leave changes, not their order, so the hand-off
        // above holds as before.
        (connection as unknown as { _socket?: Socket })._socket?.setNoDelay(true);
        if (!this.auth) return succeed();
        connection.login(this.auth, (error) => (error ? fail(error) : succeed()));
      });
    });
  }
}
