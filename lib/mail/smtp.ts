import { Readable } from "node:stream";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import SMTPConnection from "nodemailer/lib/smtp-connection";

// SMTP with the moment of hand-off under our control.
//
// A mail is delivered when the server accepts the final "." of DATA; our record of it is a database row. No
// protocol makes those two one event, so a crash between them either loses or duplicates the mail. nodemailer's
// pooled transport hides that moment, so this small pool drives nodemailer's own SMTPConnection and holds the
// message stream open after the body: `handoff` (the database commit that marks the row sent) runs while the
// server still waits for the final dot, and the dot is written only once the commit has returned.
//   - A crash (even SIGKILL) before the commit: the connection dies mid-DATA, the server discards the message,
//     the row is still ours to send again.
//   - A commit that fails (the row was taken over by another worker, the database is gone): the stream is
//     destroyed, the connection closed mid-DATA, nothing is delivered.
//   - After the commit the dot follows in the same tick of the event loop; a refusal after the dot (4xx/5xx)
//     is known and undone by the caller (`handedOff` on the error).
// So each mail is delivered once, except for a crash in the microseconds between the commit and the dot
// (then it is lost, never duplicated) or a connection lost after the dot before the reply (RFC 5321 §6.1: the
// client must treat it as not delivered, so it is sent again).

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

/** The message body, ended only after `handoff` resolves (see above). */
class HandoffBody extends Readable {
  private started = false;
  /** Set when nodemailer has already settled the send (an envelope refusal): the body is then only drained. */
  settled = false;
  handedOff = false;
  /** Settles when the hand-off (if it started) has succeeded or failed. */
  handoffDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly raw: Buffer,
    private readonly handoff: () => Promise<void>,
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
    this.handoffDone = this.handoff().then(
      () => {
        this.handedOff = true;
        this.push(null);
      },
      (error: unknown) => {
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
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

  /** Sends one raw message; `handoff` runs after the body, before the final dot (see above). */
  async send(envelope: Envelope, raw: Buffer, handoff: () => Promise<void> = async () => {}): Promise<SmtpResult> {
    const pooled = await this.acquire();
    const { connection } = pooled;
    const body = new HandoffBody(raw, handoff);
    return new Promise<SmtpResult>((resolve, reject) => {
      let done = false;
      const finish = (error: Error | null, response?: string) => {
        if (done) return;
        done = true;
        body.settled = true;
        connection.off("error", finish);
        connection.off("end", closed);
        if (!error) {
          pooled.sent++;
          this.release(pooled);
          resolve({ response: response ?? "" });
          return;
        }
        // A connection that failed mid-message is in an unknown state: never reuse it.
        pooled.broken = true;
        this.release(pooled);
        const code = (error as { responseCode?: unknown }).responseCode;
        // Wait for a hand-off still in flight, so the caller learns whether it happened and can undo it.
        void body.handoffDone.then(() => reject(new SmtpError(error.message, typeof code === "number" ? code : null, body.handedOff, error)));
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
        if (!this.auth) return succeed();
        connection.login(this.auth, (error) => (error ? fail(error) : succeed()));
      });
    });
  }
}
