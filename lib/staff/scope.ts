import type { Staff } from "@/lib/server/auth";

/**
 * The events a staff member may see: those their organisation organises (WDL hosts them; the city sees the
 * ones it co-organises). Every staff query about events carries this in its `where`.
 */
export function eventScope(staff: Pick<Staff, "organizationId">) {
  return { organizers: { some: { organizationId: staff.organizationId } } };
}
