import { z } from "zod";
import { CONTROL, fromJst, LINE_BREAK, markdown, missingOrInvalid, optional, required, type FieldError, type FieldErrors } from "@/lib/events/staff/schema";
import { CAMPAIGN_CATEGORIES, type CampaignCategory } from "@/lib/mail/categories";
import { INTEREST_IDS, RELATIONSHIP_IDS, type InterestId, type RelationshipId } from "@/lib/participants/options";

// The campaign composer's form: what the mail says and who gets it. Like the other staff forms, errors carry
// codes ("unknown_merge_field"), not sentences: the page shows them through next-intl (staffCampaigns.errors.*).
// The segment is stored as JSON on the campaign and read back through parseSegment, the one shape the
// recipient SQL (lib/campaigns/segment.ts) takes.

export { CAMPAIGN_CATEGORIES, type CampaignCategory };

/** Registration states an organiser can target: "the people who came" is ATTENDED. */
export const SEGMENT_STATUSES = ["ATTENDED", "NO_SHOW", "CONFIRMED", "WAITLISTED", "OFFERED", "PENDING", "CANCELLED", "DECLINED"] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

/** The merge fields a subject or body may use, filled per recipient when the mail is sent. */
export const MERGE_FIELDS = ["name", "eventTitle", "eventDate"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const SUBJECT_MAX = 150;
export const BODY_MAX = 20_000;
export const MAX_SEGMENT_EVENTS = 200;

/** `{{name}}`, also written `{{ name }}`. Anything between double braces is a merge field, known or not. */
export const MERGE_TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type CampaignSegment = {
  /** Empty: every event of the organisation's scope (news only; a follow-up names its events). */
  eventIds: string[];
  /** Each empty list means "any". */
  statuses: SegmentStatus[];
  interests: InterestId[];
  relationships: RelationshipId[];
};

export type CampaignContent = { subjectJa: string; bodyJa: string; subjectEn: string | null; bodyEn: string | null };

export type { FieldError, FieldErrors };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The merge fields a text uses that do not exist (each once, in order of appearance). */
export function unknownMergeFields(text: string): string[] {
  const unknown = [...text.matchAll(MERGE_TAG)].map((m) => m[1] ?? "").filter((name) => !(MERGE_FIELDS as readonly string[]).includes(name));
  return [...new Set(unknown)];
}


/** A mail subject: one line (a line break would end the header), no control characters. */
const subject = z
  .string({ error: missingOrInvalid })
  .trim()
  .max(SUBJECT_MAX, { error: "too_long" })
  .refine((v) => !CONTROL.test(v) && !LINE_BREAK.test(v), { error: "invalid_characters" });

/** Markdown: raw HTML in it is never rendered (lib/emails/campaign.ts), so it is not refused here. */
const body = markdown(BODY_MAX);


/** A list of ticked boxes: duplicates dropped, anything unknown an error on the whole list. */
function choices<T extends string>(values: readonly [T, ...T[]], max: number) {
  return z
    .array(z.enum(values, { error: "invalid_choice" }), { error: "invalid" })
    .max(max, { error: "too_many" })
    .default([])
    .transform((list) => [...new Set(list)]);
}

const TEXT_FIELDS = ["subjectJa", "bodyJa", "subjectEn", "bodyEn"] as const;

export const campaignSchema = z
  .strictObject(
    {
      category: z.enum(CAMPAIGN_CATEGORIES, { error: (issue) => (issue.input === undefined || issue.input === "" ? "required" : "invalid_choice") }),
      subjectJa: required(subject),
      bodyJa: required(body),
      subjectEn: optional(subject),
      bodyEn: optional(body),
      eventIds: z
        .array(z.string().regex(UUID, { error: "invalid" }), { error: "invalid" })
        .max(MAX_SEGMENT_EVENTS, { error: "too_many" })
        .default([])
        .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
      statuses: choices(SEGMENT_STATUSES, SEGMENT_STATUSES.length),
      interests: choices(INTEREST_IDS, INTEREST_IDS.length),
      relationships: choices(RELATIONSHIP_IDS, RELATIONSHIP_IDS.length),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "unknown_field" : "invalid") },
  )
  .superRefine(
    (v, ctx) => {
      // Rules between fields and inside the texts. They run even when another field failed, so one round trip
      // shows every mistake; a field that failed is not a string here and is skipped.
      for (const field of TEXT_FIELDS) {
        const text = v[field];
        if (typeof text !== "string") continue;
        const [first, ...rest] = unknownMergeFields(text);
        if (first !== undefined) {
          ctx.addIssue({ code: "custom", path: [field], message: "unknown_merge_field", params: { field: `{{${first}}}`, others: rest.length } });
        }
      }
      // English is all or nothing: a subject without a body (or the reverse) would send half a mail.
      if (v.subjectEn === null && typeof v.bodyEn === "string") ctx.addIssue({ code: "custom", path: ["subjectEn"], message: "english_incomplete" });
      if (v.bodyEn === null && typeof v.subjectEn === "string") ctx.addIssue({ code: "custom", path: ["bodyEn"], message: "english_incomplete" });
      // A follow-up is about an event the person registered for (that is why it needs no separate consent).
      if (v.category === "FOLLOW_UP" && Array.isArray(v.eventIds) && v.eventIds.length === 0) {
        ctx.addIssue({ code: "custom", path: ["eventIds"], message: "events_required" });
      }
    },
    { when: () => true },
  )
  .transform(({ eventIds, statuses, interests, relationships, ...content }) => ({
    ...content,
    segment: { eventIds, statuses, interests, relationships } satisfies CampaignSegment,
  }));

export type CampaignFormInput = z.input<typeof campaignSchema>;
export type CampaignInput = z.output<typeof campaignSchema>;

// ───────────────────────────── Stored segment ─────────────────────────────

const storedSegment = z.object({
  eventIds: z.array(z.string().regex(UUID)).catch([]),
  statuses: z.array(z.enum(SEGMENT_STATUSES)).catch([]),
  interests: z.array(z.enum(INTEREST_IDS)).catch([]),
  relationships: z.array(z.enum(RELATIONSHIP_IDS)).catch([]),
});

/** The segment stored on a campaign (Json), read defensively: a malformed part counts as "none chosen". */
export function parseSegment(value: unknown): CampaignSegment {
  const parsed = storedSegment.safeParse(value ?? {});
  return parsed.success ? parsed.data : { eventIds: [], statuses: [], interests: [], relationships: [] };
}

// ───────────────────────────── Form data ─────────────────────────────

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};
const list = (formData: FormData, name: string) => formData.getAll(name).filter((v): v is string => typeof v === "string");

export const SEGMENT_LISTS = ["eventIds", "statuses", "interests", "relationships"] as const;

/** The composer's fields in the shape the schema takes (checkboxes send one value per ticked box). */
export function campaignFormInput(formData: FormData): CampaignFormInput {
  return {
    category: text(formData, "category") as CampaignCategory,
    subjectJa: text(formData, "subjectJa"),
    bodyJa: text(formData, "bodyJa"),
    subjectEn: text(formData, "subjectEn"),
    bodyEn: text(formData, "bodyEn"),
    eventIds: list(formData, "eventIds"),
    statuses: list(formData, "statuses") as SegmentStatus[],
    interests: list(formData, "interests") as InterestId[],
    relationships: list(formData, "relationships") as RelationshipId[],
  };
}

/** The composer's values, to show them again after an error (nothing typed is lost). */
export type CampaignFormValues = {
  category: string;
  subjectJa: string;
  bodyJa: string;
  subjectEn: string;
  bodyEn: string;
  eventIds: string[];
  statuses: string[];
  interests: string[];
  relationships: string[];
};

export function echoCampaignForm(formData: FormData): CampaignFormValues {
  return {
    category: text(formData, "category"),
    subjectJa: text(formData, "subjectJa"),
    bodyJa: text(formData, "bodyJa"),
    subjectEn: text(formData, "subjectEn"),
    bodyEn: text(formData, "bodyEn"),
    eventIds: list(formData, "eventIds"),
    statuses: list(formData, "statuses"),
    interests: list(formData, "interests"),
    relationships: list(formData, "relationships"),
  };
}

/** A stored campaign as the composer's values. */
export function campaignFormValues(campaign: CampaignContent & { category: string; segment: unknown }): CampaignFormValues {
  const segment = parseSegment(campaign.segment);
  return {
    category: campaign.category,
    subjectJa: campaign.subjectJa,
    bodyJa: campaign.bodyJa,
    subjectEn: campaign.subjectEn ?? "",
    bodyEn: campaign.bodyEn ?? "",
    ...segment,
  };
}

/** First error per field, keyed by its name ("subjectJa", "eventIds" …). */
export function campaignFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? String(issue.path[0]) : "form";
    if (errors[path]) continue;
    const custom = /^[a-z_]+$/.test(issue.message) ? issue.message : null;
    const params = "params" in issue && issue.params ? (issue.params as Record<string, string | number>) : undefined;
    if (issue.code === "too_big" && typeof issue.maximum === "number") errors[path] = { code: custom ?? "too_long", params: { max: issue.maximum } };
    else errors[path] = params ? { code: custom ?? "invalid", params } : { code: custom ?? "invalid" };
  }
  return errors;
}

// ───────────────────────────── Scheduling ─────────────────────────────

/**
 * The schedule form: a Japan-time date and time (the event form's inputs) → the UTC instant, which must be
 * in the future. The mutation checks "future" again against the database's moment of the change.
 */
export function parseSchedule(formData: FormData, now: Date = new Date()): { ok: true; at: Date } | { ok: false; errors: FieldErrors } {
  const date = text(formData, "scheduledAt.date").trim();
  const time = text(formData, "scheduledAt.time").trim();
  if (!date || !time) return { ok: false, errors: { scheduledAt: { code: date || time ? "datetime_incomplete" : "required" } } };
  const at = fromJst({ date, time });
  if (!at) return { ok: false, errors: { scheduledAt: { code: "invalid_datetime" } } };
  if (at.getTime() <= now.getTime()) return { ok: false, errors: { scheduledAt: { code: "schedule_in_past" } } };
  return { ok: true, at };
}

// ───────────────────────────── Outbox views ─────────────────────────────

/** The states of an outbox row, in the order the pages list them. */
export const MAIL_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "SUPPRESSED", "CANCELLED"] as const;
export type MailStatusId = (typeof MAIL_STATUSES)[number];

/** Every kind of mail, for the outbox filter. */
export const MAIL_CATEGORIES = ["TRANSACTIONAL", "REMINDER", "SURVEY", "FOLLOW_UP", "WDL_NEWS", "CITY_NEWS"] as const;
export type MailCategoryId = (typeof MAIL_CATEGORIES)[number];

export const OUTBOX_PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

export type SearchParams = Record<string, string | string[] | undefined>;

/** The filters of the recipient table and the outbox page, from the URL; anything malformed is ignored. */
export type OutboxQuery = { status: MailStatusId | null; category: MailCategoryId | null; page: number };

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const outboxQuerySchema = z.object({
  status: z.preprocess(first, z.enum(MAIL_STATUSES).nullable()).catch(null),
  category: z.preprocess(first, z.enum(MAIL_CATEGORIES).nullable()).catch(null),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(MAX_PAGE)).catch(1),
});

export function parseOutboxQuery(params: SearchParams): OutboxQuery {
  return outboxQuerySchema.parse({ status: first(params.status) ?? null, category: first(params.category) ?? null, page: first(params.page) ?? 1 });
}

/** A link to a filtered list (a changed filter goes back to page 1). */
export function outboxHref(path: string, query: OutboxQuery, change: Partial<OutboxQuery> = {}): string {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  const params = new URLSearchParams();
  if (next.status) params.set("status", next.status);
  if (next.category) params.set("category", next.category);
  if (next.page !== 1) params.set("page", String(next.page));
  const search = params.toString();
  return `${path}${search ? `?${search}` : ""}`;
}
