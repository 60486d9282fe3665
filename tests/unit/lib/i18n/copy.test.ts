import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { subjectForStaff } from "@/components/staff/campaigns/subject";
import { loadMessages } from "@/lib/i18n/messages";

// Copy slips that readers saw: doubled brackets, a double colon, a full-width colon in English, a raw merge tag
// as a page heading, and two funnel figures whose labels made them look contradictory.

const [ja, en] = await Promise.all([loadMessages("ja"), loadMessages("en")]);

function strings(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => strings(child, prefix ? `${prefix}.${key}` : key));
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return Promise.resolve(/\.tsx?$/.test(entry.name) ? [full] : []);
    }),
  );
  return nested.flat();
}

describe("copy", () => {
  it("has no doubled brackets or colons in either language", () => {
    const doubled = /[)）][)）]|[(（][(（]|[:：][:：]/;
    const found = [...strings(ja), ...strings(en)].filter(([, text]) => doubled.test(text.replace(/\{[^{}]*\}/g, "")));
    expect(found).toEqual([]);
  });

  it("uses no full-width colon in English", () => {
    expect(strings(en).filter(([, text]) => text.includes("："))).toEqual([]);
  });

  it("puts no full-width colon into a page or component unless the text is Japanese", async () => {
    const root = path.resolve(__dirname, "../../../..");
    const files = [...(await sourceFiles(path.join(root, "app"))), ...(await sourceFiles(path.join(root, "components")))];
    const offending: string[] = [];
    for (const file of files) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "").replace(/\/\*.*?\*\//g, "");
        if (code.includes("：") && !/locale === "ja"/.test(code)) offending.push(`${path.relative(root, file)}:${i + 1}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it("shows a campaign subject's merge tags as named placeholders, not as {{name}}", () => {
    const ja = { name: "〔氏名〕", eventTitle: "〔イベント名〕", eventDate: "〔開催日時〕" } as const;
    expect(subjectForStaff("{{name}}さん、{{ eventTitle }}のご案内（{{eventDate}}）", (field) => ja[field])).toBe("〔氏名〕さん、〔イベント名〕のご案内（〔開催日時〕）");
    // An unknown tag cannot be saved; if one were there it is left as written rather than guessed.
    expect(subjectForStaff("{{nickname}}", (field) => ja[field])).toBe("{{nickname}}");
  });

  it("labels the funnel's continuation stage and the repeat count so each says what it counts", () => {
    const message = (m: Record<string, unknown>, key: string) => strings(m).find(([k]) => k === key)?.[1] ?? "";
    // Continuation: ever attended twice within 12 months (any event, whole history). Repeaters: attendees of the
    // period with another attendance within 12 months around it. Neither may read as the other.
    expect(message(ja, "staffInsights.stageHelp.CONTINUATION")).toContain("これまでに");
    expect(message(ja, "staffInsights.figures.people.repeaters")).toContain("期間内の参加者");
    expect(message(en, "staffInsights.stageHelp.CONTINUATION")).toContain("at some point");
    expect(message(en, "staffInsights.figures.people.repeaters")).toContain("Attendees of the period");
    expect(message(ja, "staffInsights.cards.repeatRate")).not.toBe("再び参加した人 {repeaters}人");
  });
});
