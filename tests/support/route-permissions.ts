import { STAFF_ROUTES } from "@/lib/staff/routes";

// Who may call what: every page, route handler and server action the build contains. The access-control test
// (tests/e2e/access-control.spec.ts) reads the routes and actions from the build (.next/server/*-manifest.json)
// and fails on any missing here, or any listed here that the build lacks, then calls each one as every actor.
//
// - public: anyone; answers only public data (published events) or the caller's own input.
// - token: a secret in the URL or the arguments (manage, participant-page, survey, unsubscribe, invitation link)
//   is the credential; a wrong token answers 404 / nothing, and never another person's data.
// - staff: a signed-in, enabled staff user with one of the permissions (lib/staff/permissions.ts), and records of
//   their organisation's scope only (another organisation's ids answer 404 without data).
// - dev: the development mailbox, only when DEV_MAILBOX is on (never with SMTP configured).
// - framework: Next's own error pages.

export type Access =
  | { kind: "public" }
  | { kind: "token" }
  | { kind: "staff"; permissions: readonly string[] }
  | { kind: "dev" }
  | { kind: "framework" };

const staff = (...permissions: string[]): Access => ({ kind: "staff", permissions });
const PUBLIC: Access = { kind: "public" };
const TOKEN: Access = { kind: "token" };

export const ROUTE_ACCESS: Record<string, Access> = {
  "/_global-error": { kind: "framework" },
  "/_not-found": { kind: "framework" },
  "/": PUBLIC,
  "/icon.svg": PUBLIC,
  "/events": PUBLIC,
  "/events/[slug]": PUBLIC,
  "/events/[slug]/register": PUBLIC,
  "/privacy": PUBLIC,
  "/privacy/[version]": PUBLIC,
  "/api/events": PUBLIC,
  "/api/events/[slug]": PUBLIC,
  "/api/events/[slug]/calendar": PUBLIC,
  "/api/events/[slug]/registrations": PUBLIC,
  "/api/health": PUBLIC,
  "/api/auth/[...nextauth]": PUBLIC,
  "/admin/signin": PUBLIC,
  "/admin/signin/check-email": PUBLIC,
  "/admin/invite/[token]": TOKEN,
  "/manage/[token]": TOKEN,
  "/manage/[token]/cancel": TOKEN,
  "/signup-changes/[token]": TOKEN,
  "/me/[token]": TOKEN,
  "/me/[token]/data/[format]": TOKEN,
  "/me/[token]/consents/[purpose]": TOKEN,
  "/me/[token]/delete": TOKEN,
  "/me/[token]/deleted": TOKEN,
  "/survey/[token]": TOKEN,
  "/unsubscribe/[token]": TOKEN,
  "/api/unsubscribe/[token]": TOKEN,
  "/dev/mailbox": { kind: "dev" },
  "/dev/mailbox/[id]": { kind: "dev" },
  ...Object.fromEntries(Object.entries(STAFF_ROUTES).map(([route, permissions]) => [route, staff(...permissions)])),
};

/**
 * Server actions by `file#export`, with their parameters as the test fills them: an id of a record the caller
 * may not touch, a token, a slug, the previous form state, or a FormData.
 */
export type ActionParam = "id" | "nullableId" | "token" | "slug" | "state" | "form";
export const ACTION_ACCESS: Record<string, { access: Access; params: readonly ActionParam[] }> = {
  "lib/i18n/actions.ts#setLocale": { access: PUBLIC, params: ["form"] },
  "lib/registrations/actions.ts#submitSignupForm": { access: PUBLIC, params: ["slug", "state", "form"] },
  "lib/registrations/manage-actions.ts#cancelByToken": { access: TOKEN, params: ["token"] },
  "lib/registrations/manage-actions.ts#acceptOfferByToken": { access: TOKEN, params: ["token"] },
  "lib/registrations/manage-actions.ts#saveAnswersByToken": { access: TOKEN, params: ["token", "state", "form"] },
  "lib/registrations/pending/actions.ts#applySignupChangesByToken": { access: TOKEN, params: ["token"] },
  "lib/participants/actions.ts#withdrawConsentByToken": { access: TOKEN, params: ["token", "form"] },
  "lib/participants/actions.ts#deleteOwnDataByToken": { access: TOKEN, params: ["token", "form"] },
  "lib/participants/actions.ts#revokeLinkByToken": { access: TOKEN, params: ["token", "form"] },
  "lib/participants/actions.ts#signOutEverywhereByToken": { access: TOKEN, params: ["token", "form"] },
  "lib/staff/actions.ts#acceptStaffInvitation": { access: TOKEN, params: ["token"] },
  "lib/activities/actions.ts#reportActivityByToken": { access: TOKEN, params: ["token", "state", "form"] },
  "lib/activities/actions.ts#removeActivityByToken": { access: TOKEN, params: ["token", "form"] },
  "lib/surveys/actions.ts#submitSurveyByToken": { access: TOKEN, params: ["token", "state", "form"] },
  "lib/subscriptions/actions.ts#unsubscribeByToken": { access: TOKEN, params: ["token"] },
  "lib/subscriptions/actions.ts#saveMailPreferencesByToken": { access: TOKEN, params: ["token", "form"] },
  "lib/registrations/staff/actions.ts#bulkUpdateRegistrations": { access: staff("registrations.manage"), params: ["id", "state", "form"] },
  "lib/registrations/review/actions.ts#decideApplications": { access: staff("registrations.reviewDecide"), params: ["id", "state", "form"] },
  "lib/registrations/staff/actions.ts#saveRegistrationColumns": { access: staff("registrations.view", "registrations.viewCity"), params: ["id", "form"] },
  "lib/checkin/actions.ts#submitCheckin": { access: staff("checkin.perform"), params: ["id", "state", "form"] },
  "lib/checkin/actions.ts#submitNoShows": { access: staff("checkin.perform"), params: ["id", "state", "form"] },
  "lib/participants/actions.ts#confirmCityCopyDeletedAction": { access: staff("requests.confirmCityCopy"), params: ["form"] },
  "lib/events/staff/actions.ts#createEventAction": { access: staff("events.manage"), params: ["state", "form"] },
  "lib/events/staff/actions.ts#updateEventAction": { access: staff("events.manage"), params: ["id", "state", "form"] },
  "lib/events/staff/actions.ts#addQuestionAction": { access: staff("events.manage"), params: ["id", "state", "form"] },
  "lib/events/staff/actions.ts#updateQuestionAction": { access: staff("events.manage"), params: ["id", "id", "state", "form"] },
  "lib/events/staff/actions.ts#questionOrderAction": { access: staff("events.manage"), params: ["form"] },
  "lib/events/staff/actions.ts#publishEventAction": { access: staff("events.manage"), params: ["form"] },
  "lib/events/staff/actions.ts#closeEventAction": { access: staff("events.manage"), params: ["form"] },
  "lib/events/staff/actions.ts#duplicateEventAction": { access: staff("events.manage"), params: ["form"] },
  "lib/events/staff/actions.ts#cancelEventAction": { access: staff("events.manage"), params: ["id", "state", "form"] },
  "lib/staff/actions.ts#inviteStaff": { access: staff("staff.invite"), params: ["state", "form"] },
  "lib/staff/actions.ts#revokeStaffInvitation": { access: staff("staff.invite"), params: ["form"] },
  "lib/staff/actions.ts#changeStaffUser": { access: staff("staff.invite"), params: ["form"] },
  "lib/activities/actions.ts#recordActivityAction": { access: staff("activities.record"), params: ["id", "state", "form"] },
  "lib/activities/actions.ts#removeActivityAction": { access: staff("activities.record"), params: ["form"] },
  "lib/campaigns/actions.ts#saveCampaignAction": { access: staff("campaigns.manage"), params: ["nullableId", "state", "form"] },
  "lib/campaigns/actions.ts#deleteCampaignAction": { access: staff("campaigns.manage"), params: ["form"] },
  "lib/campaigns/actions.ts#sendTestAction": { access: staff("campaigns.manage"), params: ["form"] },
  "lib/campaigns/actions.ts#startCampaignAction": { access: staff("campaigns.manage"), params: ["form"] },
  "lib/campaigns/actions.ts#scheduleCampaignAction": { access: staff("campaigns.manage"), params: ["id", "state", "form"] },
  "lib/campaigns/actions.ts#unscheduleCampaignAction": { access: staff("campaigns.manage"), params: ["form"] },
  "lib/campaigns/actions.ts#cancelCampaignAction": { access: staff("campaigns.manage"), params: ["form"] },
  "lib/campaigns/actions.ts#retryFailedAction": { access: staff("campaigns.manage"), params: ["form"] },
};

/** Route handlers that change state on POST only; a GET to them must change nothing. */
export const STATE_CHANGING_ROUTE_HANDLERS = ["/api/unsubscribe/[token]", "/api/events/[slug]/registrations", "/api/auth/[...nextauth]"] as const;
