import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvent } from "@/app/api/events/[slug]/route";
import { useAppDatabase } from "../../../../../support/app-env";
import type { TestDatabase } from "../../../../../support/db";
import { createEvent } from "../../../../../support/fixtures";
import { context } from "../helpers";

let t: TestDatabase;
let appUrl: string;
beforeAll(async () => {
  t = await useAppDatabase();
  appUrl = process.env.APP_URL!;
});
afterAll(async () => {
  await t.drop();
});

const ONLINE_URL = "https://zoom.example/j/secret-room-123";

describe("GET /api/events/[slug]", () => {
  it("returns the event with its Markdown description and current questions, for building a form", async () => {
    const event = await createEvent(t.db, { capacity: 10 });
    await t.db.event.update({
      where: { id: event.id },
      data: { descriptionJa: "## 内容\n\n**大垣**で話します。", descriptionEn: "## About", onlineUrl: ONLINE_URL },
    });
    await t.db.eventQuestion.createMany({
      data: [
        {
          eventId: event.id,
          position: 2,
          kind: "SINGLE_CHOICE",
          labelJa: "参加方法",
          labelEn: "How will you join?",
          required: true,
          options: [
            { id: "venue", labelJa: "会場", labelEn: "At the venue" },
            { id: "online", labelJa: "オンライン" },
          ],
        },
        { eventId: event.id, position: 1, kind: "TEXT", labelJa: "質問したいこと", helpJa: "任意です", required: false },
        { eventId: event.id, position: 3, kind: "TEXT", labelJa: "古い質問", archivedAt: new Date() },
      ],
    });

    const response = await getEvent(new Request(`http://localhost/api/events/${event.slug}`), context(event.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(text).not.toContain(ONLINE_URL);
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      slug: event.slug,
      description: { ja: "## 内容\n\n**大垣**で話します。", en: "## About" },
      seats: { state: "open", left: 10 },
      url: `${appUrl}/events/${event.slug}`,
    });
    expect(body.questions).toEqual([
      { id: expect.any(String), kind: "TEXT", label: { ja: "質問したいこと", en: null }, help: { ja: "任意です", en: null }, required: false, options: [] },
      {
        id: expect.any(String),
        kind: "SINGLE_CHOICE",
        label: { ja: "参加方法", en: "How will you join?" },
        help: { ja: null, en: null },
        required: true,
        options: [
          { id: "venue", label: { ja: "会場", en: "At the venue" } },
          { id: "online", label: { ja: "オンライン", en: null } },
        ],
      },
    ]);
  });

  it("answers 404 for an unknown slug and for a draft", async () => {
    const draft = await createEvent(t.db, { status: "DRAFT" });
    for (const slug of ["no-such-event", draft.slug]) {
      const response = await getEvent(new Request(`http://localhost/api/events/${slug}`), context(slug));
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: "not_found" });
    }
  });
});
