import { describe, expect, it } from "vitest";
import { completeLockfile, platformOf } from "@/lib/cli/complete-lockfile";

describe("platformOf", () => {
  it("reads os, cpu and libc from a platform package's name", () => {
    expect(platformOf("@next/swc-darwin-arm64")).toEqual({ os: ["darwin"], cpu: ["arm64"] });
    expect(platformOf("@swc/core-win32-ia32-msvc")).toEqual({ os: ["win32"], cpu: ["ia32"] });
    expect(platformOf("@swc/core-linux-arm-gnueabihf")).toEqual({ os: ["linux"], cpu: ["arm"], libc: ["glibc"] });
    expect(platformOf("@unrs/resolver-binding-linux-riscv64-musl")).toEqual({ os: ["linux"], cpu: ["riscv64"], libc: ["musl"] });
    expect(platformOf("left-pad")).toBeNull();
  });
});

describe("completeLockfile", () => {
  it("adds missing optional platform entries, marked optional and dev like their parent, and nothing else", () => {
    const lock = {
      packages: {
        "": {},
        "node_modules/next": { version: "16.4.6", optionalDependencies: { "@next/swc-darwin-x64": "16.4.6", "@next/swc-linux-x64-gnu": "16.4.6" } },
        "node_modules/@next/swc-linux-x64-gnu": { version: "16.4.6", optional: true },
        "node_modules/eslint-thing": { version: "1.0.0", dev: true, optionalDependencies: { "@unrs/resolver-binding-win32-x64-msvc": "1.11.1" } },
      },
    };
    expect(completeLockfile(lock)).toEqual(["@next/swc-darwin-x64@16.4.6", "@unrs/resolver-binding-win32-x64-msvc@1.11.1"]);
    expect(lock.packages).toMatchObject({
      "node_modules/@next/swc-darwin-x64": { version: "16.4.6", optional: true, os: ["darwin"], cpu: ["x64"] },
      "node_modules/@unrs/resolver-binding-win32-x64-msvc": { version: "1.11.1", dev: true, optional: true, os: ["win32"], cpu: ["x64"] },
    });
    expect(completeLockfile(lock)).toEqual([]);
  });
});
