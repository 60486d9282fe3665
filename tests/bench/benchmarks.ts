import { attendeeListBench } from "./attendee-list";
import { dashboardBench } from "./dashboard";
import { eventPageBench } from "./event-page";
import { exportBench } from "./export";
import { followUpBench } from "./follow-up";
import { frontEndBench } from "./front-end";
import { isolationBench } from "./isolation";
import { signupRushBench, signupSpreadBench } from "./signup";
import type { BenchContext, BenchResult } from "./types";

// Every benchmark `npm run bench` runs, in this order (`npm run bench -- <id> …` runs some). Each gets the
// shared context and returns its figure, its peer measured in the same run, its target and its correctness.

export const BENCHMARKS: { id: string; run: (ctx: BenchContext) => Promise<BenchResult> }[] = [
  { id: "dashboard", run: dashboardBench },
  { id: "event-page", run: eventPageBench },
  { id: "attendee-list", run: attendeeListBench },
  { id: "export", run: exportBench },
  { id: "follow-up", run: followUpBench },
  { id: "front-end", run: frontEndBench },
  { id: "signup-rush", run: signupRushBench },
  { id: "signup-spread", run: signupSpreadBench },
  { id: "isolation", run: isolationBench },
];
