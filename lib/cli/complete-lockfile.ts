import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// The npm registry this project's machines reach serves only some platforms' builds of a few packages
// (Next's SWC binaries, the ESLint resolver's bindings, @swc/core). `npm install` skips the optional ones it
// cannot fetch and leaves them out of package-lock.json, and `npm ci` then refuses the lock file as out of
// sync. This restores those entries, marked optional and limited to their os/cpu, so `npm ci` skips them
// exactly as it skips any other platform's binary. Run it after changing dependencies: `npm run lockfile`.

type LockEntry = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
};
type Lockfile = { packages: Record<string, LockEntry> };

const OS = ["darwin", "win32", "linux", "android", "freebsd", "openharmony", "sunos", "aix", "netbsd", "openbsd"];
const CPU: [RegExp, string][] = [
  [/-arm64(-|$)/, "arm64"],
  [/-x64(-|$)/, "x64"],
  [/-ia32(-|$)/, "ia32"],
  [/-arm(-|$)/, "arm"],
  [/-ppc64(-|$)/, "ppc64"],
  [/-s390x(-|$)/, "s390x"],
  [/-riscv64(-|$)/, "riscv64"],
  [/-loong64(-|$)/, "loong64"],
  [/-wasm32(-|$)/, "wasm32"],
];

export function platformOf(name: string): Pick<LockEntry, "os" | "cpu" | "libc"> | null {
  const base = name.split("/").pop() ?? name;
  const os = OS.find((o) => new RegExp(`(^|-)${o}(-|$)`).test(base));
  const cpu = CPU.find(([pattern]) => pattern.test(base))?.[1];
  if (!os || !cpu) return null;
  const libc = os === "linux" ? (/-musl/.test(base) ? ["musl"] : /-gnu/.test(base) ? ["glibc"] : undefined) : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

export function completeLockfile(lock: Lockfile): string[] {
  const added: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      // Where Node would look for it: nested folders first, then the top level.
      const candidates: string[] = [];
      let dir = location;
      while (dir) {
        candidates.push(`${dir}/node_modules/${name}`);
        const parent = dir.lastIndexOf("/node_modules/");
        dir = parent > 0 ? dir.slice(0, parent) : "";
      }
      candidates.push(`node_modules/${name}`);
      if (candidates.some((c) => lock.packages[c])) continue;
      const platform = platformOf(name);
      if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) {
        process.stderr.write(`cannot complete ${name}@${spec} (needed by ${location || "the project"})\n`);
        continue;
      }
      const dev = entry.dev ? { dev: true } : entry.devOptional ? { devOptional: true } : {};
      lock.packages[`node_modules/${name}`] = { version: spec, ...dev, optional: true, ...platform };
      added.push(`${name}@${spec}`);
    }
  }
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
  return added;
}

if (process.argv[1]?.endsWith("complete-lockfile.ts")) {
  const file = path.join(process.cwd(), "package-lock.json");
  const lock = JSON.parse(readFileSync(file, "utf8")) as Lockfile;
  const added = completeLockfile(lock);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(added.length ? `package-lock.json: restored ${added.length} platform entries\n` : "package-lock.json: complete\n");
}
