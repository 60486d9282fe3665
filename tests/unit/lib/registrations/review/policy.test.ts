import { describe, expect, it } from "vitest";
import { reviewAccess, reviewedByOtherOrganization, reviewerKindOf } from "@/lib/registrations/review/policy";
import { STAFF_ROLES } from "@/lib/staff/permissions";

// Who decides an approval event's applications: the organisation the event names (the owner when none), the
// other one reads; the city sees queues only of events it reviews; events without approval have no queue.

const organizers = [
  { organizationId: "wdl", organization: { kind: "WDL" as const } },
  { organizationId: "city", organization: { kind: "CITY" as const } },
];
const event = (approvalRequired: boolean, reviewerKind: "WDL" | "CITY" | null, owner = "wdl") => ({
  approvalRequired,
  reviewerKind,
  ownerOrganizationId: owner,
  organizers,
});

describe("reviewerKindOf", () => {
  it("is the named reviewer, else the owner's kind, and nobody without approval", () => {
    expect(reviewerKindOf(event(true, "CITY"))).toBe("CITY");
    expect(reviewerKindOf(event(true, null))).toBe("WDL");
    expect(reviewerKindOf(event(true, null, "city"))).toBe("CITY");
    expect(reviewerKindOf(event(false, "CITY"))).toBeNull();
  });
});

describe("reviewAccess", () => {
  it("gives the city the decision on its events and WDL the reading", () => {
    const access = (reviewer: "WDL" | "CITY" | null, approval = true) =>
      Object.fromEntries(STAFF_ROLES.map((role) => [role, reviewAccess({ role }, event(approval, reviewer))]));
    expect(access("CITY")).toEqual({ WDL_ADMIN: "read", WDL_ORGANIZER: "read", CITY_ADMIN: "decide", CITY_STAFF: "decide", CHECKIN: null });
    expect(access("WDL")).toEqual({ WDL_ADMIN: "decide", WDL_ORGANIZER: "decide", CITY_ADMIN: null, CITY_STAFF: null, CHECKIN: null });
    expect(access(null)).toEqual({ WDL_ADMIN: "decide", WDL_ORGANIZER: "decide", CITY_ADMIN: null, CITY_STAFF: null, CHECKIN: null });
    expect(access("CITY", false)).toEqual({ WDL_ADMIN: null, WDL_ORGANIZER: null, CITY_ADMIN: null, CITY_STAFF: null, CHECKIN: null });
  });

  it("refuses the organisers' own approve / decline only where the city reviews", () => {
    expect(reviewedByOtherOrganization({ role: "WDL_ORGANIZER" }, event(true, "CITY"))).toBe(true);
    expect(reviewedByOtherOrganization({ role: "WDL_ORGANIZER" }, event(true, "WDL"))).toBe(false);
    expect(reviewedByOtherOrganization({ role: "WDL_ADMIN" }, event(true, null))).toBe(false);
    expect(reviewedByOtherOrganization({ role: "WDL_ORGANIZER" }, event(false, null))).toBe(false);
  });
});
