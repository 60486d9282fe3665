import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAppDatabase } from "../../../../../../support/app-env";
import type { TestDatabase } from "../../../../../../support/db";
import { createEvent } from "../../../../../../support/fixtures";
import { context, nextIp } from "../../helpers";

// The public .ics names a real contact as ORGANIZER: MAIL_REPLY_TO, else the operator's contact address
// (a calendar's "reply to organiser" to no-reply@localhost reached nobody).

delete process.env.MAIL_REPLY_TO;
process.env.OPERATOR_CONTACT_EMAIL = "privacy@wdl.example";
const { GET } = await import("@/app/api/events/[slug]/calendar/route");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("GET /api/events/<slug>/calendar", () => {
  it("names the operator's contact address as ORGANIZER when no Reply-To is configured", async () => {
    const event = await createEvent(t.db);
    const response = await GET(new Request(`http://localhost/api/events/${event.slug}/calendar`, { headers: { "x-forwarded-for": nextIp() } }), context(event.slug));
    expect(response.status).toBe(200);
    const ics = (await response.text()).replace(/\r\n /g, "");
    expect(ics).toMatch(/^ORGANIZER;CN="[^"]+":mailto:privacy@wdl\.example$/m);
    expect(ics).not.toContain("no-reply@");
  });
});
