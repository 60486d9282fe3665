import { describe, expect, it } from "vitest";
import { followNextSteps, type AttendedEvent, type LedgerFacts } from "@/lib/insights/next-steps";

// What came of each next step chosen in a survey. The survey was sent at 10:00 JST on 1 June 2026
// (01:00 UTC); everything the person did is dated around it. Tests run with TZ=America/Los_Angeles, where
// that instant is still 31 May, so any slip from Japan-time days shows up.

const submittedAt = new Date("2026-06-01T01:00:00Z"); // 2026-06-01 10:00 JST
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`); // a `date` column as Prisma reads it

type Event = AttendedEvent & { title: string };
const event = (id: string, startsAt: string, area: Event["area"], kind: Event["kind"]): Event => ({ id, title: id, startsAt: new Date(startsAt), area, kind });

const empty: LedgerFacts<Event> = { attended: [], activities: [], consents: [] };
const follow = (steps: Parameters<typeof followNextSteps>[0]["nextSteps"], facts: Partial<LedgerFacts<Event>>) =>
  followNextSteps({ submittedAt, nextSteps: steps }, { ...empty, ...facts });

describe("followNextSteps", () => {
  it("answers each step in the order chosen; NONE has nothing to follow, the rest are not yet done on an empty ledger", () => {
    expect(follow(["FURUSATO_NOZEI", "VISIT_OGAKI"], {})).toEqual([
      { step: "FURUSATO_NOZEI", state: "pending" },
      { step: "VISIT_OGAKI", state: "pending" },
    ]);
    expect(follow(["NONE"], { activities: [{ id: "a", kind: "VISIT_OGAKI", occurredOn: day("2026-07-01") }] })).toEqual([
      { step: "NONE", state: "nothing_to_follow" },
    ]);
  });

  it("VISIT_OGAKI: a visit or a move recorded on or after the survey's day, or an event in Ogaki attended after it; the earliest wins", () => {
    const activities = [
      { id: "before", kind: "VISIT_OGAKI" as const, occurredOn: day("2026-05-31") }, // the day before: it did not come of the survey
      { id: "move", kind: "RELOCATION" as const, occurredOn: day("2026-09-01") },
      { id: "tax", kind: "FURUSATO_NOZEI" as const, occurredOn: day("2026-06-02") }, // not a visit
    ];
    const attended = [
      event("tokyo", "2026-06-20T09:00:00Z", "TOKYO_AREA", "FIELDWORK"), // not in Ogaki
      event("ogaki", "2026-07-04T01:00:00Z", "OGAKI", "TALK"),
    ];
    const [outcome] = follow(["VISIT_OGAKI"], { activities, attended });
    expect(outcome).toEqual({ step: "VISIT_OGAKI", state: "realised", by: { type: "event", on: attended[1]!.startsAt, event: attended[1] } });

    // Without the Ogaki event the move (a later day) realises it: moving there implies being there.
    expect(follow(["VISIT_OGAKI"], { activities, attended: [attended[0]!] })[0]).toEqual({
      step: "VISIT_OGAKI",
      state: "realised",
      by: { type: "activity", on: day("2026-09-01"), activity: { id: "move", kind: "RELOCATION" } },
    });
  });

  it("counts an activity dated the survey's own Japan-time day, but not the day before (JST, not the server's TZ)", () => {
    // 15:30 UTC on 5 June is 00:30 on 6 June in Japan (and 08:30 on 5 June in Los Angeles).
    const lateSurvey = { submittedAt: new Date("2026-06-05T15:30:00Z"), nextSteps: ["FURUSATO_NOZEI" as const] };
    const on = (iso: string) => followNextSteps(lateSurvey, { ...empty, activities: [{ id: "t", kind: "FURUSATO_NOZEI", occurredOn: day(iso) }] })[0]!.state;
    expect(on("2026-06-05")).toBe("pending");
    expect(on("2026-06-06")).toBe("realised");
  });

  it("counts events that start after the survey was sent, never the ones before it (the survey's own event)", () => {
    const own = event("own", "2026-05-30T09:00:00Z", "OGAKI", "FIELDWORK");
    expect(follow(["VISIT_OGAKI", "FIELDWORK_TOUR"], { attended: [own] }).map((o) => o.state)).toEqual(["pending", "pending"]);
    // An event starting the same morning but after the survey counts.
    const later = event("later", "2026-06-01T02:00:00Z", "OGAKI", "FIELDWORK");
    expect(follow(["FIELDWORK_TOUR"], { attended: [own, later] })[0]).toMatchObject({ state: "realised", by: { type: "event", event: { id: "later" } } });
  });

  it("FIELDWORK_TOUR: only an attended fieldwork event", () => {
    const attended = [event("talk", "2026-06-10T09:00:00Z", "OGAKI", "TALK"), event("project", "2026-06-11T09:00:00Z", "OGAKI", "PROJECT")];
    const activities = [{ id: "v", kind: "VISIT_OGAKI" as const, occurredOn: day("2026-06-12") }];
    expect(follow(["FIELDWORK_TOUR"], { attended, activities })[0]!.state).toBe("pending");
    const tour = event("tour", "2026-08-01T00:00:00Z", "OGAKI", "FIELDWORK");
    expect(follow(["FIELDWORK_TOUR"], { attended: [...attended, tour], activities })[0]).toMatchObject({ state: "realised", by: { type: "event", event: { id: "tour" } } });
  });

  it("SIDE_JOB_PROJECT: a side job or city project recorded, or a project event attended; volunteering is not a project", () => {
    expect(follow(["SIDE_JOB_PROJECT"], { activities: [{ id: "vol", kind: "VOLUNTEER", occurredOn: day("2026-06-03") }] })[0]!.state).toBe("pending");
    for (const kind of ["SIDE_JOB", "CITY_PROJECT"] as const) {
      expect(follow(["SIDE_JOB_PROJECT"], { activities: [{ id: kind, kind, occurredOn: day("2026-06-03") }] })[0]).toMatchObject({
        state: "realised",
        by: { type: "activity", activity: { kind } },
      });
    }
    expect(follow(["SIDE_JOB_PROJECT"], { attended: [event("p", "2026-06-20T09:00:00Z", "TOKYO_AREA", "PROJECT")] })[0]).toMatchObject({
      state: "realised",
      by: { type: "event", event: { id: "p" } },
    });
  });

  it("FURUSATO_NOZEI: only a furusato nozei recorded after the survey", () => {
    const activities = [
      { id: "old", kind: "FURUSATO_NOZEI" as const, occurredOn: day("2026-04-01") },
      { id: "visit", kind: "VISIT_OGAKI" as const, occurredOn: day("2026-06-02") },
    ];
    expect(follow(["FURUSATO_NOZEI"], { activities })[0]!.state).toBe("pending");
    expect(follow(["FURUSATO_NOZEI"], { activities: [...activities, { id: "new", kind: "FURUSATO_NOZEI", occurredOn: day("2026-12-20") }] })[0]).toEqual({
      step: "FURUSATO_NOZEI",
      state: "realised",
      by: { type: "activity", on: day("2026-12-20"), activity: { id: "new", kind: "FURUSATO_NOZEI" } },
    });
  });

  it("NEWSLETTER: a news consent that holds now (even one given at sign-up); a withdrawn one or the city-provision consent does not", () => {
    const signup = new Date("2026-05-01T03:00:00Z");
    const withdrawn = { purpose: "WDL_NEWS" as const, grantedAt: signup, withdrawnAt: new Date("2026-05-20T00:00:00Z") };
    const provision = { purpose: "CITY_PROVISION" as const, grantedAt: signup, withdrawnAt: null };
    expect(follow(["NEWSLETTER"], { consents: [withdrawn, provision] })[0]!.state).toBe("pending");

    const cityNews = { purpose: "CITY_NEWS" as const, grantedAt: new Date("2026-06-03T00:00:00Z"), withdrawnAt: null };
    expect(follow(["NEWSLETTER"], { consents: [withdrawn, provision, cityNews] })[0]).toEqual({
      step: "NEWSLETTER",
      state: "realised",
      by: { type: "consent", on: cityNews.grantedAt, purpose: "CITY_NEWS" },
    });
    // Both news consents current: the earlier one is named.
    const wdlNews = { purpose: "WDL_NEWS" as const, grantedAt: signup, withdrawnAt: null };
    expect(follow(["NEWSLETTER"], { consents: [cityNews, wdlNews] })[0]).toMatchObject({ by: { type: "consent", purpose: "WDL_NEWS", on: signup } });
  });

  it("on the same day prefers an event to an activity, then the lower id, whatever order the rows come in", () => {
    const ogaki = event("ogaki", "2026-06-06T05:00:00Z", "OGAKI", "TALK"); // 14:00 JST on 6 June
    const visits = [
      { id: "b", kind: "VISIT_OGAKI" as const, occurredOn: day("2026-06-06") },
      { id: "a", kind: "RELOCATION" as const, occurredOn: day("2026-06-06") },
    ];
    expect(follow(["VISIT_OGAKI"], { attended: [ogaki], activities: visits })[0]).toMatchObject({ by: { type: "event", event: { id: "ogaki" } } });
    for (const order of [visits, [...visits].reverse()]) {
      expect(follow(["VISIT_OGAKI"], { activities: order })[0]).toMatchObject({ by: { type: "activity", activity: { id: "a" } } });
    }
  });
});
