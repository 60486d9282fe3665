import { formatJst } from "@/lib/export/columns";
import { BOM, csvRecord } from "@/lib/export/csv";
import type { Locale } from "@/lib/i18n/config";
import type { OwnData } from "@/lib/participants/data";
import { codeLabel, FIELD_LABELS, SECTION_LABELS, type CodeList } from "@/lib/participants/own-data-labels";

// The person's own data as one CSV that Excel opens as it is (UTF-8 with a BOM, CRLF, RFC 4180): a long table
// of section, record number, field and value, so every part of the JSON download fits in one sheet without a
// column per question. It is for people to read: sections, fields and codes in words (the page's language,
// Japanese unless English was chosen) and every time in Japan time (`2026-12-12 14:00`, JST). The JSON keeps
// codes and UTC for programs, with the words in its codebook. Cells that a spreadsheet would run as a formula
// are neutralised (lib/export/csv).

export const OWN_DATA_CSV_HEADER: Record<Locale, readonly string[]> = {
  ja: ["区分", "番号", "項目", "内容"],
  en: ["Section", "Record", "Field", "Value"],
};

type Cell = string | number | boolean | null | undefined | readonly string[];

const text = (value: Cell): string => (value === null || value === undefined ? "" : Array.isArray(value) ? value.join(" / ") : String(value));

export function ownDataRows(data: OwnData, locale: Locale = "ja"): string[][] {
  const rows: string[][] = [];
  const section = (key: string) => SECTION_LABELS[key]?.[locale] ?? key;
  const field = (key: string) => FIELD_LABELS[key]?.[locale] ?? key;
  const time = (iso: string | null) => (iso ? formatJst(new Date(iso)) : "");
  const code = (list: CodeList) => (value: string | null) => (value === null ? "" : codeLabel(list, value, locale));
  const codes = (list: CodeList) => (values: readonly string[]) => values.map((v) => codeLabel(list, v, locale));
  const push = (key: string, record: number, fields: Record<string, Cell>) => {
    for (const [name, value] of Object.entries(fields)) rows.push([section(key), String(record), field(name), text(value)]);
  };
  const yesNo = (value: boolean) => codeLabel("boolean", String(value), locale);

  push("format", 1, {
    name: data.format.name,
    version: data.format.version,
    exportedAt: time(data.format.exportedAt),
    timeZone: locale === "en" ? "Japan time (JST, UTC+9)" : "日本時間（JST）",
  });
  const p = data.profile;
  push("profile", 1, {
    id: p.id,
    name: p.name,
    furigana: p.furigana,
    email: p.email,
    affiliation: p.affiliation,
    prefectureCode: code("prefecture")(p.prefectureCode),
    municipality: p.municipality,
    relationships: codes("relationship")(p.relationships),
    interests: codes("interest")(p.interests),
    skills: p.skills,
    locale: code("locale")(p.locale),
    policyVersion: p.policyVersion,
    policyAcceptedAt: time(p.policyAcceptedAt),
    createdAt: time(p.createdAt),
    lastActiveAt: time(p.lastActiveAt),
  });
  data.registrations.forEach((r, i) => {
    const n = i + 1;
    push("registration", n, {
      id: r.id,
      event: r.event.titleJa,
      eventEn: r.event.titleEn,
      eventStartsAt: time(r.event.startsAt),
      eventEndsAt: time(r.event.endsAt),
      status: code("status")(r.status),
      createdAt: time(r.createdAt),
      confirmedAt: time(r.confirmedAt),
      cancelledAt: time(r.cancelledAt),
      checkedInAt: time(r.checkedInAt),
      howHeard: code("howHeard")(r.howHeard),
      howHeardOther: r.howHeardOther,
      relationshipsAtSignup: codes("relationship")(r.relationshipsAtSignup),
      answersPurgedAt: time(r.answersPurgedAt),
    });
    for (const a of r.answers) rows.push([section("registration.answer"), String(n), locale === "en" ? (a.questionEn ?? a.question) : a.question, a.text ?? text(a.choices)]);
    for (const h of r.history) {
      const change = `${h.from ? code("status")(h.from) : ""}→${code("status")(h.to)}（${code("actor")(h.by)}）`;
      rows.push([section("registration.history"), String(n), time(h.at), change]);
    }
  });
  data.consents.forEach((c, i) =>
    push("consent", i + 1, {
      purpose: code("purpose")(c.purpose),
      version: c.version,
      grantedAt: time(c.grantedAt),
      withdrawnAt: time(c.withdrawnAt),
      withdrawnVia: code("withdrawnVia")(c.withdrawnVia),
    }),
  );
  data.activities.forEach((a, i) =>
    push("activity", i + 1, { kind: code("activityKind")(a.kind), source: code("activitySource")(a.source), occurredOn: a.occurredOn, note: a.note, createdAt: time(a.createdAt) }),
  );
  data.surveys.forEach((s, i) =>
    push("survey", i + 1, {
      event: s.event,
      satisfaction: s.satisfaction,
      joinAgain: code("joinAgain")(s.joinAgain),
      nextSteps: codes("nextStep")(s.nextSteps),
      comment: s.comment,
      submittedAt: time(s.submittedAt),
    }),
  );
  data.mailPreferences.forEach((m, i) => push("mailPreference", i + 1, { category: code("mailCategory")(m.category), enabled: yesNo(m.enabled) }));
  data.mails.forEach((m, i) =>
    push("mail", i + 1, {
      template: code("template")(m.template),
      category: code("mailCategory")(m.category),
      subject: m.subject,
      status: code("mailStatus")(m.status),
      createdAt: time(m.createdAt),
      sentAt: time(m.sentAt),
    }),
  );
  data.pendingChanges.forEach((c, i) => {
    const typed = (key: string) => c.profile[key];
    const list = (key: string) => (Array.isArray(typed(key)) ? (typed(key) as unknown[]).map(String) : []);
    const one = (key: string) => (typeof typed(key) === "string" ? (typed(key) as string) : null);
    push("pendingChange", i + 1, {
      event: c.event,
      createdAt: time(c.createdAt),
      expiresAt: time(c.expiresAt),
      appliedAt: time(c.appliedAt),
      name: one("name"),
      furigana: one("furigana"),
      affiliation: one("affiliation"),
      prefectureCode: code("prefecture")(one("prefectureCode")),
      municipality: one("municipality"),
      relationships: codes("relationship")(list("relationships")),
      interests: codes("interest")(list("interests")),
      consents: codes("purpose")(c.consents),
      policyVersion: c.policyVersion,
    });
  });
  data.cityProvisions.forEach((c, i) => push("cityProvision", i + 1, { date: time(c.date), kind: code("provisionKind")(c.kind), items: codes("item")(c.items) }));
  return rows;
}

export function ownDataCsv(data: OwnData, locale: Locale = "ja"): string {
  return BOM + csvRecord(OWN_DATA_CSV_HEADER[locale]) + ownDataRows(data, locale).map(csvRecord).join("");
}
