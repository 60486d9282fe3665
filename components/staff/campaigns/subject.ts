import { MERGE_FIELDS, MERGE_TAG, type MergeField } from "@/lib/campaigns/schema";

// A campaign's subject as the organiser reads it on the staff pages (the heading of its page, the list): each
// merge tag as a short named placeholder, not the raw `{{name}}` that each recipient sees replaced.

export function subjectForStaff(subject: string, placeholder: (field: MergeField) => string): string {
  return subject.replace(MERGE_TAG, (tag, name: string) => ((MERGE_FIELDS as readonly string[]).includes(name) ? placeholder(name as MergeField) : tag));
}
