import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportEventRegistrations } from "@/lib/export/registrations";
import type { Staff } from "@/lib/server/auth";
import { useAppDatabase } from "../../../support/app-env";
import type { TestDatabase } from "../../../support/db";
import { createEvent } from "../../../support/fixtures";
import { createStaff } from "./helpers";

// 50,000 registrations: the export streams them batch by batch. The database is read one batch (1,000 rows)
// at a time, only as fast as the reader takes the file, so the heap stays flat instead of growing with the
// event. Memory is measured after a forced GC, and the batches read are counted through the data module.

const ROWS = 50_000;
const BATCH = 1_000;

const counter = vi.hoisted(() => ({ batches: 0, largest: 0 }));
vi.mock("@/lib/export/data", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/export/data")>();
  return {
    ...actual,
    exportBatches: (...args: Parameters<typeof actual.exportBatches>) => {
      const source = actual.exportBatches(...args);
      return {
        async next() {
          const next = await source.next();
          if (!next.done) {
            counter.batches += 1;
            counter.largest = Math.max(counter.largest, next.value.length);
          }
          return next;
        },
        return: () => source.return(),
        throw: (error: unknown) => source.throw(error),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
});

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

let t: TestDatabase;
let wdl: Staff;
let city: Staff;
let eventId: string;

beforeAll(async () => {
  t = await useAppDatabase();
  wdl = await createStaff(t.db, "WDL_ADMIN");
  city = await createStaff(t.db, "CITY_ADMIN");
  const event = await createEvent(t.db, { capacity: null });
  eventId = event.id;
  const question = await t.db.eventQuestion.create({ data: { eventId, position: 1, kind: "TEXT", labelJa: "ご職業", cityVisible: true } });
  const statements = [
    `CREATE TABLE bulk AS
       SELECT i, gen_random_uuid() AS participant, gen_random_uuid() AS registration FROM generate_series(1, ${ROWS}) AS i`,
    `INSERT INTO "Participant" (id, email, "emailNormalized", name, furigana, "prefectureCode", municipality, relationships, interests, skills, "updatedAt")
       SELECT participant, 'bulk' || i || '@example.com', 'bulk' || i || '@example.com', '参加者 ' || i, 'さんかしゃ', '13', '渋谷区',
              '{VISITED}', '{tourism,food}', '{}', now() FROM bulk`,
    `INSERT INTO "Registration" (id, "eventId", "participantId", "emailNormalized", status, "relationshipsAtSignup", "manageTokenHash", "checkinCode", "howHeard", "updatedAt")
       SELECT registration, '${eventId}', participant, 'bulk' || i || '@example.com', 'CONFIRMED', '{VISITED}', md5(registration::text), 'C' || i, 'SNS', now() FROM bulk`,
    `INSERT INTO "Answer" (id, "registrationId", "questionId", text, choices, "updatedAt")
       SELECT gen_random_uuid(), registration, '${question.id}', CASE WHEN i % 10 = 0 THEN '=HYPERLINK("http://x","y")' ELSE 'エンジニア' END, '{}', now() FROM bulk`,
    `INSERT INTO "Consent" (id, "participantId", purpose, version) SELECT gen_random_uuid(), participant, 'CITY_PROVISION', 'v1' FROM bulk`,
    // As autovacuum would after a load like this: the planner needs the new row counts.
    `ANALYZE "Participant", "Registration", "Answer", "Consent"`,
  ];
  for (const statement of statements) await t.db.$executeRawUnsafe(statement);
  // One export first, unmeasured: the one-time allocations of the first run (query plans, compiled code)
  // are not what the memory checks below are about.
  const warmUp = (await exportEventRegistrations(wdl, eventId, { format: "csv", locale: "ja", batchSize: BATCH }))!;
  await consume(warmUp.body, () => {});
}, 180_000);

afterAll(async () => {
  await t.drop();
});

async function consume(stream: ReadableStream<Uint8Array>, onChunk: (chunk: Uint8Array, index: number) => void | Promise<void>) {
  const reader = stream.getReader();
  for (let index = 0; ; index++) {
    const { done, value } = await reader.read();
    if (done) return;
    await onChunk(value, index);
  }
}

describe("a 50,000-row export", () => {
  it("streams a CSV batch by batch, reading no further than the reader, with flat memory", async () => {
    counter.batches = 0;
    counter.largest = 0;
    const before = heapMb();
    const result = (await exportEventRegistrations(wdl, eventId, { format: "csv", locale: "ja", batchSize: BATCH }))!;
    expect(result.rows).toBe(ROWS);

    // Nothing is read ahead of the reader: with the reader paused, at most the next batch is waiting.
    const reader = result.body.getReader();
    const parser = parse({ bom: true, columns: true });
    parser.write((await reader.read()).value!); // BOM and header
    parser.write((await reader.read()).value!); // first batch
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counter.batches).toBeLessThanOrEqual(2);

    let records = 0;
    let hostile = 0;
    parser.on("readable", () => {
      for (let record: Record<string, string> | null; (record = parser.read() as Record<string, string> | null); ) {
        records += 1;
        expect(record["メールアドレス"]).toMatch(/^bulk\d+@example\.com$/);
        if (record["ご職業"]!.includes("HYPERLINK")) {
          hostile += 1;
          expect(record["ご職業"]).toBe(`'=HYPERLINK("http://x","y")`);
        }
      }
    });
    let peak = 0;
    reader.releaseLock();
    await consume(result.body, (chunk, index) => {
      parser.write(chunk);
      if (index % 5 === 0) peak = Math.max(peak, heapMb() - before);
    });
    parser.end();
    await new Promise((resolve) => parser.on("end", resolve));

    expect(records).toBe(ROWS);
    expect(hostile).toBe(ROWS / 10);
    expect(counter.batches).toBe(ROWS / BATCH);
    expect(counter.largest).toBe(BATCH);
    // The rows of the whole event as objects would take hundreds of MB; the stream holds about one batch.
    console.info(`CSV export of ${ROWS} rows: peak heap growth ${peak.toFixed(1)} MB`);
    expect(peak).toBeLessThan(16);
  });

  it("streams an XLSX batch by batch, with flat memory, and the file reads back whole", async () => {
    counter.batches = 0;
    const before = heapMb();
    const result = (await exportEventRegistrations(wdl, eventId, { format: "xlsx", locale: "ja", batchSize: BATCH }))!;

    const chunks: Uint8Array[] = [];
    const reader = result.body.getReader();
    chunks.push((await reader.read()).value!);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const readAhead = counter.batches;
    expect(readAhead).toBeLessThan(10);

    let peak = 0;
    let kept = 0;
    reader.releaseLock();
    await consume(result.body, (chunk, index) => {
      chunks.push(chunk);
      kept += chunk.byteLength;
      if (index % 20 === 0) peak = Math.max(peak, heapMb() - before - kept / 2 ** 20);
    });
    expect(counter.batches).toBe(ROWS / BATCH);
    const file = Buffer.concat(chunks);
    chunks.length = 0;
    console.info(`XLSX export of ${ROWS} rows: ${(file.length / 2 ** 20).toFixed(1)} MB, ${readAhead} batches read ahead of a paused reader, peak heap growth ${peak.toFixed(1)} MB besides the file`);
    expect(peak).toBeLessThan(16);

    // Read back with exceljs's streaming reader: every row is there, as text.
    let rows = 0;
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), { worksheets: "emit", sharedStrings: "ignore" });
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        rows += 1;
        if (rows === 2) expect(String((row as ExcelJS.Row).getCell(5).value)).toMatch(/^bulk\d+@example\.com$/);
      }
    }
    expect(rows).toBe(ROWS + 1);
  });

  it.each(["csv", "xlsx"] as const)("stops reading the database when the client goes away (%s)", async (format) => {
    counter.batches = 0;
    const result = (await exportEventRegistrations(wdl, eventId, { format, locale: "ja", batchSize: BATCH }))!;
    const reader = result.body.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = counter.batches;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counter.batches).toBe(after);
    expect(after).toBeLessThan(10);
  });

  it("records all 50,000 people of a city export in one provision record before streaming them", async () => {
    const result = (await exportEventRegistrations(city, eventId, { format: "csv", locale: "ja", batchSize: BATCH }))!;
    const record = await t.db.provisionRecord.findFirstOrThrow({ where: { staffUserId: city.id } });
    expect(record).toMatchObject({ kind: "EXPORT", personCount: ROWS });
    expect(await t.db.provisionRecordItem.count({ where: { provisionRecordId: record.id } })).toBe(ROWS);
    let lines = 0;
    await consume(result.body, (chunk) => {
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
    });
    expect(lines).toBe(ROWS + 1);
  });
});
