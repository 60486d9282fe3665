import { BOM, csvRecord } from "@/lib/export/csv";
import type { OwnData } from "@/lib/participants/data";

// The person's own data as one CSV that Excel opens as it is (UTF-8 with a BOM, CRLF, RFC 4180): a long table
// of section, record number, field and value, so every part of the JSON download fits in one sheet without a
// column per question. Cells that a spreadsheet would run as a formula are neutralised (lib/export/csv).

export const OWN_DATA_CSV_HEADER = ["section", "record", "field", "value"] as const;

type Cell = string | number | boolean | null | undefined | readonly string[];

const text = (value: Cell): string => (value === null || value === undefined ? "" : Array.isArray(value) ? value.join(" / ") : String(value));

export function ownDataRows(data: OwnData): string[][] {
  const rows: string[][] = [];
  const push = (section: string, record: number | string, fields: Record<string, Cell>) => {
    for (const [field, value] of Object.entries(fields)) rows.push([section, String(record), field, text(value)]);
  };
  push("format", 1, { name: data.format.name, version: data.format.version, exportedAt: data.format.exportedAt });
  push("profile", 1, data.profile);
  data.registrations.forEach((r, i) => {
    const n = i + 1;
    push("registration", n, {
      id: r.id,
      event: r.event.titleJa,
      eventEn: r.event.titleEn,
      eventStartsAt: r.event.startsAt,
      eventEndsAt: r.event.endsAt,
      status: r.status,
      createdAt: r.createdAt,
      confirmedAt: r.confirmedAt,
      cancelledAt: r.cancelledAt,
      checkedInAt: r.checkedInAt,
      howHeard: r.howHeard,
      howHeardOther: r.howHeardOther,
      relationshipsAtSignup: r.relationshipsAtSignup,
      answersPurgedAt: r.answersPurgedAt,
    });
    for (const a of r.answers) rows.push(["registration.answer", String(n), a.question, a.text ?? text(a.choices)]);
    for (const h of r.history) rows.push(["registration.history", String(n), h.at, `${h.from ?? ""}→${h.to} (${h.by})`]);
  });
  data.consents.forEach((c, i) => push("consent", i + 1, c));
  data.activities.forEach((a, i) => push("activity", i + 1, a));
  data.surveys.forEach((s, i) => push("survey", i + 1, s));
  data.mailPreferences.forEach((p, i) => push("mailPreference", i + 1, p));
  data.mails.forEach((m, i) => push("mail", i + 1, m));
  data.cityProvisions.forEach((p, i) => push("cityProvision", i + 1, p));
  return rows;
}

export function ownDataCsv(data: OwnData): string {
  return BOM + csvRecord(OWN_DATA_CSV_HEADER) + ownDataRows(data).map(csvRecord).join("");
}
