import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import boundary of DESIGN.md §5: only lib/**/data.ts and lib/**/mutations.ts reach the database client.

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const usesDb = `import { getDb } from "@/lib/server/db";\nexport const count = () => getDb().event.count();\n`;

describe("lint: database import boundary", () => {
  it("allows the db client in data.ts and mutations.ts", async () => {
    expect(await restrictedImportErrors("lib/events/data.ts", usesDb)).toEqual([]);
    expect(await restrictedImportErrors("lib/registrations/mutations.ts", usesDb)).toEqual([]);
  });

  it("refuses it in pages, components, actions and loaders", async () => {
    for (const file of ["app/page.tsx", "components/events/EventCard.tsx", "lib/events/actions.ts", "lib/events/loaders.ts"]) {
      expect(await restrictedImportErrors(file, usesDb), file).toEqual([
        expect.stringContaining("Only lib/**/data.ts and lib/**/mutations.ts"),
      ]);
    }
  });

  it("refuses a relative path around the rule and a PrismaClient built elsewhere", async () => {
    expect(await restrictedImportErrors("lib/events/utils.ts", `import { getDb } from "../server/db";\nvoid getDb;\n`)).toHaveLength(1);
    expect(
      await restrictedImportErrors(
        "lib/events/data.ts",
        `import { PrismaClient } from "@/lib/generated/prisma/client";\nvoid PrismaClient;\n`,
      ),
    ).toEqual([expect.stringContaining("Only lib/db/client.ts constructs a PrismaClient")]);
  });
});
