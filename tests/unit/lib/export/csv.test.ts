import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BOM, csvField, csvRecord, csvStream, neutralizeCell } from "@/lib/export/csv";

// What a participant types ends up in a spreadsheet someone opens: nothing in it may run as a formula, and
// nothing may break the CSV's structure.

const HOSTILE = [
  '=HYPERLINK("http://x","y")',
  "=1+1",
  "@SUM(A1)",
  "+1",
  "-1",
  "+81-90-1234-5678",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
  "＝1+1",
  "＠SUM(A1)",
];

/** A cell is inert when a spreadsheet cannot read it as a formula: it does not begin with a trigger. */
const isInert = (cell: string) => !/^[=+\-@\t\r＝＋－＠]/.test(cell);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function* batchesOf(rows: string[][], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

describe("neutralizeCell", () => {
  it.each(HOSTILE)("prefixes %j with an apostrophe", (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it("leaves ordinary text, inner signs and empty cells alone", () => {
    for (const value of ["大垣 太郎", "a=b", "1+1", "メール@例", "", " a=1", "'quoted", "2026-12-05 14:00"]) {
      expect(neutralizeCell(value)).toBe(value);
    }
  });
});

describe("csvField and csvRecord (RFC 4180)", () => {
  it("quotes only fields with a quote, comma, CR or LF, doubling inner quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("大垣市")).toBe("大垣市");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("neutralises before quoting, so a quoted formula is inert too", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("\r=1+1")).toBe(`"'\r=1+1"`);
  });

  it("ends every record with CRLF", () => {
    expect(csvRecord(["a", "b", ""])).toBe("a,b,\r\n");
  });
});

describe("csvStream", () => {
  it("starts with the UTF-8 BOM and round-trips hostile values through a CSV parser as inert text", async () => {
    const header = ["氏名", "=header", "備考"];
    const rows = [
      ...HOSTILE.map((value, i) => [`参加者${i}`, value, `複数行\n"引用", カンマ`]),
      ["", "", ""],
      ["大垣 太郎", "普通の回答", "a=b"],
    ];
    const bytes = await readAll(csvStream(header, batchesOf(rows, 4)));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(BOM)).toBe(true);

    const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
    expect(records).toHaveLength(rows.length + 1);
    expect(records[0]).toEqual(["氏名", "'=header", "備考"]);
    for (const [i, record] of records.slice(1).entries()) {
      expect(record).toHaveLength(3);
      for (const cell of record) expect(isInert(cell), JSON.stringify(cell)).toBe(true);
      // Nothing is lost: the value is the original behind the apostrophe.
      expect(record.map((c) => c.replace(/^'/, ""))).toEqual(rows[i]!.map((c) => c.replace(/^'/, "")));
    }
    expect(records.slice(1, HOSTILE.length + 1).map((r) => r[1])).toEqual(HOSTILE.map((v) => `'${v}`));
  });

  it("reads the next batch only when the reader asks for more", async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        yield [[`row ${i}`]];
      }
    }
    const reader = csvStream(["h"], source()).getReader();
    await reader.read(); // BOM + header
    await reader.read(); // first batch
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(pulled).toBeLessThanOrEqual(2);
  });
});
