import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm audit` has no service to ask on this project's machines, so the lock file is checked here against the
// lowest versions known to be free of the advisories that matter to this app, and for where packages come
// from. Raise a floor when an advisory is published (and say which in its reason); never lower one.

type LockEntry = { version?: string; resolved?: string; integrity?: string; link?: boolean; optional?: boolean; os?: string[]; cpu?: string[] };
type Lockfile = { lockfileVersion: number; packages: Record<string, LockEntry> };

const root = path.resolve(import.meta.dirname, "../..");
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;

const MINIMUM_SAFE: Record<string, { version: string; reason: string }> = {
  next: { version: "16.3.3", reason: "August 2026 security release (GHSA-2xp9-vwfh-vxw4, GHSA-p293-qw3h-jr36), after the May and July 2026 releases (proxy bypass, RSC DoS, SSRF, CSP-nonce XSS, cache poisoning)" },
  react: { version: "19.2.1", reason: "React Server Components remote code execution (CVE-2025-55182) and its follow-ups" },
  "react-dom": { version: "19.2.1", reason: "kept with react" },
  "next-auth": { version: "4.24.12", reason: "email sign-in could be sent to an attacker-chosen address (GHSA-5jpx-9hw9-2fx4)" },
  nodemailer: { version: "10.4.1", reason: "address parser: comments and whitespace around a dot of the domain (10.4.1); earlier: mail to an unintended domain through quoted local parts (GHSA-mm7p-fcc7-pg87, 7.0.7)" },
  prisma: { version: "7.10.0", reason: "the release this schema, its migrations and the pg adapter are verified with (no published advisory; raise when one appears)" },
  "@prisma/client": { version: "7.10.0", reason: "kept with prisma" },
  "@prisma/adapter-pg": { version: "7.10.0", reason: "kept with prisma" },
};

/** -1, 0 or 1; numeric dot-separated versions, a pre-release is below its release. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = "", pre] = v.split("-", 2);
    return { parts: core.split(".").map((n) => Number.parseInt(n, 10)), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Every copy of `name` in the lock file (top level and nested), with where it sits. */
function copiesOf(name: string): { at: string; version: string }[] {
  return Object.entries(lock.packages)
    .filter(([at]) => at === `node_modules/${name}` || at.endsWith(`/node_modules/${name}`))
    .map(([at, entry]) => ({ at, version: entry.version ?? "" }));
}

describe("package-lock.json", () => {
  it("compares versions numerically", () => {
    expect(compareVersions("10.4.1", "10.4.1")).toBe(0);
    expect(compareVersions("10.10.0", "10.4.1")).toBe(1);
    expect(compareVersions("7.0.13", "10.4.1")).toBe(-1);
    expect(compareVersions("16.4.0-canary.3", "16.4.0")).toBe(-1);
  });

  it.each(Object.entries(MINIMUM_SAFE))("holds no copy of %s below its safe minimum", (name, { version }) => {
    const copies = copiesOf(name);
    expect(copies.length, `${name} is not in the lock file`).toBeGreaterThan(0);
    const unsafe = copies.filter((copy) => compareVersions(copy.version, version) < 0);
    expect(unsafe, `${name} below ${version}: ${MINIMUM_SAFE[name]!.reason}`).toEqual([]);
  });

  it("takes every package from the npm registry, pinned by an integrity hash", () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    const foreign: string[] = [];
    for (const [at, entry] of Object.entries(lock.packages)) {
      if (at === "" || !at.includes("node_modules/")) continue;
      if (entry.link) foreign.push(`${at}: a link to a local folder`);
      else if (entry.resolved && !entry.resolved.startsWith("https://registry.npmjs.org/")) foreign.push(`${at}: ${entry.resolved}`);
      else if (!/^\d+\.\d+\.\d+/.test(entry.version ?? "")) foreign.push(`${at}: version ${entry.version}`);
      // Other platforms' binaries the registry here does not serve are listed without a hash (npm run lockfile,
      // lib/cli/complete-lockfile.ts): optional and limited to their os/cpu, so npm ci here never installs them.
      else if (!entry.integrity?.startsWith("sha512-") && !(entry.optional && (entry.os || entry.cpu))) foreign.push(`${at}: no sha512 integrity`);
    }
    expect(foreign).toEqual([]);
  });

  it("names only registry versions in package.json (no git, file, URL or alias specs)", () => {
    const specs = ["dependencies", "devDependencies", "optionalDependencies", "overrides"].flatMap((field) =>
      Object.entries(manifest[field] ?? {}).map(([name, spec]) => ({ name, spec: String(spec) })),
    );
    const bad = specs.filter(({ spec }) => /^(git|github:|file:|link:|https?:|npm:)|\//.test(spec) && !spec.startsWith("$"));
    expect(bad).toEqual([]);
  });
});
