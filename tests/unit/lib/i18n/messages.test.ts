import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe("UI messages", () => {
  it("has every Japanese string in English too, and no extra ones", () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });

  it("has no empty string", () => {
    const values = (m: unknown): unknown[] =>
      typeof m === "object" && m !== null ? Object.values(m).flatMap(values) : [m];
    expect(values(ja).filter((v) => typeof v !== "string" || v.trim() === "")).toEqual([]);
    expect(values(en).filter((v) => typeof v !== "string" || v.trim() === "")).toEqual([]);
  });
});
