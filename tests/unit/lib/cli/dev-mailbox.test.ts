import { describe, expect, it } from "vitest";
import { describeMailboxAccess, devMailboxOnByDefault } from "@/lib/cli/dev-mailbox";

describe("development mailbox defaults of the launcher", () => {
  it("the demo and `npm run dev` turn it on, but not behind a reverse proxy (TRUST_PROXY > 0)", () => {
    expect(devMailboxOnByDefault({ zeroConfig: true, dev: false, trustProxy: undefined })).toBe(true);
    expect(devMailboxOnByDefault({ zeroConfig: false, dev: true, trustProxy: "0" })).toBe(true);
    expect(devMailboxOnByDefault({ zeroConfig: false, dev: false, trustProxy: undefined })).toBe(false);
    for (const trustProxy of ["1", "true", "2"]) {
      expect(devMailboxOnByDefault({ zeroConfig: true, dev: false, trustProxy })).toBe(false);
      expect(devMailboxOnByDefault({ zeroConfig: false, dev: true, trustProxy })).toBe(false);
    }
  });

  it("the start banner says who can read it and how testers elsewhere get a link", () => {
    expect(describeMailboxAccess({ DEV_MAILBOX: true, TRUST_PROXY: 0, SMTP_URL: undefined })).toMatch(/only requests from this machine.*npm run mail:link -- <address>/);
    expect(describeMailboxAccess({ DEV_MAILBOX: false, TRUST_PROXY: 1, SMTP_URL: undefined })).toMatch(/off.*npm run mail:link/);
    expect(describeMailboxAccess({ DEV_MAILBOX: true, TRUST_PROXY: 1, SMTP_URL: undefined })).toMatch(/anyone the proxy lets through/);
    expect(describeMailboxAccess({ DEV_MAILBOX: true, TRUST_PROXY: 0, SMTP_URL: "smtp://mail.example" })).toBeNull();
  });
});
