import { describe, expect, it } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

const [ja, en] = await Promise.all([loadMessages("ja"), loadMessages("en")]);

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
