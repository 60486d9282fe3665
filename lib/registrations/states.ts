// Registration states of DESIGN.md §3, grouped by what they mean for seats and identity.

export const SEAT_HOLDING_STATUSES = ["CONFIRMED", "OFFERED", "ATTENDED"] as const;

/** States in which a person "is registered": at most one such registration per event and email. */
export const ACTIVE_STATUSES = ["PENDING", "CONFIRMED", "WAITLISTED", "OFFERED", "ATTENDED", "NO_SHOW"] as const;
