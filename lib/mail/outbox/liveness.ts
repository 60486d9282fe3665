import pg from "pg";
import { WORKER_LOCK_CLASS } from "@/lib/mail/outbox/mutations";

// A worker says "I am alive" by holding a session advisory lock on a connection of its own for as long as it
// runs. When the process dies (even by SIGKILL) PostgreSQL sees the connection close and drops the lock, and
// the next worker to look releases the rows it had claimed (releaseDeadWorkersClaims), at once rather than
// after a timeout.

export type Liveness = { readonly alive: boolean; release(): Promise<void> };

export async function holdLiveness(databaseUrl: string, workerId: string, log: (line: string) => void = () => {}): Promise<Liveness> {
  let client: pg.Client | null = null;
  let alive = false;
  let released = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: `outbox-worker ${workerId}` });
    // A lost connection loses the lock: stop claiming (the owner of `alive` checks it) and take it again.
    next.on("error", (error) => {
      alive = false;
      log(`liveness connection lost: ${error.message}`);
      void next.end().catch(() => {});
      reconnect();
    });
    await next.connect();
    await next.query("SELECT pg_advisory_lock($1::int, hashtext($2))", [WORKER_LOCK_CLASS, workerId]);
    client = next;
    alive = true;
  };

  const reconnect = () => {
    if (released) return;
    retry = setTimeout(() => {
      connect().catch((error: unknown) => {
        log(`liveness lock not taken again yet: ${error instanceof Error ? error.message : String(error)}`);
        reconnect();
      });
    }, 5_000);
  };

  await connect();
  return {
    get alive() {
      return alive;
    },
    async release() {
      released = true;
      alive = false;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
