import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPublicEvent } from "@/lib/events/data";
import { registerForEvent } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent, signup } from "../../../support/fixtures";

let t: TestDatabase;

beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("getPublicEvent", () => {
  it("gives a published event with its organisers and the seats its rows hold", async () => {
    const event = await createEvent(t.db, { capacity: 5 });
    expect(await registerForEvent(event.id, signup(1))).toMatchObject({ kind: "registered", status: "CONFIRMED" });
    expect(await registerForEvent(event.id, signup(2))).toMatchObject({ kind: "registered", status: "CONFIRMED" });
    const found = await getPublicEvent(event.slug);
    expect(found).toMatchObject({ slug: event.slug, titleJa: event.titleJa, seatsTaken: 2 });
    expect(found!.organizers.map((o) => o.organization.nameJa)).toEqual(["一般社団法人Work Design Lab", "大垣市"]);
  });

  it("reads the seats afresh on every call outside a render (the API and calendar routes)", async () => {
    const event = await createEvent(t.db, { capacity: 5 });
    expect((await getPublicEvent(event.slug))!.seatsTaken).toBe(0);
    expect(await registerForEvent(event.id, signup(3))).toMatchObject({ kind: "registered", status: "CONFIRMED" });
    expect((await getPublicEvent(event.slug))!.seatsTaken).toBe(1);
  });

  it("does not show drafts or unknown slugs", async () => {
    const draft = await createEvent(t.db, { status: "DRAFT" });
    expect(await getPublicEvent(draft.slug)).toBeNull();
    expect(await getPublicEvent("no-such-event")).toBeNull();
  });
});
