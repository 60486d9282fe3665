import { z } from "zod";
import { INTEREST_IDS, RELATIONSHIP_IDS, type InterestId, type RelationshipId } from "@/lib/participants/options";

// The staff registrations table is driven by the URL (shareable, back-button friendly, server-rendered);
// this file turns search params into a checked query and back. Anything unknown or malformed falls back to
// the default instead of failing: a hand-edited URL still shows the list.

export const REGISTRATION_STATUSES = [
  "PENDING",
  "CONFIRMED",
  "WAITLISTED",
  "OFFERED",
  "DECLINED",
  "CANCELLED",
  "ATTENDED",
  "NO_SHOW",
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const SORT_KEYS = ["created", "name", "status"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

export type RegistrationQuery = {
  q: string;
  statuses: RegistrationStatus[];
  consent: "yes" | "no" | null;
  interest: InterestId | null;
  relationship: RelationshipId | null;
  sort: SortKey;
  dir: "asc" | "desc";
  page: number;
};

export type SearchParams = Record<string, string | string[] | undefined>;

export const DEFAULT_QUERY: RegistrationQuery = {
  q: "",
  statuses: [],
  consent: null,
  interest: null,
  relationship: null,
  sort: "created",
  dir: "desc",
  page: 1,
};

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const all = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const querySchema = z.object({
  q: z.preprocess(first, z.string().transform((s) => s.trim().slice(0, 100))).catch(""),
  status: z.preprocess(all, z.array(z.unknown())).transform((values) =>
    [...new Set(values.filter((v): v is RegistrationStatus => (REGISTRATION_STATUSES as readonly unknown[]).includes(v)))],
  ),
  consent: z.preprocess(first, z.enum(["yes", "no"]).nullable()).catch(null),
  interest: z.preprocess(first, z.enum(INTEREST_IDS).nullable()).catch(null),
  relationship: z.preprocess(first, z.enum(RELATIONSHIP_IDS).nullable()).catch(null),
  sort: z.preprocess(first, z.enum(SORT_KEYS)).catch(DEFAULT_QUERY.sort),
  dir: z.preprocess(first, z.enum(["asc", "desc"])).catch(DEFAULT_QUERY.dir),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(MAX_PAGE)).catch(1),
});

/** The table's query from the page's search params; never throws. */
export function parseRegistrationQuery(params: SearchParams): RegistrationQuery {
  const normalized = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === "" ? undefined : v]));
  const parsed = querySchema.parse({
    ...normalized,
    consent: normalized.consent ?? null,
    interest: normalized.interest ?? null,
    relationship: normalized.relationship ?? null,
  });
  return {
    q: parsed.q,
    statuses: parsed.status,
    consent: parsed.consent,
    interest: parsed.interest,
    relationship: parsed.relationship,
    sort: parsed.sort,
    dir: parsed.dir,
    page: parsed.page,
  };
}

/** The search params of a query (defaults left out, so links stay short). */
export function registrationQueryParams(query: RegistrationQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const status of query.statuses) params.append("status", status);
  if (query.consent) params.set("consent", query.consent);
  if (query.interest) params.set("interest", query.interest);
  if (query.relationship) params.set("relationship", query.relationship);
  if (query.sort !== DEFAULT_QUERY.sort) params.set("sort", query.sort);
  if (query.dir !== DEFAULT_QUERY.dir) params.set("dir", query.dir);
  if (query.page !== 1) params.set("page", String(query.page));
  return params;
}

/** A link to the table with some of the query changed (any change of filter or sort goes back to page 1). */
export function registrationsHref(eventId: string, query: RegistrationQuery, change: Partial<RegistrationQuery> = {}): string {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  const search = registrationQueryParams(next).toString();
  return `/admin/events/${eventId}/registrations${search ? `?${search}` : ""}`;
}

/** Whether any filter narrows the list (the counts at the top are of the whole list). */
export function hasFilters(query: RegistrationQuery): boolean {
  return Boolean(query.q || query.statuses.length || query.consent || query.interest || query.relationship);
}

// ───────────────────────────── bulk changes ─────────────────────────────

export const BULK_ACTIONS = ["approve", "decline", "promote", "cancel"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Declines and cancellations tell the participant why (the reason is in their mail). */
export const REASON_REQUIRED: Record<BulkAction, boolean> = { approve: false, decline: true, cancel: true, promote: false };

export const MAX_BULK = 100;

const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>|javascript\s*:/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ticked rows of a bulk form (the registrations table, the review queue): at least one, at most MAX_BULK. */
export const rowIdsSchema = z
  .array(z.string().regex(UUID, { error: "invalid" }), { error: "select_rows" })
  .min(1, { error: "select_rows" })
  .max(MAX_BULK, { error: "too_many" })
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

/** A change's reason, as it appears in the participant's mail and the history. */
export const changeReasonSchema = z
  .string()
  .trim()
  .max(500, { error: "too_long" })
  .refine((v) => !HTML_TAG.test(v), { error: "no_markup" })
  .refine((v) => !CONTROL.test(v), { error: "invalid_characters" });

export const bulkActionSchema = z
  .object({
    action: z.enum(BULK_ACTIONS, { error: "required" }),
    ids: rowIdsSchema,
    reason: changeReasonSchema,
  })
  .superRefine((value, ctx) => {
    if (REASON_REQUIRED[value.action] && value.reason === "") {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "reason_required" });
    }
  });

export type BulkActionInput = z.infer<typeof bulkActionSchema>;

export type BulkFieldErrors = Partial<Record<"action" | "ids" | "reason" | "form", string>>;

/** The form's fields as the schema expects them. */
export function bulkFormInput(formData: FormData) {
  return {
    action: formData.get("action") ?? undefined,
    ids: formData.getAll("ids").map(String),
    reason: String(formData.get("reason") ?? ""),
  };
}

/** The first error code of each field. */
export function bulkFieldErrors(error: z.ZodError): BulkFieldErrors {
  const errors: BulkFieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form") as keyof BulkFieldErrors;
    errors[field] ??= issue.message;
  }
  return errors;
}
