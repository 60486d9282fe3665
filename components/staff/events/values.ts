import { toJstInput } from "@/lib/events/staff/schema";
import type { FormValues } from "@/components/staff/events/fields";

// The event form's values (as its inputs name them) for a new event and for an event being edited.

export const NEW_EVENT_VALUES: FormValues = {
  format: "IN_PERSON",
  area: "TOKYO_AREA",
  kind: "TALK",
  waitlistEnabled: "on",
  reviewerKind: "WDL",
  offerHoldHours: "48",
  reminderHoursBefore: "72, 24",
  surveyEnabled: "on",
  surveyDelayHours: "24",
};

type StoredEvent = {
  slug: string;
  titleJa: string;
  titleEn: string | null;
  summaryJa: string | null;
  summaryEn: string | null;
  descriptionJa: string;
  descriptionEn: string | null;
  startsAt: Date;
  endsAt: Date;
  format: string;
  area: string;
  kind: string;
  venueName: string | null;
  venueAddress: string | null;
  venueMapUrl: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  waitlistEnabled: boolean;
  approvalRequired: boolean;
  reviewerKind: string | null;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  feeJa: string | null;
  feeEn: string | null;
  offerHoldHours: number;
  reminderHoursBefore: number[];
  surveyEnabled: boolean;
  surveyDelayHours: number;
};

export function eventFormValues(event: StoredEvent): FormValues {
  const values: FormValues = {
    slug: event.slug,
    titleJa: event.titleJa,
    titleEn: event.titleEn ?? "",
    summaryJa: event.summaryJa ?? "",
    summaryEn: event.summaryEn ?? "",
    descriptionJa: event.descriptionJa,
    descriptionEn: event.descriptionEn ?? "",
    format: event.format,
    area: event.area,
    kind: event.kind,
    venueName: event.venueName ?? "",
    venueAddress: event.venueAddress ?? "",
    venueMapUrl: event.venueMapUrl ?? "",
    onlineUrl: event.onlineUrl ?? "",
    capacity: event.capacity === null ? "" : String(event.capacity),
    waitlistEnabled: event.waitlistEnabled ? "on" : "",
    approvalRequired: event.approvalRequired ? "on" : "",
    // The owner (WDL) reviews unless the city was chosen.
    reviewerKind: event.reviewerKind ?? "WDL",
    feeJa: event.feeJa ?? "",
    feeEn: event.feeEn ?? "",
    offerHoldHours: String(event.offerHoldHours),
    reminderHoursBefore: event.reminderHoursBefore.join(", "),
    surveyEnabled: event.surveyEnabled ? "on" : "",
    surveyDelayHours: String(event.surveyDelayHours),
  };
  for (const name of ["startsAt", "endsAt", "registrationOpensAt", "registrationClosesAt"] as const) {
    const { date, time } = toJstInput(event[name]);
    values[`${name}.date`] = date;
    values[`${name}.time`] = time;
  }
  return values;
}
