import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/events/[slug]/registrations/route";
import { __testing } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";
import { postSignup } from "../app/api/events/helpers";

// The sign-up's answer is the same for a new address, a known one and one already registered (see
// signup-identity.test.ts); this file checks that its timing does not tell them apart either. Each path does
// the same kind of work: the same abuse checks, one seat transaction with the event lock, one state read and
// one write statement. On an open event every path writes and its commit waits for the WAL flush (a new or
// known address writes its registration, a registered one its "already registered" mail); on a full or closed
// event none waits (the registered one's mail is committed without waiting; before that, its answer came
// about 5 ms later at a 20 ms median). The medians of N interleaved requests per path must be within a factor
// of each other; the control slows one path down in test mode and must be caught.
//
// The limits are raised (the env is parsed once per process, so before the first request, in a file of its
// own): this is about the sign-up's own work, not the limiter's answers.
process.env.RATE_LIMIT_SIGNUP_PER_IP = "100000";
process.env.RATE_LIMIT_SIGNUP_PER_EMAIL = "100000";
process.env.RATE_LIMIT_API_WRITES_PER_MINUTE = "100000";

const N = 40;
const WARM_UP = 5;
/** Generous for a shared CI machine; the control's difference is several times larger. */
const FACTOR = 1.5;

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterEach(() => {
  __testing.setDuplicatePathDelayMs(0);
});
afterAll(async () => {
  await t.drop();
});

const unique = () => randomBytes(4).toString("hex");
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

type Path = "new" | "known" | "registered";

/**
 * N + WARM_UP sign-ups per path on one event, interleaved (each round sends the three paths in a rotating
 * order, so drift of the shared machine hits all alike). Returns each path's median and the answers seen.
 */
async function measure(overrides: Parameters<typeof createEvent>[1]) {
  const event = await createEvent(t.db, overrides);
  const seed = await createEvent(t.db, { capacity: null });
  const rounds = N + WARM_UP;
  const known = Array.from({ length: rounds }, () => `known-${unique()}@example.com`);
  const registered = Array.from({ length: rounds }, () => `registered-${unique()}@example.com`);
  for (const email of known) await postSignup(POST, seed.slug, signup(unique(), { email }));
  // Registered while the event still took them (a full event is filled afterwards).
  const capacity = overrides?.capacity;
  if (capacity !== undefined && capacity !== null) await t.db.event.update({ where: { id: event.id }, data: { capacity: null } });
  for (const email of registered) await postSignup(POST, event.slug, signup(unique(), { email }));
  if (capacity !== undefined && capacity !== null) await t.db.event.update({ where: { id: event.id }, data: { capacity: rounds } });

  const times: Record<Path, number[]> = { new: [], known: [], registered: [] };
  const answers = new Set<string>();
  const paths: Path[] = ["new", "known", "registered"];
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < paths.length; k++) {
      const path = paths[(round + k) % paths.length]!;
      const email = path === "new" ? `new-${unique()}@example.com` : path === "known" ? known[round]! : registered[round]!;
      const body = signup(unique(), { email });
      const started = performance.now();
      const response = await postSignup(POST, event.slug, body);
      const text = await response.text();
      const elapsed = performance.now() - started;
      answers.add(`${response.status} ${text}`);
      if (round >= WARM_UP) times[path].push(elapsed);
    }
  }
  const medians = { new: median(times.new), known: median(times.known), registered: median(times.registered) };
  return { medians, answers: [...answers] };
}

function spread(medians: Record<Path, number>) {
  const values = Object.values(medians);
  return Math.max(...values) / Math.min(...values);
}

describe("sign-up timing does not tell addresses apart", () => {
  it(`open event: the medians of new, known and registered addresses are within ×${FACTOR}`, async () => {
    const { medians, answers } = await measure({ capacity: null });
    console.info("sign-up medians (ms), open event:", medians);
    expect(answers).toEqual([`202 ${JSON.stringify({ outcome: "received", intake: "open" })}`]);
    expect(spread(medians), JSON.stringify(medians)).toBeLessThan(FACTOR);
  });

  it(`full event without a waitlist: the medians are within ×${FACTOR}`, async () => {
    const { medians, answers } = await measure({ capacity: 1, waitlistEnabled: false });
    console.info("sign-up medians (ms), full event:", medians);
    expect(answers).toEqual([`409 ${JSON.stringify({ error: "full" })}`]);
    expect(spread(medians), JSON.stringify(medians)).toBeLessThan(FACTOR);
  });

  it("control: the registered path slowed down in test mode is caught (the test can fail)", async () => {
    // As slow again as a whole sign-up: a difference an attacker could time over a few requests.
    const probe = await measure({ capacity: null });
    __testing.setDuplicatePathDelayMs(Math.max(5, Math.round(probe.medians.new)));
    const { medians } = await measure({ capacity: null });
    console.info("sign-up medians (ms), control with a delay on the registered path:", medians);
    expect(spread(medians)).toBeGreaterThan(FACTOR);
  });
});
