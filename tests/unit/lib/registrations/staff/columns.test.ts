import { describe, expect, it } from "vitest";
import { MAX_HIDDEN_COLUMNS, nextHiddenColumns, tableColumns } from "@/lib/registrations/staff/columns";

describe("tableColumns", () => {
  it("lists the organisers' columns with the questions before the note, and only the city's for the city", () => {
    expect(tableColumns("full", ["a", "b"])).toEqual([
      "email", "affiliation", "residence", "relationships", "interests", "status", "attendance", "consent", "created", "q:a", "q:b", "note",
    ]);
    expect(tableColumns("city", ["a"])).toEqual(["affiliation", "residence", "relationships", "interests", "status", "attendance", "q:a"]);
  });
});

describe("nextHiddenColumns", () => {
  const available = tableColumns("full", ["a", "b"]);

  it("hides what was unticked on this table and keeps other events' hidden questions", () => {
    const shown = new Set(available.filter((key) => key !== "email" && key !== "q:a"));
    expect(nextHiddenColumns(["q:other", "email", "q:b"], available, shown)).toEqual(["q:other", "email", "q:a"]);
  });

  it("shows everything again when everything is ticked", () => {
    expect(nextHiddenColumns(["email", "q:a"], available, new Set(available))).toEqual([]);
  });

  it("keeps the newest choices within the limit", () => {
    const old = Array.from({ length: MAX_HIDDEN_COLUMNS }, (_, i) => `q:old-${i}`);
    const hidden = nextHiddenColumns(old, available, new Set(available.filter((key) => key !== "email")));
    expect(hidden).toHaveLength(MAX_HIDDEN_COLUMNS);
    expect(hidden.at(-1)).toBe("email");
    expect(hidden[0]).toBe("q:old-1");
  });
});
