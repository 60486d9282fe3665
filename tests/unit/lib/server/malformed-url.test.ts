import { describe, expect, it } from "vitest";
import { pathDecodes } from "@/lib/server/malformed-url";

describe("pathDecodes", () => {
  it("refuses a path with a broken percent-escape, and only the path", () => {
    expect(pathDecodes("/events/%E0%A4%A")).toBe(false);
    expect(pathDecodes("/%")).toBe(false);
    expect(pathDecodes("/events/%ZZ")).toBe(false);
    expect(pathDecodes("/events/%E5%A4%A7%E5%9E%A3")).toBe(true);
    expect(pathDecodes("/events?q=%E0%A4%A")).toBe(true); // the query is parsed leniently by Next
    expect(pathDecodes("/")).toBe(true);
    expect(pathDecodes(undefined)).toBe(true);
  });
});
