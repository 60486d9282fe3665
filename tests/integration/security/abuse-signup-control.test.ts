import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, signup } from "../../support/fixtures";
import { pinClockMidWindow } from "../../support/clock";

// Controls for abuse-signup.test.ts: with the protections switched off (by their settings) the same burst and
// the same too-fast form do write rows, so the assertions there can fail.

process.env.RATE_LIMIT_SIGNUP_PER_IP = "1000000";
process.env.RATE_LIMIT_SIGNUP_PER_EMAIL = "1000000";
process.env.SIGNUP_MIN_FILL_SECONDS = "0";

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.66" }) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "ja" }));

const { submitSignupForm } = await import("@/lib/registrations/actions");
const { issueFormToken } = await import("@/lib/registrations/form-token");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});
pinClockMidWindow();

function form(email: string, shownSecondsAgo: number) {
  const data = new FormData();
  const input = signup(email, { email });
  for (const [name, value] of [["name", input.name], ["furigana", input.furigana], ["email", email], ["prefectureCode", "13"], ["relationships", "VISITED"], ["interests", "tourism"]]) data.set(name!, value!);
  data.set("formToken", issueFormToken(Date.now() - shownSecondsAgo * 1000));
  data.set("website", "");
  return data;
}

describe("controls: protections off", () => {
  it("without the per-IP limit, a burst of 200 from one address creates 200 registrations", async () => {
    const event = await createEvent(t.db, { capacity: null });
    for (let start = 0; start < 200; start += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, k) => submitSignupForm(event.slug, { submission: 0, formToken: "" }, form(`control-${start + k}@control.example`, 20))),
      );
    }
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(200);
  });

  it("without a minimum fill time, a form sent at once is accepted and written", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const result = await submitSignupForm(event.slug, { submission: 0, formToken: "" }, form("fast@control.example", 0));
    expect(result.outcome).toMatchObject({ kind: "received", intake: "open" });
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(1);
  });
});
