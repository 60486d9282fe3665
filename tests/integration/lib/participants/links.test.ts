import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { idToken } from "@/lib/server/secrets";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { pastEvent, person } from "../surveys/helpers";

// Revocable mail links (lib/participants/links): the /me and /survey links, stored or derived (legacy), as the
// routes and actions see them. A revoked, rotated or expired link must answer exactly like an unknown one.

class Redirect extends Error {
  constructor(readonly url: string) {
    super(`NEXT_REDIRECT ${url}`);
  }
}
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const { GET: downloadOwnData } = await import("@/app/me/[token]/data/[format]/route");
const { revokeLinkByToken, signOutEverywhereByToken } = await import("@/lib/participants/actions");
const { participantPagePath, participantPagePathFromLink, parseParticipantToken } = await import("@/lib/subscriptions/links");
const { getSurveyByToken } = await import("@/lib/surveys/data");
const { submitSurveyByToken } = await import("@/lib/surveys/actions");
const { surveyTokenFor, surveyUrlFor } = await import("@/lib/surveys/token");
const { listOpenLinks, resolveDeletedPageToken } = await import("@/lib/participants/links/data");
const { rotateParticipantLinks, resolveLinkToken } = await import("@/lib/participants/links/mutations");
const { LEGACY_LINKS_ACCEPTED_UNTIL, LINK_LIFETIME_DAYS, REISSUE_BEFORE_DAYS } = await import("@/lib/participants/links/tokens");
const { anonymizeParticipant } = await import("@/lib/participants/mutations");

let t: TestDatabase;
beforeAll(async () => {
  t = await useAppDatabase();
});
afterAll(async () => {
  await t.drop();
});

const DAY = 86_400_000;
const legacyPageToken = (participantId: string) => idToken("participant", participantId);
const tokenOf = (path: string | null) => path!.split("/").pop()!;

/** What GET /me/<token>/data/json answers: status and body, to compare a dead link with an unknown one. */
async function download(token: string) {
  const response = await downloadOwnData(new Request(`http://app.test/me/${token}/data/json`), { params: Promise.resolve({ token, format: "json" }) });
  return { status: response.status, body: await response.text() };
}

async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Redirect) return error.url;
    throw error;
  }
  throw new Error("expected a redirect");
}

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
};

async function attendee() {
  const event = await pastEvent(t.db, new Date(Date.now() - DAY));
  return person(t.db, event.id, "ATTENDED");
}

describe("person links over HTTP", () => {
  it("a revoked stored /me link answers exactly like an unknown one; the other links keep working", async () => {
    const { participant } = await attendee();
    const made = "A".repeat(43); // a well-formed stored token nobody was given
    expect((await download(made)).status).toBe(404);
    expect(await download(legacyPageToken(randomUUID()))).toEqual(await download(made));
    const stored = tokenOf(await participantPagePath(participant.id));
    expect(stored).not.toContain("."); // a stored link, not the derived id.signature
    expect((await download(stored)).status).toBe(200);
    expect((await download(legacyPageToken(participant.id))).status).toBe(200);

    const [row] = (await listOpenLinks(participant.id)).links;
    expect(row).toMatchObject({ purpose: "PARTICIPANT_PAGE" });
    expect(row!.lastUsedAt).not.toBeNull(); // the download above used it

    // Stopped from the list by the person (on a page opened with their old-mail link).
    expect(await redirectOf(() => revokeLinkByToken(legacyPageToken(participant.id), form({ linkId: row!.id })))).toBe(
      `/me/${legacyPageToken(participant.id)}?linkRevoked=1#me-links`,
    );
    expect(await download(stored)).toEqual(await download(made));
    expect(await parseParticipantToken(stored)).toBeNull();
    expect((await download(legacyPageToken(participant.id))).status).toBe(200);
    // Another person's link cannot be stopped from this page.
    const other = await attendee();
    const otherPath = await participantPagePath(other.participant.id);
    const [otherRow] = (await listOpenLinks(other.participant.id)).links;
    expect(await redirectOf(() => revokeLinkByToken(legacyPageToken(participant.id), form({ linkId: otherRow!.id })))).toContain("linkNotFound=1");
    expect((await download(tokenOf(otherPath))).status).toBe(200);
    // The next mail carries a new link.
    const next = tokenOf(await participantPagePath(participant.id));
    expect(next).not.toBe(stored);
    expect((await download(next)).status).toBe(200);
  });

  it("an old derived link works until 'sign out everywhere', which stops every link and moves the person to a new one", async () => {
    const { participant, registration } = await attendee();
    const legacy = legacyPageToken(participant.id);
    const stored = tokenOf(await participantPagePath(participant.id));
    const legacySurvey = surveyTokenFor(registration.id);
    const storedSurvey = (await surveyUrlFor("https://app.test", participant.id, registration.id))!.split("/survey/")[1]!;
    expect((await download(legacy)).status).toBe(200);
    expect(await getSurveyByToken(legacySurvey)).toMatchObject({ registrationId: registration.id });
    expect(await getSurveyByToken(storedSurvey)).toMatchObject({ registrationId: registration.id });
    expect((await listOpenLinks(participant.id)).legacyActiveUntil).toEqual(LEGACY_LINKS_ACCEPTED_UNTIL);

    const to = await redirectOf(() => signOutEverywhereByToken(stored, new FormData()));
    const fresh = /^\/me\/([\w-]{43})\?signedOut=1#me-links$/.exec(to)![1]!;
    const unknown = await download("B".repeat(43));
    for (const dead of [legacy, stored]) expect(await download(dead)).toEqual(unknown);
    expect(await download(legacyPageToken(randomUUID()))).toEqual(unknown);
    expect((await download(fresh)).status).toBe(200);
    expect(await getSurveyByToken(legacySurvey)).toBeNull();
    expect(await getSurveyByToken(storedSurvey)).toBeNull();
    expect(await submitSurveyByToken(legacySurvey, { submission: 0 }, form({ satisfaction: "5", joinAgain: "YES" }))).toMatchObject({ refused: "not_found" });
    expect(await t.db.surveyResponse.count({ where: { registrationId: registration.id } })).toBe(0);
    const open = await listOpenLinks(participant.id);
    expect(open.legacyActiveUntil).toBeNull();
    expect(open.links.map((l) => l.purpose)).toEqual(["PARTICIPANT_PAGE"]);
    // A new survey mail carries a new survey link that works.
    const newSurvey = (await surveyUrlFor("https://app.test", participant.id, registration.id))!.split("/survey/")[1]!;
    expect(await getSurveyByToken(newSurvey)).toMatchObject({ registrationId: registration.id });
  });

  it("rotation (the email-change hook): old links dead, new ones work; manage and unsubscribe pages sent before stop leading to the page", async () => {
    const { participant, registration } = await attendee();
    const before = tokenOf(await participantPagePath(participant.id));
    const beforeSurvey = (await surveyUrlFor("https://app.test", participant.id, registration.id))!.split("/survey/")[1]!;
    const sentEarlier = new Date(Date.now() - 1000);
    expect(await participantPagePathFromLink(participant.id, sentEarlier)).toBe(`/me/${before}`);

    await rotateParticipantLinks(participant.id);
    expect(await parseParticipantToken(before)).toBeNull();
    expect(await parseParticipantToken(legacyPageToken(participant.id))).toBeNull();
    expect(await resolveLinkToken("SURVEY", beforeSurvey)).toBeNull();
    expect(await participantPagePathFromLink(participant.id, sentEarlier)).toBeNull();
    const after = tokenOf(await participantPagePathFromLink(participant.id, new Date(Date.now() + 1000)));
    expect(after).not.toBe(before);
    expect(await parseParticipantToken(after)).toBe(participant.id);
    const afterSurvey = (await surveyUrlFor("https://app.test", participant.id, registration.id))!.split("/survey/")[1]!;
    expect(await resolveLinkToken("SURVEY", afterSurvey)).toBe(registration.id);
    // A page link does not open a survey, nor the other way round.
    expect(await resolveLinkToken("SURVEY", after)).toBeNull();
    expect(await parseParticipantToken(afterSurvey)).toBeNull();
  });

  it("links expire: a stored one after its lifetime (a mail reissues before), derived ones at the fixed cut-off", async () => {
    const { participant } = await attendee();
    const token = tokenOf(await participantPagePath(participant.id));
    const issued = (await t.db.participantAccessToken.findFirstOrThrow({ where: { participantId: participant.id } })).createdAt;
    const lifetime = LINK_LIFETIME_DAYS.PARTICIPANT_PAGE * DAY;
    expect(await resolveLinkToken("PARTICIPANT_PAGE", token, new Date(issued.getTime() + lifetime - 1000))).toBe(participant.id);
    expect(await resolveLinkToken("PARTICIPANT_PAGE", token, new Date(issued.getTime() + lifetime))).toBeNull();
    // The same link while it has long to live; a new one when a mail is sent close to its end.
    expect(tokenOf(await participantPagePath(participant.id))).toBe(token);
    const { currentLinkToken } = await import("@/lib/participants/links/mutations");
    const late = new Date(issued.getTime() + lifetime - (REISSUE_BEFORE_DAYS - 1) * DAY);
    expect(await currentLinkToken(participant.id, "PARTICIPANT_PAGE", null, late)).not.toBe(token);

    const legacy = legacyPageToken(participant.id);
    expect(await resolveLinkToken("PARTICIPANT_PAGE", legacy, new Date(LEGACY_LINKS_ACCEPTED_UNTIL.getTime() - 1))).toBe(participant.id);
    expect(await resolveLinkToken("PARTICIPANT_PAGE", legacy, LEGACY_LINKS_ACCEPTED_UNTIL)).toBeNull();
  });

  it("deletion stops every link; the link used to delete still shows the result page, and nothing else", async () => {
    const { participant } = await attendee();
    const token = tokenOf(await participantPagePath(participant.id));
    const outcome = await anonymizeParticipant(participant.id, { via: "participant_page" });
    expect(outcome.ok).toBe(true);
    expect(await parseParticipantToken(token)).toBeNull();
    expect((await download(token)).status).toBe(404);
    expect(await resolveDeletedPageToken(token)).toBe(participant.id);
    expect(await resolveDeletedPageToken(legacyPageToken(participant.id))).toBe(participant.id);
    expect(await participantPagePath(participant.id)).toBeNull(); // no new link for a deleted person
    const living = await attendee();
    expect(await resolveDeletedPageToken(tokenOf(await participantPagePath(living.participant.id)))).toBeNull();
  });
});
