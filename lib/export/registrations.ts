import "server-only";
import { createTranslator } from "next-intl";
import { recordAudit, recordProvision } from "@/lib/audit/mutations";
import { buildColumns, contentDisposition, exportFileNames, exportQuestions, type ExportAudience, type ExportRow } from "@/lib/export/columns";
import { csvStream } from "@/lib/export/csv";
import { countExportRows, exportBatches, getExportEvent, listCityExportPersons } from "@/lib/export/data";
import { xlsxStream } from "@/lib/export/xlsx";
import type { Locale } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/messages";
import type { Staff } from "@/lib/server/auth";
import { isCityRole } from "@/lib/staff/permissions";

// A registration export, from the staff member to the response body. The order matters for the law: the
// audit entry and, for city staff, the provision record (APPI art. 29: who received which items of whom,
// under which consent) are written before the first row leaves. City rows are then limited to exactly the
// people in that record, so a person who consents while the file is being written is not provided unrecorded.

export type ExportFormat = "csv" | "xlsx";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function exportAudience(staff: Pick<Staff, "role">): ExportAudience {
  return isCityRole(staff.role) ? "city" : "wdl";
}

export async function exportTranslator(locale: Locale) {
  const messages = await loadMessages(locale);
  const t = createTranslator({ locale, messages, namespace: "staffExport" });
  return (key: string, values?: Record<string, string>) => t(key, values);
}

export type RegistrationExport = { body: ReadableStream<Uint8Array>; headers: Headers; rows: number };

export async function exportEventRegistrations(
  staff: Pick<Staff, "id" | "organizationId" | "role">,
  eventId: string,
  options: { format: ExportFormat; locale: Locale; ip?: string | null; batchSize?: number; now?: Date },
): Promise<RegistrationExport | null> {
  const event = await getExportEvent(staff, eventId);
  if (!event) return null;
  const audience = exportAudience(staff);
  const t = await exportTranslator(options.locale);
  const columns = buildColumns({ audience, questions: event.questions, locale: options.locale, t });
  const questionIds = exportQuestions(event.questions, audience).map((q) => q.id);

  let allowed: Set<string> | null = null;
  if (audience === "city") {
    const persons = await listCityExportPersons(staff, event.id);
    allowed = new Set(persons.map((p) => p.participantId));
    await recordProvision(staff, { kind: "EXPORT", eventId: event.id, items: columns.map((c) => c.key), persons });
  }
  const rows = await countExportRows(staff, event.id, audience);
  await recordAudit(staff, {
    action: "registrations.export",
    targetType: "Event",
    targetId: event.id,
    eventId: event.id,
    subjectCount: allowed ? allowed.size : rows,
    detail: { format: options.format, rows, columns: columns.map((c) => c.key) },
    ip: options.ip ?? null,
  });

  const source = exportBatches(staff, event.id, { audience, questionIds, batchSize: options.batchSize });
  const batches = mapBatches(source, (batch) =>
    batch.filter((row) => !allowed || allowed.has(row.participant.id)).map((row) => columns.map((c) => c.value(row))),
  );
  const header = columns.map((c) => c.header);
  const body =
    options.format === "csv"
      ? csvStream(header, batches)
      : xlsxStream({
          sheetName: t("sheetName"),
          header,
          batches,
          onError: (error) => console.error("export failed while streaming", { eventId: event.id, error: String(error) }),
        });

  const names = exportFileNames(event, options.locale, options.now ?? new Date(), options.format, t);
  const headers = new Headers({
    "Content-Type": EXPORT_CONTENT_TYPES[options.format],
    "Content-Disposition": contentDisposition(names.ascii, names.utf8),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  return { body, headers, rows };
}

function mapBatches(source: AsyncGenerator<ExportRow[], void, undefined>, map: (batch: ExportRow[]) => string[][]): AsyncIterator<string[][]> {
  return {
    async next() {
      const next = await source.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: map(next.value) };
    },
    async return() {
      await source.return();
      return { done: true, value: undefined };
    },
  };
}
