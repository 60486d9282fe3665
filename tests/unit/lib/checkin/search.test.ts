import { describe, expect, it } from "vitest";
import { foldForSearch, matchesSearch } from "@/lib/checkin/search";

const person = { name: "山田 花子", furigana: "やまだ はなこ", code: "ABCD2345" };

describe("check-in list search", () => {
  it("folds width, case, katakana and spaces", () => {
    expect(foldForSearch("ヤマダ　ハナコ")).toBe("やまだはなこ");
    expect(foldForSearch("ｱｲｳ")).toBe("あいう");
    expect(foldForSearch("abcd 2345")).toBe("abcd2345");
  });

  it("finds a person by name, furigana (in katakana too) or code", () => {
    for (const query of ["山田", "花子", "やまだ", "ヤマダハナコ", "はなこ", "abcd", "CD23", "", "  "]) {
      expect(matchesSearch(person, query), query).toBe(true);
    }
    for (const query of ["佐藤", "さとう", "ZZZZ"]) expect(matchesSearch(person, query), query).toBe(false);
  });
});
