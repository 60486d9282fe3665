import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPublicEvent } from "@/lib/events/data";
import { getStaffEventPreview } from "@/lib/events/staff/data";
import { useAppDatabase } from "../../../../support/app-env";
import type { TestDatabase } from "../../../../support/db";
import { createEvent, createOrganizations } from "../../../../support/fixtures";

// A draft is previewable by the staff of the organisations that organise it, and by nobody else: the public
// still gets nothing, and another organisation's staff get nothing either.

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("getStaffEventPreview", () => {
  it("gives a draft's page to its organisers only, with the fields the public page shows", async () => {
    const { wdl, city } = await createOrganizations(t.db);
    const other = await t.db.organization.create({ data: { slug: "other-org", kind: "WDL", nameJa: "別の団体", nameEn: "Other" } });
    const draft = await createEvent(t.db, { status: "DRAFT" });
    await t.db.event.update({ where: { id: draft.id }, data: { descriptionJa: "| 時間 | 内容 |\n| --- | --- |\n| 14:00 | 開場 |" } });

    expect(await getPublicEvent(draft.slug)).toBeNull();
    const preview = await getStaffEventPreview({ organizationId: wdl.id }, draft.id);
    expect(preview).toMatchObject({ id: draft.id, status: "DRAFT", descriptionJa: expect.stringContaining("| 時間 |"), seatsTaken: 0 });
    expect(preview!.organizers.length).toBeGreaterThan(0);
    // The city co-organises the fixture's events, so it may check them too.
    expect(await getStaffEventPreview({ organizationId: city.id }, draft.id)).not.toBeNull();
    expect(await getStaffEventPreview({ organizationId: other.id }, draft.id)).toBeNull();
    expect(await getStaffEventPreview({ organizationId: wdl.id }, "not-an-id")).toBeNull();
  });
});
