import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { checkinPayloadFor } from "@/lib/checkin/token";
import { signedToken } from "@/lib/server/secrets";
import { parseSurveyToken, surveyTokenFor } from "@/lib/surveys/token";

beforeAll(() => {
  // Read lazily by lib/server/env.ts on first use.
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:5432/unused";
});

// The derived survey links of mails sent before stored links (lib/participants/links); new mails carry stored
// links, checked against the database (tests/integration/lib/participants/links.test.ts).
describe("derived survey link token", () => {
  it("round-trips: the link of a registration reads back as that registration", () => {
    const id = randomUUID();
    const token = surveyTokenFor(id);
    expect(token).toMatch(new RegExp(`^${id}\\.[\\w-]{43}$`));
    expect(token).toBe(`${id}.${signedToken("survey", id)}`);
    expect(parseSurveyToken(token)).toBe(id);
    // An id in capitals (a mail client that rewrote the link) still names the same registration.
    expect(parseSurveyToken(`${id.toUpperCase()}.${token.split(".")[1]}`)).toBe(id);
  });

  it("refuses a forged signature, another registration's signature and a token of another purpose", () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const signature = surveyTokenFor(mine).split(".")[1]!;
    const flipped = signature.slice(0, -1) + (signature.endsWith("A") ? "B" : "A");
    expect(parseSurveyToken(`${mine}.${flipped}`)).toBeNull();
    // A genuine signature moved onto someone else's id (to answer, or read, another person's survey).
    expect(parseSurveyToken(`${theirs}.${signature}`)).toBeNull();
    // The manage link and the check-in QR code are signed for other purposes and open no survey.
    expect(parseSurveyToken(`${mine}.${signedToken("manage", mine)}`)).toBeNull();
    expect(parseSurveyToken(checkinPayloadFor(mine))).toBeNull();
    // Signed under another AUTH_SECRET.
    const other = createHmac("sha256", "another-secret-another-secret-another").update(`survey:${mine}`).digest("base64url");
    expect(parseSurveyToken(`${mine}.${other}`)).toBeNull();
  });

  it("refuses malformed input without throwing", () => {
    const id = randomUUID();
    const good = surveyTokenFor(id);
    for (const bad of ["", ".", id, `${id}.`, `${id}.short`, `${good}x`, `${good}.x`, ` ${good}`, `not-a-uuid.${good.split(".")[1]}`, "a".repeat(5000), `${id}.${"é".repeat(43)}`]) {
      expect(parseSurveyToken(bad), bad.slice(0, 60)).toBeNull();
    }
  });
});
