// Who may do what in the staff area: the single truth (DESIGN.md §5, convention 2). Every page, server action
// and route handler asks `can(role, permission)` through requireStaff(); the permission-matrix test walks
// every staff route against this table.

export const STAFF_ROLES = ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF", "CHECKIN"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = {
  // Events
  "events.view": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF", "CHECKIN"],
  "events.manage": ["WDL_ADMIN", "WDL_ORGANIZER"], // create, edit, duplicate, publish, close, cancel, questions
  // Registrations: the full list (WDL) and the city's view (only people with a provision consent)
  "registrations.view": ["WDL_ADMIN", "WDL_ORGANIZER"],
  "registrations.viewCity": ["CITY_ADMIN", "CITY_STAFF"],
  "registrations.manage": ["WDL_ADMIN", "WDL_ORGANIZER"], // bulk approve / decline / promote / cancel
  // Approval queues (/admin/events/<id>/review). Opening one: both organisations, the city only where the event
  // names the city as reviewer. Deciding (approve / decline): only the organisation the event names as reviewer,
  // a rule of the event that lib/registrations/review/policy.ts adds to this table; the other one reads.
  "registrations.review": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF"],
  "registrations.reviewDecide": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF"],
  "registrations.export": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF"],
  "participants.view": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF"],
  // The ledger: record what a person did for Ogaki (a visit, a city project, 複業, volunteering). The city knows
  // who joined its projects; it records them only for people it may see (current provision consent).
  "activities.record": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF"],
  // The 関係人口 dashboard and its report (CSV, print). The city's view withholds cells under 5 people.
  "insights.view": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF"],
  // Door
  "checkin.perform": ["WDL_ADMIN", "WDL_ORGANIZER", "CHECKIN"],
  // Follow-up mail: campaigns and the outbox. City staff never see addresses (they are not provided to the city),
  // so mail is WDL's work, city news included (sent by WDL on the city's behalf, to people who agreed to it).
  "campaigns.view": ["WDL_ADMIN", "WDL_ORGANIZER"],
  "campaigns.manage": ["WDL_ADMIN", "WDL_ORGANIZER"], // compose, test, schedule, send, cancel, retry failed
  "outbox.view": ["WDL_ADMIN", "WDL_ORGANIZER"],
  // People and accountability
  "staff.invite": ["WDL_ADMIN", "CITY_ADMIN"], // within their own organisation
  "audit.view": ["WDL_ADMIN", "CITY_ADMIN"], // their own organisation's log
  // Personal-data requests (deletions, with due dates): WDL for people in its events, the city for people whose
  // data it received; only the city's admin confirms the city deleted its own copy.
  "requests.view": ["WDL_ADMIN", "CITY_ADMIN"],
  "requests.confirmCityCopy": ["CITY_ADMIN"],
  "mailbox.view": ["WDL_ADMIN", "WDL_ORGANIZER", "CITY_ADMIN", "CITY_STAFF", "CHECKIN"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

export function isCityRole(role: StaffRole): boolean {
  return role === "CITY_ADMIN" || role === "CITY_STAFF";
}
