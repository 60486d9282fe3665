import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env-schema";

const valid = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/ogaki" };

describe("parseEnv", () => {
  it("accepts a minimal development configuration and fills the defaults", () => {
    const result = parseEnv(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.env.APP_URL).toBe("http://localhost:3000");
    expect(result.env.SMTP_URL).toBeUndefined();
    expect(result.env.MAIL_DIR).toBe(".data/mail");
    expect(result.env.RETENTION_ANSWERS_DAYS).toBe(180);
  });

  it("names a malformed DATABASE_URL in one readable message", () => {
    const result = parseEnv({ DATABASE_URL: "mysql://nope" });
    expect(result).toEqual({ ok: false, message: expect.stringContaining("DATABASE_URL must be a URL like postgresql://") });
    expect(result.ok ? "" : result.message).not.toMatch(/\bat .*\(/); // no stack trace
  });

  it("says when DATABASE_URL is missing", () => {
    expect(parseEnv({})).toEqual({ ok: false, message: expect.stringContaining("DATABASE_URL is not set") });
  });

  it("requires AUTH_SECRET in production, and a long one", () => {
    expect(parseEnv({ ...valid, NODE_ENV: "production" })).toEqual({
      ok: false,
      message: expect.stringContaining("AUTH_SECRET is required in production"),
    });
    expect(parseEnv({ ...valid, NODE_ENV: "production", AUTH_SECRET: "short" })).toEqual({
      ok: false,
      message: expect.stringContaining("AUTH_SECRET must be at least 32 characters"),
    });
    expect(parseEnv({ ...valid, NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) }).ok).toBe(true);
  });

  it("names a malformed SMTP_URL and treats an empty one as unset", () => {
    expect(parseEnv({ ...valid, SMTP_URL: "mail.example.com" })).toEqual({
      ok: false,
      message: expect.stringContaining("SMTP_URL must be a URL like smtp://"),
    });
    const empty = parseEnv({ ...valid, SMTP_URL: "" });
    expect(empty.ok && empty.env.SMTP_URL).toBeUndefined();
  });

  it("lists every bad variable at once", () => {
    const result = parseEnv({ DATABASE_URL: "x", SMTP_URL: "y", RETENTION_ANSWERS_DAYS: "-3" });
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : result.message;
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("SMTP_URL");
    expect(message).toContain("RETENTION_ANSWERS_DAYS");
  });
});
