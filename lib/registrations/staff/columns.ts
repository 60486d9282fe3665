import type { RegistrationView } from "@/lib/registrations/staff/city";

// The registrations table's optional columns and a staff member's choice of them. The name (and the row
// checkbox) always show: the name says whose row it is. A choice is stored as the columns hidden, not the
// ones shown, so a column that appears later (a question added to the event) is visible until hidden.

/** The fixed columns in table order; `city` marks those the city's view has at all. */
export const FIXED_COLUMNS = [
  { key: "email", city: false },
  { key: "affiliation", city: true },
  { key: "residence", city: true },
  { key: "relationships", city: true },
  { key: "interests", city: true },
  { key: "status", city: true },
  { key: "attendance", city: true },
  { key: "consent", city: false },
  { key: "created", city: false },
] as const;

export type FixedColumn = (typeof FIXED_COLUMNS)[number]["key"];

/** The staff note comes after the questions. */
export const NOTE_COLUMN = "note";

export const questionColumn = (questionId: string) => `q:${questionId}`;

/** Hidden keys kept per person: questions of past events pile up, and the oldest choices matter least. */
export const MAX_HIDDEN_COLUMNS = 300;

/** Every optional column of an event's table for a view, in table order. */
export function tableColumns(view: RegistrationView, questionIds: readonly string[]): string[] {
  return [
    ...FIXED_COLUMNS.filter((c) => view === "full" || c.city).map((c) => c.key),
    ...questionIds.map(questionColumn),
    ...(view === "full" ? [NOTE_COLUMN] : []),
  ];
}

/**
 * The hidden list after a choice made on one event's table: that table's columns are replaced by the choice,
 * the other events' question columns are kept (newest last, so the oldest go first past the limit).
 */
export function nextHiddenColumns(previous: readonly string[], available: readonly string[], shown: ReadonlySet<string>): string[] {
  const here = new Set(available);
  const kept = previous.filter((key) => !here.has(key));
  const hidden = available.filter((key) => !shown.has(key));
  return [...new Set([...kept, ...hidden])].slice(-MAX_HIDDEN_COLUMNS);
}
