import { describe, expect, it } from "vitest";
import { isPremium, reached, stageOf, type PersonFacts } from "@/lib/insights/stages";

const none: PersonFacts = { registrations: 0, attended: 0, attendedTwiceWithin12Months: false, visitedOgaki: false, engaged: false, activitiesLast12Months: 0 };

describe("a person's stage", () => {
  it("is the deepest rung whose condition holds", () => {
    expect(stageOf(none)).toBeNull();
    expect(stageOf({ ...none, registrations: 1 })).toBe("INTEREST");
    expect(stageOf({ ...none, registrations: 1, attended: 1 })).toBe("PARTICIPATION");
    expect(stageOf({ ...none, registrations: 2, attended: 2 })).toBe("PARTICIPATION"); // two years apart
    expect(stageOf({ ...none, registrations: 2, attended: 2, attendedTwiceWithin12Months: true })).toBe("CONTINUATION");
    expect(stageOf({ ...none, registrations: 1, visitedOgaki: true })).toBe("VISIT"); // a reported visit, no event
    expect(stageOf({ ...none, registrations: 1, attended: 1, visitedOgaki: true, engaged: true })).toBe("ENGAGEMENT");
  });

  it("counts the funnel as reached-at-least", () => {
    expect(reached("VISIT", "PARTICIPATION")).toBe(true);
    expect(reached("PARTICIPATION", "VISIT")).toBe(false);
    expect(reached(null, "INTEREST")).toBe(false);
  });

  it("marks three activities in twelve months as premium", () => {
    expect(isPremium({ ...none, activitiesLast12Months: 2 })).toBe(false);
    expect(isPremium({ ...none, activitiesLast12Months: 3 })).toBe(true);
  });
});
