import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/events/[slug]/registrations/route";
import { manageTokenFor } from "@/lib/registrations/mutations";
import { useAppDatabase } from "../../../../../../support/app-env";
import type { TestDatabase } from "../../../../../../support/db";
import { createEvent, seatCounts, signup } from "../../../../../../support/fixtures";
import { context, nextIp, postSignup } from "../../helpers";

const { POST } = route;

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

function rawPost(slug: string, init: RequestInit & { headers?: Record<string, string> }) {
  return POST(
    new Request(`http://localhost/api/events/${slug}/registrations`, {
      method: "POST",
      ...init,
      headers: { "x-forwarded-for": nextIp(), ...init.headers },
    }),
    context(slug),
  );
}

describe("POST /api/events/[slug]/registrations: outcomes", () => {
  // The answer depends only on the event's state (issue: sign-up enumeration). The person's status, waitlist
  // position and manage link go by mail only; the old 201 registered / 200 already_registered told anyone
  // whether an address was registered.
  it("202 received for a new registration, without status, manage link or token", async () => {
    const event = await createEvent(t.db);
    const response = await postSignup(POST, event.slug, signup("new"));
    expect(response.status).toBe(202);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ outcome: "received", intake: "open" });
    const registration = await t.db.registration.findFirstOrThrow({ where: { eventId: event.id } });
    expect(registration.status).toBe("CONFIRMED");
    expect(text).not.toContain(manageTokenFor(registration.id));
    expect(text).not.toContain(registration.id);
  });

  it("the same 202 for a second sign-up, and the manage link goes out by mail only", async () => {
    const event = await createEvent(t.db);
    const first = await postSignup(POST, event.slug, signup("again"));
    const response = await postSignup(POST, event.slug, signup("again", { name: "別の名前" }));
    expect(response.status).toBe(first.status);
    const text = await response.text();
    expect(text).toBe(await first.text());
    const registration = await t.db.registration.findFirstOrThrow({ where: { eventId: event.id } });
    expect(text).not.toContain(manageTokenFor(registration.id));
    expect(text).not.toMatch(/manage|token|registered|CONFIRMED/i);
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "registration-exists" } })).toBe(1);
  });

  it("normalises a full-width address: ＨＡＮＡＫＯ＠example.com and hanako@example.com are one registration", async () => {
    const event = await createEvent(t.db);
    const first = await postSignup(POST, event.slug, signup("hanako", { email: "ＨＡＮＡＫＯ＠example.com" }));
    expect(first.status).toBe(202);
    const second = await postSignup(POST, event.slug, signup("hanako", { email: "hanako@example.com" }));
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual({ outcome: "received", intake: "open" });
    const registrations = await t.db.registration.findMany({ where: { eventId: event.id }, include: { participant: true } });
    expect(registrations).toHaveLength(1);
    expect(registrations[0]!.emailNormalized).toBe("hanako@example.com");
    expect(registrations[0]!.participant.email).toBe("HANAKO@example.com");
    expect(await t.db.outboxMessage.count({ where: { eventId: event.id, template: "registration-exists" } })).toBe(1);
  });

  it("202 intake waitlist once seats are gone (the position is in the mail); 409 full without a waitlist, 409 closed after the deadline", async () => {
    const waitlist = await createEvent(t.db, { capacity: 1 });
    expect(await (await postSignup(POST, waitlist.slug, signup("w1"))).json()).toEqual({ outcome: "received", intake: "open" });
    const waitlisted = await postSignup(POST, waitlist.slug, signup("w2"));
    expect(waitlisted.status).toBe(202);
    expect(await waitlisted.json()).toEqual({ outcome: "received", intake: "waitlist" });
    const row = await t.db.registration.findFirstOrThrow({ where: { eventId: waitlist.id, emailNormalized: signup("w2").email } });
    expect(row.status).toBe("WAITLISTED");
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { registrationId: row.id, template: "registration-waitlisted" } });
    expect(mail.payload).toMatchObject({ waitlistPosition: 1 });
    // The confirmed w1 signing up again is told what a new address is told now: sign-ups go to the waitlist.
    const again = await postSignup(POST, waitlist.slug, signup("w1"));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ outcome: "received", intake: "waitlist" });

    const full = await createEvent(t.db, { capacity: 1, waitlistEnabled: false });
    await postSignup(POST, full.slug, signup("f1"));
    const refused = await postSignup(POST, full.slug, signup("f2"));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: "full" });
    // The registered f1 gets the same 409 (and their status by mail).
    const registeredOnFull = await postSignup(POST, full.slug, signup("f1"));
    expect(registeredOnFull.status).toBe(409);
    expect(await registeredOnFull.json()).toEqual({ error: "full" });

    const closed = await createEvent(t.db, { registrationClosesAt: new Date(Date.now() - 60_000) });
    const late = await postSignup(POST, closed.slug, signup("c1"));
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual({ error: "closed" });
    expect(await t.db.registration.count({ where: { eventId: closed.id } })).toBe(0);
  });

  it("202 intake review for an event that needs approval", async () => {
    const event = await createEvent(t.db, { approvalRequired: true });
    const response = await postSignup(POST, event.slug, signup("pending"));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ outcome: "received", intake: "review" });
    expect((await t.db.registration.findFirstOrThrow({ where: { eventId: event.id } })).status).toBe("PENDING");
  });

  it("404 for an unknown slug and for a draft", async () => {
    const draft = await createEvent(t.db, { status: "DRAFT" });
    for (const slug of ["no-such-event", draft.slug]) {
      const response = await postSignup(POST, slug, signup("nf"));
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: "not_found" });
    }
    expect(await t.db.registration.count({ where: { eventId: draft.id } })).toBe(0);
  });

  it("exports POST only, so Next answers 405 to every other method", () => {
    const handlers = Object.keys(route).filter((name) => /^[A-Z]+$/.test(name));
    expect(handlers).toEqual(["POST"]);
  });
});

describe("POST /api/events/[slug]/registrations: the request itself", () => {
  it("415 unless the body is declared as JSON", async () => {
    const event = await createEvent(t.db);
    const body = JSON.stringify(signup("type"));
    const types: Record<string, string>[] = [{}, { "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }, { "content-type": "application/jsonp" }];
    for (const headers of types) {
      const response = await rawPost(event.slug, { body, headers });
      expect(response.status).toBe(415);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    const withCharset = await rawPost(event.slug, { body, headers: { "content-type": "Application/JSON; charset=utf-8" } });
    expect(withCharset.status).toBe(202);
  });

  it("413 for a body over 32 KB, declared or streamed without a length", async () => {
    const event = await createEvent(t.db);
    const big = JSON.stringify(signup("big", { affiliation: "あ".repeat(11_000) }));
    expect(new TextEncoder().encode(big).byteLength).toBeGreaterThan(32 * 1024);
    const declared = await rawPost(event.slug, { body: big, headers: { "content-type": "application/json", "content-length": String(big.length * 3) } });
    expect(declared.status).toBe(413);
    const plain = await rawPost(event.slug, { body: big, headers: { "content-type": "application/json" } });
    expect(plain.status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    });
    const streamed = await rawPost(event.slug, { body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit & { duplex: "half"; headers: Record<string, string> });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: "too_large" });
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("400 invalid_json for malformed JSON, an empty body or bytes that are not UTF-8", async () => {
    const event = await createEvent(t.db);
    for (const body of ["{\"name\": ", "", "undefined", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]) {
      const response = await rawPost(event.slug, { body, headers: { "content-type": "application/json" } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_json" });
    }
  });
});

describe("POST /api/events/[slug]/registrations: the form's rules (422)", () => {
  it("refuses unknown fields and answers to another event's question", async () => {
    const event = await createEvent(t.db);
    const other = await createEvent(t.db);
    const foreign = await t.db.eventQuestion.create({ data: { eventId: other.id, position: 1, kind: "TEXT", labelJa: "他のイベントの質問" } });

    const unknown = await postSignup(POST, event.slug, { ...signup("unknown"), status: "CONFIRMED" });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    expect(await unknown.json()).toEqual({
      error: "invalid",
      fields: { form: { code: "unknown_field", message: "受け付けられない項目が含まれています（status）" } },
    });

    const wrongQuestion = await postSignup(POST, event.slug, signup("foreign", { answers: { [foreign.id]: "こんにちは" } }));
    expect(wrongQuestion.status).toBe(422);
    expect(await wrongQuestion.json()).toEqual({
      error: "invalid",
      fields: { [`answers.${foreign.id}`]: { code: "unknown_question", message: "このイベントにない質問への回答が含まれています" } },
    });
    expect(await t.db.registration.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("checks the event's own questions: required answers and choices", async () => {
    const event = await createEvent(t.db);
    const question = await t.db.eventQuestion.create({
      data: { eventId: event.id, position: 1, kind: "SINGLE_CHOICE", labelJa: "参加方法", required: true, options: [{ id: "venue", labelJa: "会場" }] },
    });
    const missing = await postSignup(POST, event.slug, signup("q1"));
    expect((await missing.json()).fields).toEqual({ [`answers.${question.id}`]: { code: "required", message: "入力してください" } });
    const wrong = await postSignup(POST, event.slug, signup("q2", { answers: { [question.id]: "online" } }));
    expect((await wrong.json()).fields[`answers.${question.id}`].code).toBe("invalid_choice");
    const right = await postSignup(POST, event.slug, signup("q3", { answers: { [question.id]: "venue" } }));
    expect(right.status).toBe(202);
    // Stored as the option's id among the choices, where every list, export and form reads it.
    expect(await t.db.answer.findMany({ where: { questionId: question.id }, select: { text: true, choices: true } })).toEqual([{ text: null, choices: ["venue"] }]);
  });

  it("says what is wrong in the request's language: body locale, else Accept-Language, else Japanese", async () => {
    const event = await createEvent(t.db);
    const bad = { ...signup("lang"), name: "あ".repeat(101), email: "not-an-address", relationships: [] };
    const { locale: _locale, ...withoutLocale } = bad;

    const japanese = await postSignup(POST, event.slug, withoutLocale);
    expect(japanese.status).toBe(422);
    expect((await japanese.json()).fields).toEqual({
      name: { code: "too_long", message: "100文字以内で入力してください" },
      email: { code: "invalid_email", message: "メールアドレスの形式が正しくありません" },
      relationships: { code: "required", message: "入力してください" },
    });

    const english = await postSignup(POST, event.slug, { ...bad, locale: "en" });
    expect((await english.json()).fields).toEqual({
      name: { code: "too_long", message: "Use at most 100 characters" },
      email: { code: "invalid_email", message: "This does not look like an email address" },
      relationships: { code: "required", message: "Please fill this in" },
    });

    const byHeader = await postSignup(POST, event.slug, withoutLocale, { headers: { "accept-language": "en-US,en;q=0.9,ja;q=0.8" } });
    expect((await byHeader.json()).fields.name.message).toBe("Use at most 100 characters");

    const bodyWins = await postSignup(POST, event.slug, { ...bad, locale: "ja" }, { headers: { "accept-language": "en" } });
    expect((await bodyWins.json()).fields.name.message).toBe("100文字以内で入力してください");

    const notEnglish = await postSignup(POST, event.slug, withoutLocale, { headers: { "accept-language": "fr-FR, en;q=0.5" } });
    expect((await notEnglish.json()).fields.name.message).toBe("100文字以内で入力してください");
  });

  it("refuses markup, a non-object body and full-width junk in the address", async () => {
    const event = await createEvent(t.db);
    const markup = await postSignup(POST, event.slug, signup("m", { name: "<script>alert(1)</script>" }));
    expect((await markup.json()).fields.name.code).toBe("no_markup");
    const array = await postSignup(POST, event.slug, "[1, 2]");
    expect(array.status).toBe(422);
    expect((await array.json()).fields).toHaveProperty("form");
    const kanji = await postSignup(POST, event.slug, signup("k", { email: "花子@example.com" }));
    expect((await kanji.json()).fields.email.code).toBe("email_ascii");
  });
});

describe("POST /api/events/[slug]/registrations: a rush", () => {
  it("200 truly parallel sign-ups for 20 seats: exactly 20 confirmed, 180 waitlisted at 1..180, no 5xx", async () => {
    const event = await createEvent(t.db, { capacity: 20, waitlistEnabled: true });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => postSignup(POST, event.slug, signup(`rush-${i}`), { ip: `10.20.0.${i}` })),
    );
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
    expect(bodies.filter((b) => b.status >= 500)).toEqual([]);
    expect(bodies.every((b) => b.status === 202 && b.body.outcome === "received")).toBe(true);
    // Each answer says what the event's state was when that sign-up held the lock; positions are in the mails.
    expect(bodies.filter((b) => b.body.intake === "open")).toHaveLength(20);
    expect(bodies.filter((b) => b.body.intake === "waitlist")).toHaveLength(180);
    const mails = await t.db.outboxMessage.findMany({ where: { eventId: event.id, template: "registration-waitlisted" }, select: { payload: true } });
    const positions = mails.map((m) => (m.payload as { waitlistPosition: number }).waitlistPosition);
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));

    expect(await seatCounts(t.db, event.id)).toMatchObject({ CONFIRMED: 20, WAITLISTED: 180, seats: 20 });
    const rows = await t.db.registration.findMany({ where: { eventId: event.id }, select: { emailNormalized: true } });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.emailNormalized)).size).toBe(200);
  });
});
