import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env-schema";
import { CURRENT_CONSENT_VERSION, CURRENT_POLICY_VERSION as STORED_VERSION } from "@/lib/registrations/policy";
import { CITY_PARTICIPANT_FIELDS, CITY_REGISTRATION_FIELDS } from "@/lib/registrations/staff/city";
import { CURRENT_POLICY_VERSION, POLICY_VERSIONS, cityItemLabels, findPolicyVersion, policyContext } from "@/lib/privacy/policy";

const env = (extra: Record<string, string> = {}) => {
  const result = parseEnv({ DATABASE_URL: "postgresql://u@h:5432/d", ...extra });
  if (!result.ok) throw new Error(result.message);
  return result.env;
};

const textOf = (doc: ReturnType<(typeof POLICY_VERSIONS)[number]["render"]>) =>
  [doc.title, doc.lead, ...doc.sections.flatMap((s) => [s.heading, ...s.blocks.flatMap((b) => ("p" in b ? [b.p] : "ul" in b ? b.ul : [b.mail]))])].join("\n");

describe("privacy policy", () => {
  it("the version stored with registrations and consents is the current policy, and every version opens", () => {
    expect(STORED_VERSION).toBe(CURRENT_POLICY_VERSION);
    expect(CURRENT_CONSENT_VERSION).toBe(CURRENT_POLICY_VERSION);
    expect(new Set(POLICY_VERSIONS.map((v) => v.version)).size).toBe(POLICY_VERSIONS.length);
    // The version every consent stored before the full policy existed stays readable.
    expect(findPolicyVersion("2026-10")).not.toBeNull();
    expect(findPolicyVersion("1999-01")).toBeNull();
    expect(findPolicyVersion("../etc")).toBeNull();
  });

  it("names the configured operator, contact, retention periods and the city's items, in Japanese and English", () => {
    const configured = env({
      OPERATOR_NAME_JA: "一般社団法人テスト運営",
      OPERATOR_NAME_EN: "Test Operator",
      OPERATOR_ADDRESS_JA: "東京都テスト区1-2-3",
      OPERATOR_ADDRESS_EN: "1-2-3 Test-ku, Tokyo",
      OPERATOR_CONTACT_EMAIL: "privacy@test.example",
      RETENTION_ANSWERS_DAYS: "123",
      RETENTION_CARE_NOTE_DAYS: "4",
      RETENTION_INACTIVE_MONTHS: "27",
    });
    const current = findPolicyVersion(CURRENT_POLICY_VERSION)!;
    const ja = textOf(current.render(policyContext(configured, "ja"), "ja"));
    const en = textOf(current.render(policyContext(configured, "en"), "en"));
    for (const [text, name, address] of [[ja, "一般社団法人テスト運営", "東京都テスト区1-2-3"], [en, "Test Operator", "1-2-3 Test-ku, Tokyo"]] as const) {
      expect(text).toContain(name);
      expect(text).toContain(address);
      expect(text).toContain("privacy@test.example");
    }
    expect(ja).toMatch(/123日後/);
    expect(ja).toMatch(/4日後/);
    expect(ja).toMatch(/27か月/);
    expect(en).toMatch(/123 days/);
    expect(en).toMatch(/27 months/);
    for (const label of cityItemLabels("ja")) expect(ja).toContain(label);
    for (const label of cityItemLabels("en")) expect(en).toContain(label);
    // Sections the law and the partners ask for.
    const ids = current.render(policyContext(configured, "ja"), "ja").sections.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(["operator", "purposes", "city", "outsourcing", "retention", "rights", "contact"]));
  });

  it("lists one item per field the city's views are limited to (plus the city-visible answers)", () => {
    expect(cityItemLabels("ja")).toHaveLength(CITY_PARTICIPANT_FIELDS.length + CITY_REGISTRATION_FIELDS.length + 1);
  });

  it("has demo defaults for every operator setting", () => {
    const defaults = env();
    expect(defaults.OPERATOR_NAME_JA).toBeTruthy();
    expect(defaults.OPERATOR_CONTACT_EMAIL).toMatch(/@/);
    expect(parseEnv({ DATABASE_URL: "postgresql://u@h:5432/d", OPERATOR_CONTACT_EMAIL: "not-an-address" }).ok).toBe(false);
  });
});
