import { jstDay, storedDay } from "@/lib/activities/dates";
import type { ActivityKind, ConsentPurpose, EventArea, EventKind, NextStep } from "@/lib/generated/prisma/enums";
import { VISIT_ACTIVITIES } from "@/lib/insights/stages";

// What came of the next steps a person chose in a post-event survey (issue 6: "the next steps they chose and
// what came of them"). A step is realised by the first matching thing that happened after the survey was
// sent: an activity on the ledger, an event attended, or (for the newsletter) a consent that holds now.
// Pure, so the rules are tested without a database; the person's page feeds it the ledger it may show.
//
// Activities are dated by Japan-time day, so one dated the day the survey was sent counts: the day cannot
// tell before from after, and a visit reported that day is far likelier to follow the wish than precede it.
// Events count when they start after the survey was sent (the survey's own event is always before it).
// The newsletter step asks for a state, not an act: a news consent that is current now fulfils it, even one
// given at sign-up, because the person is receiving the news they asked for.

export type AttendedEvent = { id: string; startsAt: Date; area: EventArea; kind: EventKind };

export type LedgerFacts<E extends AttendedEvent = AttendedEvent> = {
  /** Events the person attended (checked in), in the viewer's scope. */
  attended: E[];
  activities: { id: string; kind: ActivityKind; occurredOn: Date }[];
  consents: { purpose: ConsentPurpose; grantedAt: Date; withdrawnAt: Date | null }[];
};

export type Realisation<E extends AttendedEvent = AttendedEvent> =
  | { type: "activity"; on: Date; activity: { id: string; kind: ActivityKind } }
  | { type: "event"; on: Date; event: E }
  | { type: "consent"; on: Date; purpose: "WDL_NEWS" | "CITY_NEWS" };

export type NextStepOutcome<E extends AttendedEvent = AttendedEvent> =
  | { step: NextStep; state: "nothing_to_follow" }
  | { step: NextStep; state: "pending" }
  | { step: NextStep; state: "realised"; by: Realisation<E> };

type StepRule = {
  activities: readonly ActivityKind[];
  event: ((event: AttendedEvent) => boolean) | null;
  newsConsent: boolean;
};

const RULES: Record<Exclude<NextStep, "NONE">, StepRule> = {
  VISIT_OGAKI: { activities: VISIT_ACTIVITIES, event: (e) => e.area === "OGAKI", newsConsent: false },
  FIELDWORK_TOUR: { activities: [], event: (e) => e.kind === "FIELDWORK", newsConsent: false },
  SIDE_JOB_PROJECT: { activities: ["SIDE_JOB", "CITY_PROJECT"], event: (e) => e.kind === "PROJECT", newsConsent: false },
  FURUSATO_NOZEI: { activities: ["FURUSATO_NOZEI"], event: null, newsConsent: false },
  NEWSLETTER: { activities: [], event: null, newsConsent: true },
};

const NEWS_PURPOSES = ["WDL_NEWS", "CITY_NEWS"] as const;

type Candidate<E extends AttendedEvent> = { day: string; at: number; order: number; by: Realisation<E> };

/** Earliest day first; on the same day an event before an activity before a consent, then by time and id. */
function earliest<E extends AttendedEvent>(candidates: Candidate<E>[]): Realisation<E> | null {
  const idOf = (by: Realisation<E>) => (by.type === "activity" ? by.activity.id : by.type === "event" ? by.event.id : by.purpose);
  const sorted = [...candidates].sort(
    (a, b) => a.day.localeCompare(b.day) || a.order - b.order || a.at - b.at || idOf(a.by).localeCompare(idOf(b.by)),
  );
  return sorted[0]?.by ?? null;
}

function follow<E extends AttendedEvent>(step: NextStep, submittedAt: Date, facts: LedgerFacts<E>): NextStepOutcome<E> {
  if (step === "NONE") return { step, state: "nothing_to_follow" };
  const rule = RULES[step];
  const surveyDay = jstDay(submittedAt);
  const candidates: Candidate<E>[] = [];

  for (const event of facts.attended) {
    if (rule.event?.(event) && event.startsAt.getTime() > submittedAt.getTime()) {
      candidates.push({ day: jstDay(event.startsAt), at: event.startsAt.getTime(), order: 0, by: { type: "event", on: event.startsAt, event } });
    }
  }
  for (const activity of facts.activities) {
    const day = storedDay(activity.occurredOn);
    if (rule.activities.includes(activity.kind) && day >= surveyDay) {
      candidates.push({ day, at: 0, order: 1, by: { type: "activity", on: activity.occurredOn, activity: { id: activity.id, kind: activity.kind } } });
    }
  }
  if (rule.newsConsent) {
    for (const consent of facts.consents) {
      const purpose = consent.purpose;
      if (consent.withdrawnAt === null && (purpose === "WDL_NEWS" || purpose === "CITY_NEWS")) {
        candidates.push({
          day: jstDay(consent.grantedAt),
          at: consent.grantedAt.getTime(),
          order: 2 + NEWS_PURPOSES.indexOf(purpose),
          by: { type: "consent", on: consent.grantedAt, purpose },
        });
      }
    }
  }

  const by = earliest(candidates);
  return by ? { step, state: "realised", by } : { step, state: "pending" };
}

/** For each next step of one survey response, in the order chosen: realised (when, by what), pending, or nothing to follow. */
export function followNextSteps<E extends AttendedEvent>(
  survey: { submittedAt: Date; nextSteps: readonly NextStep[] },
  facts: LedgerFacts<E>,
): NextStepOutcome<E>[] {
  return survey.nextSteps.map((step) => follow(step, survey.submittedAt, facts));
}
