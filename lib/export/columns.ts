import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import { HOW_HEARD, INTERESTS, labelOf, PREFECTURES, RELATIONSHIPS } from "@/lib/participants/options";

// The columns of a registration export, in their order, for each audience. What the city may receive is
// decided here and only here (DESIGN.md §4): never the email address, never utm/ref, never a `sensitive`
// question, and only the questions marked city-visible. The data layer selects no more than these columns
// need, and the export page shows the same list.

export type ExportAudience = "wdl" | "city";

export type ExportQuestion = {
  id: string;
  position: number;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  labelJa: string;
  labelEn: string | null;
  options: { id: string; labelJa: string; labelEn?: string | null }[];
  sensitive: boolean;
  cityVisible: boolean;
  archivedAt: Date | null;
};

export type ExportRow = {
  id: string;
  status: string;
  createdAt: Date;
  checkedInAt: Date | null;
  relationshipsAtSignup: string[];
  howHeard: string | null;
  howHeardOther: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  ref: string | null;
  participant: {
    id: string;
    name: string | null;
    furigana: string | null;
    email?: string | null;
    affiliation: string | null;
    prefectureCode: string | null;
    municipality: string | null;
    relationships: string[];
    interests: string[];
  };
  answers: { questionId: string; text: string | null; choices: string[] }[];
};

/** The fixed columns, in file order, with the audiences that receive each. */
export const FIXED_COLUMNS = [
  { key: "status", city: true },
  { key: "registeredAt", city: true },
  { key: "name", city: true },
  { key: "furigana", city: true },
  { key: "email", city: false },
  { key: "affiliation", city: true },
  { key: "prefecture", city: true },
  { key: "municipality", city: true },
  { key: "relationships", city: true },
  { key: "interests", city: true },
  { key: "howHeard", city: true },
  { key: "utmSource", city: false },
  { key: "utmMedium", city: false },
  { key: "utmCampaign", city: false },
  { key: "utmTerm", city: false },
  { key: "utmContent", city: false },
  { key: "ref", city: false },
  { key: "checkedInAt", city: true },
] as const;

export type FixedColumnKey = (typeof FIXED_COLUMNS)[number]["key"];

export function fixedColumnKeys(audience: ExportAudience): FixedColumnKey[] {
  return FIXED_COLUMNS.filter((c) => audience === "wdl" || c.city).map((c) => c.key);
}

/**
 * The event's questions in a stable column order: current ones by position (then id, so equal positions never
 * swap between two exports), then archived ones in the same order, so answers given before a question was
 * removed are still exported. The city gets only city-visible questions, and never a sensitive one.
 */
export function exportQuestions(questions: readonly ExportQuestion[], audience: ExportAudience): ExportQuestion[] {
  const byPosition = (a: ExportQuestion, b: ExportQuestion) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const allowed = questions.filter((q) => audience === "wdl" || (q.cityVisible && !q.sensitive));
  return [...allowed.filter((q) => !q.archivedAt).sort(byPosition), ...allowed.filter((q) => q.archivedAt).sort(byPosition)];
}

/**
 * A column. Keys are also the items of a city export's provision record: the fixed keys, and
 * `answer:<questionId>` for a question, as the city's list view records them (lib/registrations/staff/city.ts).
 */
export type ExportColumn = { key: string; header: string; value: (row: ExportRow) => string };

/** Translates a key of the `staffExport` namespace (headers and status labels). */
export type ExportTranslate = (key: string, values?: Record<string, string>) => string;

const joinLabels = (labels: string[]) => labels.join("、");

// Asia/Tokyo has kept UTC+9 without daylight saving since 1951, so JST is a fixed shift of UTC. Intl's
// formatToParts, called twice a row, was 8% of a 50,000-row export's CPU time (profile of tests/bench/export.ts).
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2026-12-05 14:03` in JST: sorts as text and reads the same in every locale of Excel. */
export function formatJst(date: Date | null): string {
  if (!date) return "";
  const iso = new Date(date.getTime() + JST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function questionValue(question: ExportQuestion, locale: Locale) {
  const optionLabel = new Map(question.options.map((o) => [o.id, localized(o.labelJa, o.labelEn, locale)]));
  return (row: ExportRow) => {
    const answer = row.answers.find((a) => a.questionId === question.id);
    if (!answer) return "";
    if (question.kind === "SINGLE_CHOICE" || question.kind === "MULTI_CHOICE") {
      // An option removed since keeps its id in old answers: shown as stored rather than lost.
      return joinLabels(answer.choices.map((id) => optionLabel.get(id) ?? id));
    }
    return answer.text ?? "";
  };
}

export function buildColumns(options: {
  audience: ExportAudience;
  questions: readonly ExportQuestion[];
  locale: Locale;
  t: ExportTranslate;
}): ExportColumn[] {
  const { audience, locale, t } = options;
  const fixed: Record<FixedColumnKey, (row: ExportRow) => string> = {
    status: (r) => t(`status.${r.status}`),
    registeredAt: (r) => formatJst(r.createdAt),
    name: (r) => r.participant.name ?? "",
    furigana: (r) => r.participant.furigana ?? "",
    email: (r) => r.participant.email ?? "",
    affiliation: (r) => r.participant.affiliation ?? "",
    prefecture: (r) => (r.participant.prefectureCode ? labelOf(PREFECTURES, r.participant.prefectureCode, locale) : ""),
    municipality: (r) => r.participant.municipality ?? "",
    // What the person said when signing up for this event; the profile's value for rows added without it.
    relationships: (r) =>
      joinLabels(
        (r.relationshipsAtSignup.length > 0 ? r.relationshipsAtSignup : r.participant.relationships).map((id) =>
          labelOf(RELATIONSHIPS, id, locale),
        ),
      ),
    interests: (r) => joinLabels(r.participant.interests.map((id) => labelOf(INTERESTS, id, locale))),
    howHeard: (r) => {
      if (!r.howHeard) return "";
      const label = labelOf(HOW_HEARD, r.howHeard, locale);
      return r.howHeardOther ? `${label}（${r.howHeardOther}）` : label;
    },
    utmSource: (r) => r.utmSource ?? "",
    utmMedium: (r) => r.utmMedium ?? "",
    utmCampaign: (r) => r.utmCampaign ?? "",
    utmTerm: (r) => r.utmTerm ?? "",
    utmContent: (r) => r.utmContent ?? "",
    ref: (r) => r.ref ?? "",
    checkedInAt: (r) => formatJst(r.checkedInAt),
  };
  const columns: ExportColumn[] = fixedColumnKeys(audience).map((key) => ({ key, header: t(`columns.${key}`), value: fixed[key] }));
  for (const question of exportQuestions(options.questions, audience)) {
    const label = localized(question.labelJa, question.labelEn, locale);
    columns.push({
      key: `answer:${question.id}`,
      header: question.archivedAt ? t("columns.archivedQuestion", { label }) : label,
      value: questionValue(question, locale),
    });
  }
  return columns;
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients and the Japanese name in
 * `filename*` (RFC 6266 / RFC 8187), with path separators, quotes and control characters removed.
 */
export function contentDisposition(asciiName: string, utf8Name: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\/;]/g, "_");
  const clean = utf8Name.replace(/[\u0000-\u001f\u007f"\\/:*?<>|]/g, "_");
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** `registrations-<slug>-20261205.csv` and `<title>_参加者一覧_20261205.csv` (the date of the export, JST). */
export function exportFileNames(event: { slug: string; titleJa: string; titleEn: string | null }, locale: Locale, now: Date, extension: string, t: ExportTranslate) {
  const stamp = formatJst(now).slice(0, 10).replaceAll("-", "");
  return {
    ascii: `registrations-${event.slug}-${stamp}.${extension}`,
    utf8: `${t("fileName", { title: localized(event.titleJa, event.titleEn, locale) })}_${stamp}.${extension}`,
  };
}
