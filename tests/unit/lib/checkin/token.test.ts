import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { checkinPayloadFor, checkinTokenFor, parseCheckinInput } from "@/lib/checkin/token";
import { signedToken } from "@/lib/server/secrets";

beforeAll(() => {
  // Read lazily by lib/server/env.ts on first use.
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:5432/unused";
});

describe("check-in token", () => {
  it("round-trips: the payload of a registration reads back as that registration", () => {
    const id = randomUUID();
    const payload = checkinPayloadFor(id);
    expect(payload).toBe(`${id}.${checkinTokenFor(id)}`);
    expect(parseCheckinInput(payload)).toEqual({ kind: "token", registrationId: id });
    expect(parseCheckinInput(`  ${payload}\n`)).toEqual({ kind: "token", registrationId: id }); // scanner noise
  });

  it("is stable for one registration and different for another", () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect(checkinTokenFor(a)).toBe(checkinTokenFor(a));
    expect(checkinTokenFor(a)).not.toBe(checkinTokenFor(b));
  });

  it("refuses a forged token, another registration's token and a token of another purpose", () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const token = checkinTokenFor(mine);
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(parseCheckinInput(`${mine}.${flipped}`)).toEqual({ kind: "forged" });
    // A valid token moved onto another registration's id (e.g. to check someone else in).
    expect(parseCheckinInput(`${theirs}.${token}`)).toEqual({ kind: "forged" });
    // The manage link's token is signed for another purpose and never opens the door.
    expect(parseCheckinInput(`${mine}.${signedToken("manage", mine)}`)).toEqual({ kind: "forged" });
    expect(parseCheckinInput(`${mine}.`)).toEqual({ kind: "forged" });
    expect(parseCheckinInput(`${mine}.short`)).toEqual({ kind: "forged" });
  });

  it("depends on the secret: a token made under another AUTH_SECRET does not verify", async () => {
    const id = randomUUID();
    const { createHmac } = await import("node:crypto");
    const other = createHmac("sha256", "another-secret-another-secret-another").update(`checkin:${id}`).digest("base64url");
    expect(parseCheckinInput(`${id}.${other}`)).toEqual({ kind: "forged" });
  });
});

describe("check-in code typed at the door", () => {
  it("accepts the 8-character code loosely typed", () => {
    expect(parseCheckinInput("ABCD2345")).toEqual({ kind: "code", checkinCode: "ABCD2345" });
    expect(parseCheckinInput("abcd-2345")).toEqual({ kind: "code", checkinCode: "ABCD2345" });
    expect(parseCheckinInput("ＡＢＣＤ　２３４５")).toEqual({ kind: "code", checkinCode: "ABCD2345" });
  });

  it("refuses anything else as malformed", () => {
    for (const text of ["", "ABC", "ABCD23456", "ABCD2340" /* 0 is not in the alphabet */, "https://example.com/x", "山田"]) {
      expect(parseCheckinInput(text), text).toEqual({ kind: "malformed" });
    }
  });
});
