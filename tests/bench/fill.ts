import type pg from "pg";

// A realistic large ledger, written with set-based SQL so 100,000 registrations take seconds: two partner
// organisations, 200 events every five days from April 2024 (three fiscal years, every area and kind), people
// who each registered for five events, most of them attended, some no-shows, cancellations and waitlists, a
// survey from every other attendee and some recorded activities. Deterministic (no random()): two runs measure
// the same data.

export const BENCH_SIZE = { people: 20_000, events: 200, registrationsPerPerson: 5 } as const;

export async function fillLedger(client: pg.Client, size = BENCH_SIZE): Promise<{ people: number; registrations: number; events: number }> {
  await client.query(`
    INSERT INTO "Organization" (id, slug, kind, "nameJa", "nameEn", "updatedAt") VALUES
      (gen_random_uuid(), 'wdl', 'WDL', '一般社団法人Work Design Lab', 'Work Design Lab', now()),
      (gen_random_uuid(), 'ogaki-city', 'CITY', '大垣市', 'Ogaki City', now())
    ON CONFLICT (slug) DO NOTHING`);
  await client.query(
    `WITH wdl AS (SELECT id FROM "Organization" WHERE slug = 'wdl'),
     series AS (SELECT i, timestamptz '2024-04-10 19:00+09' + (i * interval '5 days') AS starts FROM generate_series(0, $1::int - 1) i)
     INSERT INTO "Event" (id, slug, status, "ownerOrganizationId", "titleJa", "descriptionJa", "startsAt", "endsAt", area, kind, capacity,
                          "reminderHoursBefore", "surveyEnabled", "updatedAt")
     SELECT gen_random_uuid(), 'bench-' || i, CASE WHEN starts < now() THEN 'CLOSED' ELSE 'PUBLISHED' END::"EventStatus", wdl.id,
            '関係人口ベンチマーク ' || i, '説明', starts, starts + interval '2 hours',
            (ARRAY['TOKYO_AREA','TOKYO_AREA','OGAKI','ONLINE'])[1 + i % 4]::"EventArea",
            (ARRAY['TALK','WORKSHOP','FIELDWORK','PROJECT','NETWORKING'])[1 + i % 5]::"EventKind", 600,
            -- No reminders or surveys: the app's mail worker stays idle and does not load the machine mid-measurement.
            '{}', false, now()
     FROM series, wdl`,
    [size.events],
  );
  await client.query(`
    INSERT INTO "EventOrganizer" ("eventId", "organizationId", role)
    SELECT e.id, o.id, CASE WHEN o.kind = 'WDL' THEN 'HOST' ELSE 'CO_HOST' END::"OrganizerRole"
    FROM "Event" e CROSS JOIN "Organization" o WHERE e.slug LIKE 'bench-%' AND o.slug IN ('wdl', 'ogaki-city')`);
  await client.query(
    `INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, "prefectureCode", relationships, interests, "updatedAt")
     SELECT gen_random_uuid(), 'bench' || i || '@example.com', 'bench' || i || '@example.com', '参加者 ' || i, 'さんかしゃ',
            (ARRAY['13','13','13','14','11','12','21','27','99'])[1 + i % 9],
            ARRAY[(ARRAY['HOMETOWN','VISITED','NONE','NONE','WORK_OR_STUDY'])[1 + i % 5]]::"Relationship"[],
            ARRAY[(ARRAY['food','career','tourism','craft'])[1 + i % 4], (ARRAY['nature','business'])[1 + i % 2]],
            now()
     FROM generate_series(1, $1::int) i`,
    [size.people],
  );
  // Person p registers for events (p·37 + k·41) mod 200, k = 0..4: five distinct events each.
  await client.query(
    `WITH people AS (SELECT id, row_number() OVER (ORDER BY "emailNormalized") - 1 AS p, "emailNormalized" FROM "Participant" WHERE "emailNormalized" LIKE 'bench%'),
     events AS (SELECT id, "startsAt", row_number() OVER (ORDER BY "startsAt") - 1 AS e FROM "Event" WHERE slug LIKE 'bench-%'),
     pairs AS (
       SELECT people.id AS pid, people."emailNormalized", events.id AS eid, events."startsAt", people.p, k
       FROM people CROSS JOIN generate_series(0, $1::int - 1) k
       JOIN events ON events.e = (people.p * 37 + k * 41) % $2::int
     )
     INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, "relationshipsAtSignup", "howHeard", "utmSource",
                                 "manageTokenHash", "checkinCode", "waitlistedAt", "confirmedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), eid, pid,
            CASE WHEN s IN ('CANCELLED','DECLINED') THEN NULL ELSE "emailNormalized" END,
            s::"RegistrationStatus", ARRAY['NONE']::"Relationship"[],
            (ARRAY['WDL_MEMBER','FRIEND','SNS','EVENT_SITE','CITY','NEWSLETTER'])[1 + (p + k) % 6]::"HowHeard",
            CASE WHEN (p + k) % 7 = 0 THEN 'instagram' END,
            md5(pid::text || eid::text), substr(md5(eid::text || pid::text), 1, 10),
            CASE WHEN s = 'WAITLISTED' OR (p + k) % 20 = 1 THEN "startsAt" - interval '10 days' END,
            CASE WHEN s IN ('ATTENDED','NO_SHOW','CONFIRMED') THEN "startsAt" - interval '9 days' END,
            "startsAt" - interval '14 days', now()
     FROM (
       SELECT pairs.*, CASE
         WHEN "startsAt" > now() THEN (ARRAY['CONFIRMED','CONFIRMED','CONFIRMED','WAITLISTED','CANCELLED'])[1 + (p + k) % 5]
         ELSE (ARRAY['ATTENDED','ATTENDED','ATTENDED','ATTENDED','ATTENDED','ATTENDED','NO_SHOW','CANCELLED','WAITLISTED','DECLINED'])[1 + (p * 3 + k) % 10]
       END AS s FROM pairs
     ) x`,
    [size.registrationsPerPerson, size.events],
  );
  await client.query(`
    INSERT INTO "SurveyResponse" (id, "registrationId", "participantId", "eventId", satisfaction, "joinAgain", "nextSteps")
    SELECT gen_random_uuid(), r.id, r."participantId", r."eventId", 1 + abs(hashtext(r.id::text)) % 5,
           (ARRAY['YES','YES','MAYBE','NO'])[1 + abs(hashtext(r.id::text)) % 4]::"JoinAgain",
           ARRAY[(ARRAY['VISIT_OGAKI','FIELDWORK_TOUR','SIDE_JOB_PROJECT','FURUSATO_NOZEI','NEWSLETTER'])[1 + abs(hashtext(r."eventId"::text || r.id::text)) % 5]]::"NextStep"[]
    FROM "Registration" r WHERE r.status = 'ATTENDED' AND abs(hashtext(r.id::text)) % 2 = 0`);
  await client.query(`
    INSERT INTO "Activity" (id, "participantId", kind, source, "occurredOn")
    SELECT gen_random_uuid(), p.id, (ARRAY['VISIT_OGAKI','CITY_PROJECT','SIDE_JOB','VOLUNTEER','FURUSATO_NOZEI'])[1 + n % 5]::"ActivityKind",
           'STAFF', date '2024-06-01' + (n * 7 % 900)::int
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "Participant" WHERE "emailNormalized" LIKE 'bench%') p
    WHERE n % 4 = 0`);
  await client.query(`
    INSERT INTO "Consent" (id, "participantId", purpose, version, "grantedAt")
    SELECT gen_random_uuid(), id, 'CITY_PROVISION', '2026-10', now() FROM "Participant"
    WHERE "emailNormalized" LIKE 'bench%' AND abs(hashtext(id::text)) % 10 < 7`);
  await client.query("ANALYZE");
  const { rows } = await client.query<{ people: number; registrations: number; events: number }>(`
    SELECT (SELECT count(*) FROM "Participant")::int AS people, (SELECT count(*) FROM "Registration")::int AS registrations,
           (SELECT count(*) FROM "Event")::int AS events`);
  return rows[0]!;
}
