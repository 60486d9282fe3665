import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";

// An XLSX download as a stream: exceljs's streaming WorkbookWriter commits each row as soon as it is added
// (no shared strings, no styles: nothing accumulates per row), and the zip it writes flows into the response.
//
// Backpressure: exceljs writes the sheet into an internal buffer that does not push back, which then feeds
// the zip's deflate stream (which does). Before reading the next batch from the database we wait until both
// the response side and that internal buffer have drained, so at most about one batch is ever in memory.

const QUEUE_LIMIT = 256 * 1024;

type Pipe = { writableLength?: number; readableLength?: number };

/** Bytes of sheet XML waiting for the zip (exceljs 4's StreamBuf pipes into one PassThrough per entry). */
function waitingForZip(sheet: ExcelJS.Worksheet): number {
  const pipes = (sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes ?? [];
  return pipes.reduce((sum, p) => sum + (p.writableLength ?? 0) + (p.readableLength ?? 0), 0);
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

// Characters XML 1.0 cannot carry (C0 controls other than tab and line breaks, lone surrogates, U+FFFE and
// U+FFFF), and DEL. exceljs drops the controls and DEL itself but writes U+FFFE/U+FFFF as they are, and one such character
// typed into a form would make the whole workbook unreadable ("the file is corrupt").
const XML_INVALID = /[^\t\n\r\u0020-\u007E\u0080-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Text only: every value is a JavaScript string, which exceljs writes as a text cell (`t="str"`, a value and
// no <f> formula element), never as a number, a date or a formula. A spreadsheet shows such a cell as it is,
// so `=1+1` typed into a form stays the text `=1+1`, and the CSV's formula guard (a leading apostrophe,
// lib/export/csv.ts) is not needed here: it would only show up as a stray apostrophe in the cell.
export const xlsxCell = (value: string) => {
  const text = value.replace(XML_INVALID, "");
  return text === "" ? null : text;
};

export function xlsxStream(options: {
  sheetName: string;
  header: readonly string[];
  batches: AsyncIterator<string[][]>;
  onError?: (error: unknown) => void;
}): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: QUEUE_LIMIT });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  workbook.creator = "Work Design Lab × 大垣市";
  const sheet = workbook.addWorksheet(options.sheetName.slice(0, 31).replace(/[[\]:*?/\\]/g, "_"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = options.header.map(() => ({ width: 18 }));

  const busy = () => !out.destroyed && (out.writableNeedDrain || out.readableLength > QUEUE_LIMIT || waitingForZip(sheet) > QUEUE_LIMIT);

  async function produce() {
    sheet.addRow(options.header.map(xlsxCell)).commit();
    for (;;) {
      if (out.destroyed) {
        await options.batches.return?.();
        return;
      }
      const next = await options.batches.next();
      if (next.done) break;
      for (const values of next.value) sheet.addRow(values.map(xlsxCell)).commit();
      while (busy()) await pause();
    }
    sheet.commit();
    await workbook.commit();
  }

  produce().catch((error: unknown) => {
    options.onError?.(error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
