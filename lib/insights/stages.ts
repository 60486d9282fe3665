// The ledger's stages (DESIGN.md §1; issue 6): where a person stands with Ogaki, derived from what they did,
// never typed by hand. Each stage is a deeper tie than the one before; a person is at the deepest stage whose
// condition holds (a visit reported without any event attended is still a visit). The facts behind a stage
// are computed in one SQL query (lib/insights/data.ts, personFacts) for one person and for 20,000 alike.

export const STAGES = ["INTEREST", "PARTICIPATION", "CONTINUATION", "VISIT", "ENGAGEMENT"] as const;
export type Stage = (typeof STAGES)[number];

/** Activity kinds that make a person 関与 (took part in a city project, 複業 or volunteering). */
export const ENGAGEMENT_ACTIVITIES = ["CITY_PROJECT", "SIDE_JOB", "VOLUNTEER"] as const;
/** Activity kinds that count as being in Ogaki (a reported visit; moving there implies it). */
export const VISIT_ACTIVITIES = ["VISIT_OGAKI", "RELOCATION"] as const;
/** The national "premium" bar: three or more activities (events attended + recorded activities) in 12 months. */
export const PREMIUM_ACTIVITIES_PER_YEAR = 3;

/** What a person did up to a point in time (asOf), within the events a staff member's organisation organises. */
export type PersonFacts = {
  /** Registrations of any state. */
  registrations: number;
  /** Events attended (checked in). */
  attended: number;
  /** Two attended events that started at most 12 calendar months apart. */
  attendedTwiceWithin12Months: boolean;
  /** Attended an event held in Ogaki, or a visit (or a move) is recorded. */
  visitedOgaki: boolean;
  /** Attended a city-project event, or a city project, 複業 or volunteering is recorded. */
  engaged: boolean;
  /** Events attended and activities recorded in the 12 months up to asOf. */
  activitiesLast12Months: number;
};

/** Whether a rung's own condition holds (a deeper stage counts the rungs below it as reached all the same). */
export function holds(rung: Stage, facts: PersonFacts): boolean {
  switch (rung) {
    case "INTEREST":
      return facts.registrations > 0;
    case "PARTICIPATION":
      return facts.attended > 0;
    case "CONTINUATION":
      return facts.attendedTwiceWithin12Months;
    case "VISIT":
      return facts.visitedOgaki;
    case "ENGAGEMENT":
      return facts.engaged;
  }
}

/** The deepest stage whose condition holds, or null for someone with no registration at all. */
export function stageOf(facts: PersonFacts): Stage | null {
  return [...STAGES].reverse().find((rung) => holds(rung, facts)) ?? null;
}

export function isPremium(facts: PersonFacts): boolean {
  return facts.activitiesLast12Months >= PREMIUM_ACTIVITIES_PER_YEAR;
}

/** Whether a person at `stage` has reached `target` (the funnel counts "reached at least"). */
export function reached(stage: Stage | null, target: Stage): boolean {
  return stage !== null && STAGES.indexOf(stage) >= STAGES.indexOf(target);
}
