import { describe, expect, it } from "vitest";
import { buildColumns, contentDisposition, exportQuestions, fixedColumnKeys, formatJst, type ExportQuestion, type ExportRow } from "@/lib/export/columns";

const t = (key: string, values?: Record<string, string>) => (values ? `${key}(${Object.values(values).join(",")})` : key);

function question(id: string, position: number, overrides: Partial<ExportQuestion> = {}): ExportQuestion {
  return { id, position, kind: "TEXT", labelJa: `設問${id}`, labelEn: null, options: [], sensitive: false, cityVisible: true, archivedAt: null, ...overrides };
}

const row: ExportRow = {
  id: "r1",
  status: "CONFIRMED",
  createdAt: new Date("2026-12-05T05:03:00Z"),
  checkedInAt: new Date("2026-12-12T14:59:00Z"),
  relationshipsAtSignup: ["HOMETOWN", "VISITED"],
  howHeard: "OTHER",
  howHeardOther: "ラジオ",
  utmSource: "x",
  utmMedium: null,
  utmCampaign: null,
  utmTerm: null,
  utmContent: null,
  ref: "abc",
  participant: {
    id: "p1",
    name: "大垣 太郎",
    furigana: "おおがき たろう",
    email: "taro@example.com",
    affiliation: null,
    prefectureCode: "13",
    municipality: "渋谷区",
    relationships: [],
    interests: ["tourism", "food"],
  },
  answers: [{ questionId: "q2", text: null, choices: ["b", "gone", "a"] }],
};

describe("export columns", () => {
  it("orders questions by position then id, archived ones last", () => {
    const qs = [
      question("q9", 2),
      question("q1", 5, { archivedAt: new Date() }),
      question("q3", 1),
      question("q2", 2),
      question("q0", 0, { archivedAt: new Date() }),
    ];
    expect(exportQuestions(qs, "wdl").map((q) => q.id)).toEqual(["q3", "q2", "q9", "q0", "q1"]);
  });

  it("gives the city no email, no utm/ref, no sensitive and no hidden question", () => {
    const qs = [question("a", 1), question("b", 2, { cityVisible: false }), question("c", 3, { sensitive: true }), question("d", 4, { sensitive: true, cityVisible: true })];
    expect(exportQuestions(qs, "city").map((q) => q.id)).toEqual(["a"]);
    const keys = buildColumns({ audience: "city", questions: qs, locale: "ja", t }).map((c) => c.key);
    expect(keys).toEqual([...fixedColumnKeys("city"), "answer:a"]);
    expect(keys).not.toContain("email");
    expect(keys.filter((k) => k.startsWith("utm") || k === "ref")).toEqual([]);
    const wdlKeys = buildColumns({ audience: "wdl", questions: qs, locale: "ja", t }).map((c) => c.key);
    expect(wdlKeys.slice(0, 5)).toEqual(["status", "registeredAt", "name", "furigana", "email"]);
    expect(wdlKeys.slice(-4)).toEqual(["answer:a", "answer:b", "answer:c", "answer:d"]);
  });

  it("writes labels, JST times and choice labels joined with 、", () => {
    const qs = [
      question("q2", 1, {
        kind: "MULTI_CHOICE",
        options: [
          { id: "a", labelJa: "水", labelEn: "Water" },
          { id: "b", labelJa: "仕事", labelEn: "Work" },
        ],
      }),
      question("q3", 2, { archivedAt: new Date(), labelJa: "旧設問" }),
    ];
    const columns = buildColumns({ audience: "wdl", questions: qs, locale: "ja", t });
    const values = Object.fromEntries(columns.map((c) => [c.key, c.value(row)]));
    expect(values).toMatchObject({
      status: "status.CONFIRMED",
      registeredAt: "2026-12-05 14:03",
      checkedInAt: "2026-12-12 23:59",
      prefecture: "東京都",
      relationships: "出身、訪問経験",
      interests: "観光、食・農",
      howHeard: "その他（ラジオ）",
      email: "taro@example.com",
      ref: "abc",
      "answer:q2": "仕事、gone、水",
      "answer:q3": "",
    });
    expect(columns.at(-1)!.header).toBe("columns.archivedQuestion(旧設問)");
    const en = buildColumns({ audience: "wdl", questions: qs, locale: "en", t });
    expect(en.find((c) => c.key === "answer:q2")!.value(row)).toBe("Work、gone、Water");
    expect(en.find((c) => c.key === "prefecture")!.value(row)).toBe("Tokyo");
  });

  it("formats times in JST whatever the process time zone", () => {
    expect(process.env.TZ).toBe("America/Los_Angeles");
    expect(formatJst(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01-01 00:00");
    expect(formatJst(null)).toBe("");
  });

  it("builds a Content-Disposition with an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("registrations-x-20261205.csv", "大垣の夜/参加者一覧 (1)_20261205.csv")).toBe(
      `attachment; filename="registrations-x-20261205.csv"; filename*=UTF-8''${encodeURIComponent("大垣の夜_参加者一覧 ")}%281%29_20261205.csv`,
    );
    expect(contentDisposition('a"b\\c;é.csv', "x.csv")).toBe(`attachment; filename="a_b_c__.csv"; filename*=UTF-8''x.csv`);
  });
});
