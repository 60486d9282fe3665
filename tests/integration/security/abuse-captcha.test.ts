import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";

// The optional CAPTCHA on the public sign-up (form and JSON API), with verifiers injected (no network here):
// accepted → the sign-up goes on; refused, throwing, hanging past TURNSTILE_TIMEOUT_MS, or no token at all →
// refused with "please try again" in both languages and nothing written. The real verifier against a local
// server is tested in tests/unit/lib/abuse/captcha.test.ts.

process.env.TURNSTILE_SITE_KEY = "1x00000000000000000000AA";
process.env.TURNSTILE_SECRET_KEY = "1x0000000000000000000000000000000AA";
process.env.TURNSTILE_TIMEOUT_MS = "300";
process.env.SIGNUP_MIN_FILL_SECONDS = "0";

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.77" }) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "ja" }));

const { setCaptchaVerifier, captchaConfig } = await import("@/lib/abuse/captcha");
const { signUp } = await import("@/lib/registrations/signup");
const { submitSignupForm } = await import("@/lib/registrations/actions");
const { issueFormToken } = await import("@/lib/registrations/form-token");
const { POST } = await import("@/app/api/events/[slug]/registrations/route");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => setCaptchaVerifier(undefined));

const seen: { token: string; ip: string }[] = [];
const verifiers = {
  accepting: { verify: async (token: string, ip: string) => (seen.push({ token, ip }), true) },
  refusing: { verify: async () => false },
  throwing: {
    verify: async (): Promise<boolean> => {
      throw new Error("network down");
    },
  },
  hanging: { verify: () => new Promise<boolean>(() => {}) },
  truthyNotTrue: { verify: async () => "yes" as unknown as boolean },
};

let n = 0;
async function nothingWritten(eventId: string) {
  expect(await t.db.registration.count({ where: { eventId } })).toBe(0);
  expect(await t.db.outboxMessage.count({ where: { eventId } })).toBe(0);
  expect(await t.db.participant.count({ where: { registrations: { none: {} } } })).toBe(0);
}

describe("CAPTCHA on sign-up", () => {
  it("is on when both keys are set", () => {
    expect(captchaConfig()).toEqual({ enabled: true, siteKey: "1x00000000000000000000AA" });
  });

  it("an accepted token lets the sign-up through; the verifier gets the token and the client address", async () => {
    setCaptchaVerifier(verifiers.accepting);
    const event = await createEvent(t.db);
    const result = await signUp(event.slug, { ...signup(++n), captchaToken: "tok-ok" }, { ip: "192.0.2.9" });
    expect(result).toMatchObject({ kind: "received", intake: "open" });
    expect(seen.at(-1)).toEqual({ token: "tok-ok", ip: "192.0.2.9" });
  });

  for (const name of ["refusing", "throwing", "hanging", "truthyNotTrue"] as const) {
    it(`a ${name} verifier refuses (fails closed) and nothing is written`, async () => {
      setCaptchaVerifier(verifiers[name]);
      const event = await createEvent(t.db);
      const started = Date.now();
      expect(await signUp(event.slug, { ...signup(++n), captchaToken: "tok" }, { ip: "192.0.2.9" })).toEqual({ kind: "captcha_failed" });
      expect(Date.now() - started).toBeLessThan(5_000); // a hanging verifier is cut off at TURNSTILE_TIMEOUT_MS
      await nothingWritten(event.id);
    });
  }

  it("no token, an empty one or a non-string one is refused without asking the verifier", async () => {
    const calls: string[] = [];
    setCaptchaVerifier({ verify: async (token) => (calls.push(token), true) });
    const event = await createEvent(t.db);
    for (const captchaToken of [undefined, "", 42, ["a"], "x".repeat(5000)]) {
      expect(await signUp(event.slug, { ...signup(++n), captchaToken }, { ip: "192.0.2.9" })).toEqual({ kind: "captcha_failed" });
    }
    expect(calls).toEqual([]);
    await nothingWritten(event.id);
  });

  it("JSON API: 403 with a ja/en 'please try again' message, then 202 once the token passes", async () => {
    const event = await createEvent(t.db);
    const post = (body: unknown) =>
      POST(
        new Request(`http://localhost/api/events/${event.slug}/registrations`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.44" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ slug: event.slug }) },
      );
    setCaptchaVerifier(verifiers.throwing);
    const refused = await post({ ...signup("api"), captchaToken: "tok" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: "captcha_failed",
      message: { ja: expect.stringContaining("もう一度お試しください"), en: expect.stringMatching(/try again/i) },
    });
    await nothingWritten(event.id);
    setCaptchaVerifier(verifiers.accepting);
    expect((await post({ ...signup("api"), captchaToken: "tok" })).status).toBe(202);
  });

  it("form: the widget's field carries the token; a refusal keeps the values and asks to send again", async () => {
    const event = await createEvent(t.db);
    const data = new FormData();
    const input = signup("form");
    for (const [name, value] of [["name", input.name], ["furigana", input.furigana], ["email", input.email], ["prefectureCode", "13"], ["relationships", "VISITED"], ["interests", "tourism"]]) data.set(name!, value!);
    data.set("formToken", issueFormToken(Date.now() - 20_000));
    data.set("website", "");
    data.set("cf-turnstile-response", "tok-form");
    setCaptchaVerifier(verifiers.hanging);
    const refused = await submitSignupForm(event.slug, { submission: 0, formToken: "" }, data);
    expect(refused.errors).toEqual({ form: { code: "captcha_failed" } });
    expect(refused.values).toMatchObject({ email: input.email });
    expect(refused.values).not.toHaveProperty("cf-turnstile-response");
    await nothingWritten(event.id);
    setCaptchaVerifier(verifiers.accepting);
    expect((await submitSignupForm(event.slug, { submission: 0, formToken: "" }, data)).outcome).toMatchObject({ kind: "received", intake: "open" });
    expect(seen.at(-1)).toEqual({ token: "tok-form", ip: "198.51.100.77" });
  });
});
