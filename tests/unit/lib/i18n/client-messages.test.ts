import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMessages, PUBLIC_CLIENT_NAMESPACES, pickMessages } from "@/lib/i18n/messages";

// The root layout hands the browser only PUBLIC_CLIENT_NAMESPACES (all messages were ~100 KB of every public
// page's HTML); the staff layout hands its subtree all of them. So every client component that a page outside
// the staff layout can render must read only namespaces in that list: this walks the imports from those pages.

const root = path.resolve(import.meta.dirname, "../../../..");
const STAFF_LAYOUT_DIR = path.join(root, "app/admin/(staff)");
const ENTRY_FILES = /^(page|layout|error|not-found|global-error|template|loading)\.tsx?$/;

function entries(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return full === STAFF_LAYOUT_DIR ? [] : entries(full);
    return ENTRY_FILES.test(name) ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every client module reachable from the public entries, with the namespaces its useTranslations calls name. */
function publicClientModules(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue = entries(path.join(root, "app"));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    if (/^\s*["']use client["']/.test(source)) {
      found.set(path.relative(root, file), [...source.matchAll(/useTranslations\(\s*(?:["'`]([^"'`]*)["'`])?\s*\)/g)].map((m) => m[1] ?? ""));
    }
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const target = resolveImport(file, m[1]!);
      if (target && !target.includes(`${path.sep}node_modules${path.sep}`)) queue.push(target);
    }
  }
  return found;
}

const covered = (namespace: string) => PUBLIC_CLIENT_NAMESPACES.some((ns) => namespace === ns || namespace.startsWith(`${ns}.`));

describe("messages handed to the browser", () => {
  it("covers every namespace a client component outside the staff area reads", () => {
    const modules = publicClientModules();
    expect(modules.size).toBeGreaterThan(3); // the walk reaches the sign-up form, error page, survey …
    expect(modules.has("components/registrations/SignupForm.tsx")).toBe(true);
    const missing = [...modules].flatMap(([file, namespaces]) => namespaces.filter((ns) => !covered(ns)).map((ns) => `${file}: useTranslations(${JSON.stringify(ns)})`));
    expect(missing).toEqual([]);
  });

  it("picks those namespaces, nested ones included, and nothing else", async () => {
    const ja = await loadMessages("ja");
    const picked = pickMessages(ja, ["errors", "participant.me.activities"]);
    expect(Object.keys(picked).sort()).toEqual(["errors", "participant"]);
    expect(picked.errors).toEqual(ja.errors);
    const participant = picked.participant as Record<string, Record<string, unknown>>;
    expect(Object.keys(participant)).toEqual(["me"]);
    expect(Object.keys(participant.me!)).toEqual(["activities"]);
    expect(participant.me!.activities).toEqual((ja.participant as Record<string, Record<string, unknown>>).me!.activities);
  });

  it("is a small part of all messages", async () => {
    for (const locale of ["ja", "en"] as const) {
      const all = await loadMessages(locale);
      const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
      expect(size(pickMessages(all, PUBLIC_CLIENT_NAMESPACES))).toBeLessThan(size(all) / 4);
    }
  });
});
