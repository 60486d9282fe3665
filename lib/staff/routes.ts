import type { Permission } from "@/lib/staff/permissions";

// Every staff page and route handler, with the permission(s) it needs (any of them). The permission-matrix
// test (tests/e2e/staff-permissions.spec.ts) reads the routes from the build and fails on any /admin or
// /api/admin route missing here, then calls each one as every role.

export const PUBLIC_STAFF_ROUTES = ["/admin/signin", "/admin/signin/check-email", "/admin/invite/[token]"] as const;

export const STAFF_ROUTES: Record<string, readonly Permission[]> = {
  "/admin": ["events.view"],
  "/admin/staff": ["staff.invite"],
  "/admin/audit": ["audit.view"],
  "/admin/requests": ["requests.view"],
  "/admin/events/new": ["events.manage"],
  "/admin/events/[id]": ["events.view"],
  "/admin/events/[id]/edit": ["events.manage"],
  "/admin/events/[id]/preview": ["events.view"],
  "/admin/events/[id]/registrations": ["registrations.view", "registrations.viewCity"],
  "/admin/events/[id]/review": ["registrations.review"],
  "/admin/events/[id]/checkin": ["checkin.perform"],
  "/admin/events/[id]/export": ["registrations.export"],
  "/admin/participants/[id]": ["participants.view"],
  "/admin/campaigns": ["campaigns.view"],
  "/admin/campaigns/new": ["campaigns.manage"],
  "/admin/campaigns/[id]": ["campaigns.view"],
  "/admin/campaigns/[id]/edit": ["campaigns.manage"],
  "/admin/outbox": ["outbox.view"],
  "/admin/insights": ["insights.view"],
  "/admin/insights/print": ["insights.view"],
  "/api/admin/insights/export": ["insights.view"],
  "/api/admin/events/[id]/export": ["registrations.export"],
};
