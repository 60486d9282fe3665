import "server-only";
import { finishCampaigns, startDueCampaigns } from "@/lib/campaigns/mutations";
import { enqueueDueReminders } from "@/lib/reminders/mutations";
import { deleteExpiredRateLimits } from "@/lib/rate-limit/mutations";
import { expireOffers } from "@/lib/registrations/mutations";
import { describeRetention, runRetention } from "@/lib/retention/mutations";
import { enqueueDueSurveys } from "@/lib/surveys/mutations";

// The scheduled jobs the worker runs through pg-boss (lib/cli/worker.ts). Each is idempotent, so a job that
// runs twice (two workers, a retry after a crash) changes nothing the second time. `run` returns a line for
// the log when it did something.

export type ScheduledJob = { name: string; cron: string; run: (now: Date) => Promise<string | null> };

const did = (count: number, what: string) => (count ? `${count} ${what}` : null);

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  { name: "reminders", cron: "* * * * *", run: async (now) => did(await enqueueDueReminders(now), "reminder(s) queued") },
  { name: "surveys", cron: "*/5 * * * *", run: async (now) => did(await enqueueDueSurveys(now), "survey invitation(s) queued") },
  {
    name: "campaigns",
    cron: "* * * * *",
    run: async (now) => {
      const started = await startDueCampaigns(now);
      const finished = await finishCampaigns(now);
      return [did(started, "scheduled campaign(s) started"), did(finished, "campaign(s) finished")].filter(Boolean).join(", ") || null;
    },
  },
  { name: "offers", cron: "* * * * *", run: async (now) => did(await expireOffers({ now }), "expired waitlist offer(s) ended") },
  { name: "clean-up", cron: "17 * * * *", run: async (now) => did(await deleteExpiredRateLimits(now), "old rate-limit window(s) deleted") },
  // Daily at 03:30 JST (the worker schedules in Asia/Tokyo): answers, care notes and inactive people past their
  // retention periods (RETENTION_* in .env). Also runs once when a worker starts, like every job; idempotent.
  { name: "retention", cron: "30 3 * * *", run: async (now) => describeRetention(await runRetention(now)) },
];
