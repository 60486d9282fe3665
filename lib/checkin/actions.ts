"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { checkIn, markNoShows, undoCheckIn, type CheckinOutcome, type CheckinRefusal } from "@/lib/checkin/mutations";
import { parseCheckinInput } from "@/lib/checkin/token";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { expectActionArgs } from "@/lib/server/action-input";
import { requireStaff } from "@/lib/server/auth";
import { formatDateTime } from "@/lib/time/format";

// The door's actions: gate (checkin.perform) → zod → mutation → revalidate. Every answer is a result the
// page shows in words (an expected outcome, never an error): checked in, already checked in, or refused.

export type CheckinResult =
  | { kind: "checked_in" | "already" | "undone"; registrationId: string; name: string; furigana: string; time: string | null }
  | {
      kind: "refused";
      reason: CheckinRefusal | "forged" | "malformed" | "not_checked_in";
      name?: string;
      otherEvent?: { title: string; date: string };
      /** When the door opens (too_early), in JST. */
      opens?: string;
    };

export type CheckinActionState = { submission: number; result?: CheckinResult };

export type NoShowState = { submission: number; marked?: number; error?: "not_ended" | "event_cancelled" | "not_found" | "not_confirmed" };

const uuid = z.uuid();
const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("checkin"), registrationId: uuid }),
  z.object({ intent: z.literal("undo"), registrationId: uuid }),
  z.object({ intent: z.enum(["code", "scan"]), code: z.string().max(200) }),
]);

const checkinPath = (eventId: string) => `/admin/events/${eventId}/checkin`;

function describe(outcome: CheckinOutcome, locale: Locale): CheckinResult {
  if (!outcome.ok) {
    return {
      kind: "refused",
      reason: outcome.reason,
      ...(outcome.person ? { name: outcome.person.name ?? "" } : {}),
      ...(outcome.otherEvent
        ? { otherEvent: { title: localized(outcome.otherEvent.titleJa, outcome.otherEvent.titleEn, locale), date: formatDateTime(outcome.otherEvent.startsAt, locale) } }
        : {}),
      ...(outcome.opensAt ? { opens: formatDateTime(outcome.opensAt, locale) } : {}),
    };
  }
  return {
    kind: outcome.already ? "already" : "checked_in",
    registrationId: outcome.person.registrationId,
    name: outcome.person.name ?? "",
    furigana: outcome.person.furigana ?? "",
    time: outcome.checkedInAt ? formatDateTime(outcome.checkedInAt, locale) : null,
  };
}

/**
 * One action for everything the check-in page sends: a tap in the list (`checkin`), undoing it (`undo`),
 * and a scanned QR payload or a typed check-in code (`scan`, `code`), so one result line answers them all.
 */
export async function submitCheckin(eventId: string, previous: CheckinActionState, formData: FormData): Promise<CheckinActionState> {
  const staff = await requireStaff("checkin.perform");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  const parsedEvent = uuid.safeParse(eventId);
  const parsed = formSchema.safeParse(Object.fromEntries(formData));
  if (!parsedEvent.success || !parsed.success) return { ...next, result: { kind: "refused", reason: "malformed" } };
  const locale = (await getLocale()) as Locale;
  const input = parsed.data;

  let result: CheckinResult;
  if (input.intent === "undo") {
    const outcome = await undoCheckIn({ eventId, registrationId: input.registrationId }, staff);
    result = outcome.ok
      ? { kind: "undone", registrationId: outcome.person.registrationId, name: outcome.person.name ?? "", furigana: outcome.person.furigana ?? "", time: null }
      : { kind: "refused", reason: outcome.reason };
  } else if (input.intent === "checkin") {
    result = describe(await checkIn({ eventId, registrationId: input.registrationId }, staff, { method: "list" }), locale);
  } else {
    const read = parseCheckinInput(input.code);
    if (read.kind === "forged" || read.kind === "malformed") {
      result = { kind: "refused", reason: read.kind };
    } else {
      const target = read.kind === "token" ? { eventId, registrationId: read.registrationId } : { eventId, checkinCode: read.checkinCode };
      result = describe(await checkIn(target, staff, { method: read.kind === "token" ? "qr" : "code" }), locale);
    }
  }
  revalidatePath(checkinPath(eventId));
  return { ...next, result };
}

/** After the event: confirmed people who were not checked in become no-shows (the form confirms first). */
export async function submitNoShows(eventId: string, previous: NoShowState, formData: FormData): Promise<NoShowState> {
  const staff = await requireStaff("checkin.perform");
  expectActionArgs({ strings: [eventId], forms: [formData] });
  const next = { submission: (Number(previous?.submission) || 0) + 1 };
  if (!uuid.safeParse(eventId).success) return { ...next, error: "not_found" };
  // The confirmation step: only the form's own confirm button sends this.
  if (formData.get("confirm") !== "yes") return { ...next, error: "not_confirmed" };
  const outcome = await markNoShows(eventId, staff);
  revalidatePath(checkinPath(eventId));
  return outcome.ok ? { ...next, marked: outcome.marked } : { ...next, error: outcome.reason };
}
