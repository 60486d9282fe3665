import { describe, expect, it } from "vitest";
import { checksumMatches, prismaChecksum } from "@/lib/db/migrate";

describe("Prisma migration checksums", () => {
  it("is the lower-case hex SHA-256 of the script", () => {
    expect(prismaChecksum("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(prismaChecksum("-- 日本語\n")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches the same script with other line endings, and nothing else", () => {
    const unix = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
    const checksum = prismaChecksum(unix);
    expect(checksumMatches(unix.replace(/\n/g, "\r\n"), checksum)).toBe(true);
    expect(checksumMatches(unix, prismaChecksum(unix.replace(/\n/g, "\r\n")))).toBe(true);
    expect(checksumMatches(`${unix}-- changed\n`, checksum)).toBe(false);
  });
});
