import { z } from "zod";
import type { AuditFilters } from "@/lib/audit/data";

// The audit page's query string: which tab, the filters and the page. Every field is checked on its own; a
// value that does not fit is dropped (and the page says so) rather than failing the whole page.

export type SearchParams = Record<string, string | string[] | undefined>;

export type AuditQuery = {
  tab: "log" | "provisions";
  action?: string;
  kind?: "VIEW" | "EXPORT";
  staff?: string;
  event?: string;
  from?: string; // YYYY-MM-DD, a day in JST
  to?: string;
  page: number;
};

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00+09:00`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

const fields = {
  action: z.string().regex(/^[a-z][a-z0-9_.]{0,79}$/i),
  kind: z.enum(["VIEW", "EXPORT"]),
  staff: uuid,
  event: uuid,
  from: day,
  to: day,
} as const;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

export function parseAuditQuery(raw: SearchParams): { query: AuditQuery; invalid: boolean } {
  let invalid = false;
  const query: AuditQuery = { tab: one(raw.tab) === "provisions" ? "provisions" : "log", page: 1 };
  for (const [name, schema] of Object.entries(fields) as [keyof typeof fields, z.ZodType<string>][]) {
    const value = one(raw[name]);
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) (query as Record<string, unknown>)[name] = parsed.data;
    else invalid = true;
  }
  const page = Number(one(raw.page) ?? 1);
  query.page = Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
  return { query, invalid };
}

const DAY_MS = 86_400_000;

/** The filters for the data layer: JST days become instants (from the start of `from` to the end of `to`). */
export function auditFilters(query: AuditQuery): AuditFilters {
  return {
    action: query.tab === "log" ? query.action : undefined,
    kind: query.tab === "provisions" ? query.kind : undefined,
    actorId: query.staff,
    eventId: query.event,
    from: query.from ? new Date(`${query.from}T00:00:00+09:00`) : undefined,
    to: query.to ? new Date(Date.parse(`${query.to}T00:00:00+09:00`) + DAY_MS) : undefined,
  };
}

export function auditHref(query: AuditQuery, change: Partial<AuditQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.tab !== "log") params.set("tab", next.tab);
  for (const name of ["action", "kind", "staff", "event", "from", "to"] as const) {
    const value = next[name];
    if (value) params.set(name, value);
  }
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `/admin/audit?${search}` : "/admin/audit";
}
