import type { StaffRole } from "@/lib/staff/permissions";
import { can, isCityRole } from "@/lib/staff/permissions";

// Who reviews an approval event's applications, and what each staff member may do with its queue. One home for
// the rule: the review page, its action and the organisers' bulk approve / decline all ask here.

export type OrganizationKind = "WDL" | "CITY";

type ReviewedEvent = {
  approvalRequired: boolean;
  reviewerKind: OrganizationKind | null;
  ownerOrganizationId: string;
  organizers: { organizationId: string; organization: { kind: OrganizationKind } }[];
};

type Reviewer = { role: StaffRole };

/**
 * The kind of organisation a staff member acts for. Roles belong to one kind (an admin hands out only their own
 * organisation's roles, lib/staff/mutations.ts), as every city rule already reads them (isCityRole); the
 * check-in role reviews nothing.
 */
function organizationKindOf(role: StaffRole): OrganizationKind | null {
  if (isCityRole(role)) return "CITY";
  return role === "WDL_ADMIN" || role === "WDL_ORGANIZER" ? "WDL" : null;
}

/** The organisation kind that reviews the event's applications (null: no approval, so no queue). */
export function reviewerKindOf(event: ReviewedEvent): OrganizationKind | null {
  if (!event.approvalRequired) return null;
  // No reviewer named: the owner reviews.
  return event.reviewerKind ?? event.organizers.find((o) => o.organizationId === event.ownerOrganizationId)?.organization.kind ?? null;
}

/**
 * What the staff member gets on the event's review queue: "decide" (approve / decline), "read", or nothing.
 * City staff see applicants only of events the city reviews, under the review consent (their general list is
 * limited to the provision consent); organisers read every queue and decide only where WDL reviews.
 */
export function reviewAccess(staff: Reviewer, event: ReviewedEvent): "decide" | "read" | null {
  const reviewer = reviewerKindOf(event);
  if (!reviewer || !can(staff.role, "registrations.review")) return null;
  if (isCityRole(staff.role) && reviewer !== "CITY") return null;
  return reviewer === organizationKindOf(staff.role) && can(staff.role, "registrations.reviewDecide") ? "decide" : "read";
}

/** Approving or declining applications: only the reviewing organisation (the gate of every such action). */
export function mayDecideApplications(staff: Reviewer, event: ReviewedEvent): boolean {
  return reviewAccess(staff, event) === "decide";
}

/**
 * The organisers' own approve / decline (bulk actions on the registrations table) is refused on an event another
 * organisation reviews; without approval there is nobody else to ask, and those actions stay as they were.
 */
export function reviewedByOtherOrganization(staff: Reviewer, event: ReviewedEvent): boolean {
  const reviewer = reviewerKindOf(event);
  return reviewer !== null && reviewer !== organizationKindOf(staff.role);
}
