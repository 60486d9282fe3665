import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { OwnData } from "@/lib/participants/data";
import { ownDataCsv } from "@/lib/participants/own-data-csv";

// The own-data CSV is for people: words instead of codes and Japan time instead of UTC, in the page's language
// (Japanese unless English). Runs under a non-Japanese TZ (vitest.config.ts), so a local-time slip shows.

const data: OwnData = {
  format: { name: "ogaki-kankei-participant-data", version: 2, exportedAt: "2026-12-12T15:30:00.000Z", conventions: { ja: "", en: "" } },
  profile: {
    id: "0190aaaa-0000-7000-8000-000000000001",
    name: "大垣 花子",
    furigana: "おおがき はなこ",
    email: "hanako@example.com",
    affiliation: null,
    prefectureCode: "13",
    municipality: "世田谷区",
    relationships: ["HOMETOWN", "VISITED"],
    interests: [],
    skills: [],
    locale: "ja",
    policyVersion: "2026-11",
    policyAcceptedAt: "2026-12-01T01:02:00.000Z",
    createdAt: "2026-12-01T01:02:00.000Z",
    lastActiveAt: "2026-12-12T05:00:00.000Z",
  },
  registrations: [
    {
      id: "0190aaaa-0000-7000-8000-000000000002",
      event: { slug: "night", titleJa: "大垣の夜", titleEn: "Ogaki night", startsAt: "2026-12-12T05:00:00.000Z", endsAt: "2026-12-12T08:00:00.000Z" },
      status: "CONFIRMED",
      createdAt: "2026-12-01T01:02:00.000Z",
      confirmedAt: "2026-12-01T01:02:00.000Z",
      cancelledAt: null,
      checkedInAt: null,
      howHeard: "SNS",
      howHeardOther: null,
      relationshipsAtSignup: ["HOMETOWN"],
      answersPurgedAt: null,
      answers: [],
      history: [{ from: null, to: "CONFIRMED", by: "PARTICIPANT", at: "2026-12-01T01:02:00.000Z" }],
    },
  ],
  consents: [{ purpose: "CITY_PROVISION", version: "1", grantedAt: "2026-12-01T01:02:00.000Z", withdrawnAt: null, withdrawnVia: null }],
  activities: [{ kind: "VISIT_OGAKI", source: "SELF_REPORTED", occurredOn: "2026-12-10", note: null, createdAt: "2026-12-10T14:59:00.000Z" }],
  surveys: [{ event: "大垣の夜", satisfaction: 5, joinAgain: "YES", nextSteps: ["VISIT_OGAKI"], comment: null, submittedAt: "2026-12-13T00:00:00.000Z" }],
  mailPreferences: [{ category: "REMINDER", enabled: true }],
  mails: [{ template: "registration-confirmed", category: "TRANSACTIONAL", subject: "参加登録が完了しました", status: "SENT", createdAt: "2026-12-01T01:02:00.000Z", sentAt: "2026-12-01T01:03:00.000Z" }],
  pendingChanges: [
    {
      event: "大垣の夜",
      createdAt: "2026-12-02T03:00:00.000Z",
      expiresAt: "2026-12-09T03:00:00.000Z",
      appliedAt: null,
      profile: { name: "大垣 はな", furigana: "おおがき はな", affiliation: "市役所", prefectureCode: "21", municipality: null, relationships: ["VISITED"], interests: [] },
      consents: ["CITY_PROVISION"],
      policyVersion: "2026-12",
    },
  ],
  cityProvisions: [{ date: "2026-12-05T06:00:00.000Z", kind: "EXPORT", items: ["name", "prefectureCode"] }],
  codebook: {},
};

const rowsOf = (csv: string) => parse(csv, { bom: true }) as string[][];
const valueOf = (rows: string[][], section: string, field: string) => rows.find((r) => r[0] === section && r[2] === field)?.[3];

describe("own-data CSV", () => {
  it("says everything in Japanese words and Japan time by default", () => {
    const csv = ownDataCsv(data);
    const rows = rowsOf(csv);
    expect(rows[0]).toEqual(["区分", "番号", "項目", "内容"]);
    expect(valueOf(rows, "ファイル情報", "作成日時")).toBe("2026-12-13 00:30");
    expect(valueOf(rows, "ファイル情報", "日時の表記")).toBe("日本時間（JST）");
    expect(valueOf(rows, "プロフィール", "お住まいの都道府県")).toBe("東京都");
    expect(valueOf(rows, "プロフィール", "大垣との関係")).toBe("出身 / 訪問経験");
    expect(valueOf(rows, "プロフィール", "表示言語")).toBe("日本語");
    expect(valueOf(rows, "お申し込み", "状態")).toBe("参加確定");
    expect(valueOf(rows, "お申し込み", "開始日時")).toBe("2026-12-12 14:00");
    expect(valueOf(rows, "お申し込み", "イベントを知ったきっかけ")).toBe("SNS（X・Facebook・Instagram など）");
    expect(rows.find((r) => r[0] === "お申し込みの履歴")?.slice(2)).toEqual(["2026-12-01 10:02", "→参加確定（ご本人）"]);
    expect(valueOf(rows, "同意", "目的")).toBe("大垣市への個人データの提供（第三者提供）");
    expect(valueOf(rows, "大垣との活動", "種類")).toBe("大垣を訪れた");
    expect(valueOf(rows, "大垣との活動", "登録日時")).toBe("2026-12-10 23:59");
    expect(valueOf(rows, "アンケート", "また参加したいか")).toBe("はい");
    expect(valueOf(rows, "アンケート", "次にしてみたいこと")).toBe("大垣を訪れる");
    expect(valueOf(rows, "メールの配信設定", "種類")).toBe("イベント前のリマインダー");
    expect(valueOf(rows, "メールの配信設定", "受け取る")).toBe("はい");
    expect(valueOf(rows, "お送りしたメール", "メールの内容")).toBe("参加登録の完了");
    expect(valueOf(rows, "お送りしたメール", "状態")).toBe("送信済み");
    expect(valueOf(rows, "大垣市への提供記録", "提供した項目")).toBe("氏名 / 都道府県");
    expect(valueOf(rows, "大垣市への提供記録", "日時")).toBe("2026-12-05 15:00");
    // What a sign-up with this address typed and the owner has not applied: shown, in words, never merged.
    expect(valueOf(rows, "反映待ちの入力内容", "氏名")).toBe("大垣 はな");
    expect(valueOf(rows, "反映待ちの入力内容", "お住まいの都道府県")).toBe("岐阜県");
    expect(valueOf(rows, "反映待ちの入力内容", "チェックされた同意")).toBe("大垣市への個人データの提供（第三者提供）");
    expect(valueOf(rows, "反映待ちの入力内容", "有効期限")).toBe("2026-12-09 12:00");
    expect(valueOf(rows, "反映待ちの入力内容", "反映した日時")).toBe("");
    // No internal code and no UTC time stamp is left for a person to decode.
    for (const code of ["CONFIRMED", "CITY_PROVISION", "VISIT_OGAKI", "REMINDER", "TRANSACTIONAL", "PARTICIPANT", "HOMETOWN", "registration-confirmed", "EXPORT", "T05:00"]) {
      expect(csv, code).not.toContain(code);
    }
  });

  it("follows the page's language when it is English", () => {
    const rows = rowsOf(ownDataCsv(data, "en"));
    expect(rows[0]).toEqual(["Section", "Record", "Field", "Value"]);
    expect(valueOf(rows, "Registration", "Status")).toBe("Confirmed");
    expect(valueOf(rows, "Registration", "Starts at")).toBe("2026-12-12 14:00");
    expect(valueOf(rows, "Profile", "Prefecture")).toBe("Tokyo");
    expect(valueOf(rows, "File", "Times")).toBe("Japan time (JST, UTC+9)");
  });
});
