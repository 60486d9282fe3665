import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMailTransport } from "@/lib/mail/transport";
import { getOwnData } from "@/lib/participants/data";
import { withdrawConsent } from "@/lib/participants/mutations";
import { manageTokenFor } from "@/lib/registrations/mutations";
import { CURRENT_POLICY_VERSION } from "@/lib/registrations/policy";
import { getPendingSignupChange } from "@/lib/registrations/pending/data";
import { listEventRegistrations } from "@/lib/registrations/staff/data";
import { DEFAULT_QUERY } from "@/lib/registrations/staff/schema";
import { tokenHash } from "@/lib/server/secrets";
import { useAppDatabase } from "../../support/app-env";
import type { TestDatabase } from "../../support/db";
import { createEvent, createOrganizations, signup } from "../../support/fixtures";
import { sendDueMail } from "../../support/outbox";
import { startTestSmtp, type TestSmtp } from "../../support/smtp";
import { nextIp, postSignup } from "../app/api/events/helpers";

// Playing the stranger who knows only someone's email address (issue: "anyone who knows a participant's email
// can open their whole record"; "the sign-up API and form tell anyone whether an address is registered").
// Attacks are sent as an attacker would: the JSON API route and the form's server action. An unverified
// submission must not reveal or change the stored person, must not hand out a link to their data, and must get
// exactly the answer a never-seen address gets. The owner learns of it by mail, with their manage link and a
// one-time link that applies what was typed, if it was them.

const session = vi.hoisted(() => ({ ip: "198.51.100.90" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": session.ip }) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "ja" }));
const { submitSignupForm } = await import("@/lib/registrations/actions");
const { issueFormToken } = await import("@/lib/registrations/form-token");
const { applySignupChangesByToken } = await import("@/lib/registrations/pending/actions");
const { POST } = await import("@/app/api/events/[slug]/registrations/route");

let t: TestDatabase;
let cityStaff: { id: string; organizationId: string; role: "CITY_STAFF" };
beforeAll(async () => {
  t = await useAppDatabase();
  const { city } = await createOrganizations(t.db);
  const user = await t.db.user.create({ data: { email: `city-${randomBytes(3).toString("hex")}@staff.example`, name: "city", organizationId: city.id, role: "CITY_STAFF" } });
  cityStaff = { id: user.id, organizationId: user.organizationId, role: "CITY_STAFF" };
});
afterAll(async () => {
  await t.drop();
});

const unique = () => randomBytes(3).toString("hex");
const mailEnv = { MAIL_FROM: "大垣×WDL <no-reply@example.jp>", MAIL_REPLY_TO: undefined, MAIL_DIR: "unused" };
const LONG_AGO = new Date("2025-01-15T03:00:00Z");

/**
 * A person who signed up once, long ago, under an older policy, and has since withdrawn the provision to the
 * city. Returns their address and what is stored about them.
 */
async function victim() {
  const email = `victim-${unique()}@example.com`;
  const first = await createEvent(t.db, { capacity: null });
  expect((await postSignup(POST, first.slug, signup(`v-${unique()}`, { email, name: "本物 花子", furigana: "ほんもの はなこ", affiliation: "大垣市役所" }))).status).toBe(202);
  const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: email } });
  await t.db.participant.update({ where: { id: person.id }, data: { policyVersion: "2025-01", policyAcceptedAt: LONG_AGO, lastActiveAt: LONG_AGO } });
  expect(await withdrawConsent(person.id, "CITY_PROVISION")).toBe(true);
  await t.db.outboxMessage.updateMany({ where: { participantId: person.id }, data: { status: "SENT" } }); // that mail is history
  return { email, participantId: person.id };
}

async function stored(participantId: string) {
  const person = await t.db.participant.findUniqueOrThrow({ where: { id: participantId } });
  const consents = await t.db.consent.findMany({ where: { participantId }, orderBy: [{ grantedAt: "asc" }, { id: "asc" }] });
  return { person, consents };
}

const attackerInput = (email: string) =>
  signup(`attack-${unique()}`, {
    email,
    name: "偽物 太郎",
    furigana: "にせもの たろう",
    affiliation: "攻撃者株式会社",
    prefectureCode: "01",
    relationships: ["NONE"],
    interests: ["design"],
    consents: { CITY_PROVISION: true, WDL_NEWS: true, CITY_NEWS: true, SURVEY: true },
  });

async function cityNames(eventId: string) {
  const list = await listEventRegistrations(cityStaff, eventId, DEFAULT_QUERY);
  return list!.rows.map((r) => r.participant.name);
}

function formData(input: ReturnType<typeof signup>, formToken: string) {
  const data = new FormData();
  for (const key of ["name", "furigana", "email", "prefectureCode", "affiliation"] as const) if (input[key]) data.set(key, String(input[key]));
  for (const r of input.relationships) data.append("relationships", r);
  for (const i of input.interests) data.append("interests", i);
  for (const [purpose, given] of Object.entries(input.consents)) if (given) data.set(`consents.${purpose}`, "on");
  data.set("formToken", formToken);
  return data;
}

async function submitForm(slug: string, input: ReturnType<typeof signup>) {
  session.ip = nextIp();
  const formToken = issueFormToken(Date.now() - 30_000);
  return submitSignupForm(slug, { submission: 0, formToken }, formData(input, formToken));
}

/** Runs a server action that ends in redirect() and returns where it sent the browser. */
async function redirectOf(action: () => Promise<void>): Promise<string> {
  try {
    await action();
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2]!;
    throw error;
  }
  throw new Error("the action did not redirect");
}

describe("a stranger signs up with a known address for an event its owner has not joined", () => {
  it("API: the same answer as a new address; nothing stored about the person changes; the city still does not see them", async () => {
    const { email, participantId } = await victim();
    const before = await stored(participantId);
    const event = await createEvent(t.db, { capacity: null });

    const attack = await postSignup(POST, event.slug, attackerInput(email));
    const fresh = await postSignup(POST, event.slug, { ...attackerInput(`fresh-${unique()}@example.com`), name: "新規 一郎" });
    expect(attack.status).toBe(202);
    expect(attack.status).toBe(fresh.status);
    const body = await attack.text();
    expect(body).toBe(await fresh.text());
    expect(JSON.parse(body)).toEqual({ outcome: "received", intake: "open" });

    // The registration exists (created under the lock as always), but nothing it carries reaches the screen.
    const registration = await t.db.registration.findFirstOrThrow({ where: { eventId: event.id, participantId } });
    expect(body).not.toContain(manageTokenFor(registration.id));
    expect(body).not.toContain(participantId);

    // The person: not their profile, not their policy acceptance, not lastActiveAt, not their consents.
    const after = await stored(participantId);
    expect(after.person).toEqual(before.person);
    expect(after.consents).toEqual(before.consents);
    expect(after.consents.filter((c) => c.purpose === "CITY_PROVISION" && c.withdrawnAt === null)).toEqual([]);
    // The city, which sees only people with a current provision consent, still does not see them.
    const names = await cityNames(event.id);
    expect(names).not.toContain("本物 花子");
    expect(names).not.toContain("偽物 太郎");
    expect(names).toEqual(["新規 一郎"]); // the fresh address, who did consent
  });

  it("form (server action): the same outcome as a new address, no manage link, nothing changed", async () => {
    const { email, participantId } = await victim();
    const before = await stored(participantId);
    const event = await createEvent(t.db, { capacity: null });
    const freshEmail = `fresh-${unique()}@example.com`;
    const attack = await submitForm(event.slug, attackerInput(email));
    const fresh = await submitForm(event.slug, attackerInput(freshEmail));
    expect(attack.errors).toBeUndefined();
    expect(attack.outcome).toEqual({ ...fresh.outcome, email });
    expect(attack.outcome).toMatchObject({ kind: "received", intake: "open" });
    expect(JSON.stringify(attack)).not.toMatch(/\/manage\/|\/me\/|status|CONFIRMED/);
    expect(await stored(participantId)).toEqual(before);
  });

  it("the owner gets the mail (manage link and a one-time apply link); the link's page changes nothing; its POST applies once", async () => {
    const { email, participantId } = await victim();
    const before = await stored(participantId);
    const event = await createEvent(t.db, { capacity: null });
    expect((await postSignup(POST, event.slug, attackerInput(email.toUpperCase()))).status).toBe(202);
    const registration = await t.db.registration.findFirstOrThrow({ where: { eventId: event.id, participantId } });
    // Only this sign-up's mail is due (earlier tests left theirs in the outbox).
    await t.db.outboxMessage.updateMany({ where: { NOT: { registrationId: registration.id }, status: "PENDING" }, data: { status: "SENT" } });

    let smtp: TestSmtp | null = null;
    const transport = createMailTransport({ ...mailEnv, SMTP_URL: (smtp = await startTestSmtp()).url });
    try {
      expect(await sendDueMail(transport)).toEqual({ sent: 1, failed: 0 });
      const mail = smtp.received[0]!;
      // To the stored address, greeting the stored name, never the typed one.
      expect(mail.envelopeTo).toEqual([email]);
      const text = mail.parsed.text ?? "";
      expect(text).toContain("本物 花子");
      expect(text).not.toContain("偽物");
      const manage = /\/manage\/([\w-]+)/.exec(text)?.[1];
      expect(manage).toBe(manageTokenFor(registration.id));
      const apply = /\/signup-changes\/([\w-]+)/.exec(text)?.[1];
      expect(apply).toBeDefined();
      expect(text).toContain("反映");

      // Only the hash is stored.
      const pending = await t.db.pendingSignupChange.findUniqueOrThrow({ where: { tokenHash: tokenHash(apply!) } });
      expect(JSON.stringify(pending)).not.toContain(apply!);
      expect(pending.registrationId).toBe(registration.id);

      // Opening the link (a mail scanner does) reads only.
      const view = await getPendingSignupChange(apply!);
      expect(view).toMatchObject({ state: "ready", profile: { name: "偽物 太郎" }, consents: ["CITY_PROVISION", "WDL_NEWS", "CITY_NEWS", "SURVEY"] });
      expect(await stored(participantId)).toEqual(before);

      // The owner's own data download shows what was typed with their address, apart from the profile.
      const own = await getOwnData(participantId);
      expect(own?.profile.name).toBe("本物 花子");
      expect(own?.pendingChanges).toEqual([
        expect.objectContaining({ event: event.titleJa, appliedAt: null, profile: expect.objectContaining({ name: "偽物 太郎" }), consents: ["CITY_PROVISION", "WDL_NEWS", "CITY_NEWS", "SURVEY"] }),
      ]);

      // The owner presses the button: applied, once.
      expect(await redirectOf(() => applySignupChangesByToken(apply!))).toBe(`/signup-changes/${apply}?done=1`);
      const after = await stored(participantId);
      expect(after.person).toMatchObject({ name: "偽物 太郎", furigana: "にせもの たろう", affiliation: "攻撃者株式会社", prefectureCode: "01", policyVersion: CURRENT_POLICY_VERSION });
      expect(after.person.policyAcceptedAt!.getTime()).toBeGreaterThan(LONG_AGO.getTime());
      expect(after.person.lastActiveAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
      const current = after.consents.filter((c) => c.withdrawnAt === null).map((c) => c.purpose).sort();
      expect(current).toEqual(["CITY_NEWS", "CITY_PROVISION", "SURVEY", "WDL_NEWS"]);
      // Recorded as a sign-up records consents: the version shown and the registration they were given in.
      for (const c of after.consents.filter((c) => c.withdrawnAt === null && c.purpose === "CITY_PROVISION")) {
        expect(c).toMatchObject({ version: CURRENT_POLICY_VERSION, registrationId: registration.id });
      }
      // The withdrawn grant stays in the history as withdrawn.
      expect(after.consents.filter((c) => c.purpose === "CITY_PROVISION" && c.withdrawnAt !== null)).toHaveLength(1);
      expect(await cityNames(event.id)).toEqual(["偽物 太郎"]);
      // The typed profile does not linger on the pending row.
      expect((await t.db.pendingSignupChange.findUniqueOrThrow({ where: { id: pending.id } })).profile).toEqual({});

      const again = await redirectOf(() => applySignupChangesByToken(apply!));
      expect(again).toBe(`/signup-changes/${apply}?failed=applied`);
      expect((await stored(participantId)).consents).toHaveLength(after.consents.length);
      expect(await getPendingSignupChange(apply!)).toMatchObject({ state: "applied" });
    } finally {
      transport.close();
      await smtp?.close();
    }
  });

  it("the apply link expires, and guessed or malformed tokens apply nothing", async () => {
    const { email, participantId } = await victim();
    const before = await stored(participantId);
    const event = await createEvent(t.db, { capacity: null });
    await postSignup(POST, event.slug, attackerInput(email));
    const pending = await t.db.pendingSignupChange.findFirstOrThrow({ where: { participantId } });
    const { pendingChangeTokenFor } = await import("@/lib/registrations/mutations");
    const token = pendingChangeTokenFor(pending.id);
    await t.db.pendingSignupChange.update({ where: { id: pending.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await redirectOf(() => applySignupChangesByToken(token))).toBe(`/signup-changes/${token}?failed=expired`);
    for (const guess of [pendingChangeTokenFor(randomBytes(16).toString("hex")), "x".repeat(43), "", "../../me", token.slice(0, -1)]) {
      expect(await redirectOf(() => applySignupChangesByToken(guess))).toMatch(/failed=not_found$/);
    }
    expect(await stored(participantId)).toEqual(before);
  });

  it("a new address is the submitter's own: stored as typed, with its consents, and no apply link", async () => {
    const event = await createEvent(t.db, { capacity: null });
    const email = `own-${unique()}@example.com`;
    expect((await postSignup(POST, event.slug, attackerInput(email))).status).toBe(202);
    const person = await t.db.participant.findUniqueOrThrow({ where: { emailNormalized: email }, include: { consents: true } });
    expect(person).toMatchObject({ name: "偽物 太郎", policyVersion: CURRENT_POLICY_VERSION });
    expect(person.consents.map((c) => c.purpose).sort()).toEqual(["CITY_NEWS", "CITY_PROVISION", "SURVEY", "WDL_NEWS"]);
    expect(await t.db.pendingSignupChange.count({ where: { participantId: person.id } })).toBe(0);
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { participantId: person.id } });
    expect(mail.payload).toMatchObject({ pendingChangeId: null });
  });
});

describe("whether an address is registered is told to nobody", () => {
  /** The API's answers to a never-seen address, a known person not registered here, and one registered here. */
  async function apiAnswers(slug: string, registered: string, known: string) {
    const answers = [];
    for (const email of [`fresh-${unique()}@example.com`, known, registered]) {
      const response = await postSignup(POST, slug, attackerInput(email));
      answers.push({ status: response.status, body: await response.text(), headers: [...response.headers.entries()].filter(([k]) => k !== "date") });
    }
    return answers;
  }

  /** The same through the form; each call needs its own known address (after a call, it is registered here). */
  async function formAnswers(slug: string, registered: string, known: string) {
    const answers = [];
    for (const email of [`fresh-${unique()}@example.com`, known, registered]) {
      const state = await submitForm(slug, attackerInput(email));
      answers.push(JSON.stringify({ ...state, formToken: undefined, outcome: state.outcome && { ...state.outcome, email: undefined } }));
    }
    return answers;
  }

  type Overrides = NonNullable<Parameters<typeof createEvent>[1]>;
  async function setup(overrides: Overrides, fill = 0) {
    const event = await createEvent(t.db, overrides);
    const registered = `registered-${unique()}@example.com`;
    const { email: known } = await victim();
    const { email: knownToo } = await victim();
    // Registered while the event was open; then it fills up or closes.
    if (overrides.registrationClosesAt) {
      await t.db.event.update({ where: { id: event.id }, data: { registrationClosesAt: null } });
      await postSignup(POST, event.slug, signup(`r-${unique()}`, { email: registered }));
      await t.db.event.update({ where: { id: event.id }, data: { registrationClosesAt: overrides.registrationClosesAt } });
    } else {
      await postSignup(POST, event.slug, signup(`r-${unique()}`, { email: registered }));
    }
    for (let i = 0; i < fill; i++) await postSignup(POST, event.slug, signup(`fill-${unique()}`));
    return { event, registered, known, knownToo };
  }

  const cases: [string, Overrides, number, unknown][] = [
    ["open", { capacity: null }, 0, { status: 202, body: { outcome: "received", intake: "open" } }],
    ["full, sign-ups go to the waitlist", { capacity: 2 }, 1, { status: 202, body: { outcome: "received", intake: "waitlist" } }],
    ["approval required", { approvalRequired: true }, 0, { status: 202, body: { outcome: "received", intake: "review" } }],
    ["full, no waitlist", { capacity: 2, waitlistEnabled: false }, 1, { status: 409, body: { error: "full" } }],
    ["closed", { registrationClosesAt: new Date(Date.now() - 60_000) }, 0, { status: 409, body: { error: "closed" } }],
  ];

  for (const [name, overrides, fill, expected] of cases) {
    it(`${name}: new, known and registered addresses get the same status, headers and body (API and form)`, async () => {
      const { event, registered, known, knownToo } = await setup(overrides, fill);
      const api = await apiAnswers(event.slug, registered, known);
      expect(api[1]).toEqual(api[0]);
      expect(api[2]).toEqual(api[0]);
      expect({ status: api[0]!.status, body: JSON.parse(api[0]!.body) }).toEqual(expected);
      const form = await formAnswers(event.slug, registered, knownToo);
      expect(form[1]).toBe(form[0]);
      expect(form[2]).toBe(form[0]);
      // The registered one was told where they stand, by mail (at most once an hour).
      const mine = await t.db.registration.findFirstOrThrow({ where: { eventId: event.id, emailNormalized: registered } });
      expect(await t.db.outboxMessage.count({ where: { registrationId: mine.id, template: "registration-exists" } })).toBe(1);
    });
  }

  it("over the per-address limit: the same 429 whether the address is new, known or registered", async () => {
    const { event, registered, known } = await setup({ capacity: null });
    const fresh = `fresh-${unique()}@example.com`;
    const closed = await createEvent(t.db, { registrationClosesAt: new Date(Date.now() - 60_000) });
    // Five sends each in the window (the default limit), counted whatever became of them.
    for (const email of [fresh, known, registered]) {
      const used = email === fresh ? 0 : 1;
      for (let i = used; i < 5; i++) await postSignup(POST, closed.slug, signup(`x-${unique()}`, { email }));
    }
    const answers = [];
    for (const email of [fresh, known, registered]) {
      const response = await postSignup(POST, event.slug, attackerInput(email));
      answers.push({ status: response.status, body: await response.text(), headers: [...response.headers.entries()].filter(([k]) => k !== "date") });
    }
    expect(answers[0]!.status).toBe(429);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
