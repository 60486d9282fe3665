import { config } from "zod/v4/core";

// Runs in the browser before the app's own code (Next's instrumentation-client convention).
// The Content-Security-Policy (proxy.ts) has no 'unsafe-eval'. zod compiles object parsers with
// `new Function` when it can, and probes for that when its schemas are created: under our policy the probe
// fails (zod falls back to its interpreter) but the browser still reports a CSP violation on every form page.
// jitless skips the probe; the parsers behave the same.
config({ jitless: true });
