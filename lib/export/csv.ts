// Spreadsheet-safe text for exports (CSV and XLSX alike).
//
// Formula injection (CWE-1236): a cell that begins with `=`, `+`, `-` or `@` is read by Excel and LibreOffice
// as a formula (`=HYPERLINK("http://evil","click")`, `@SUM(...)`, DDE payloads); a leading tab or carriage
// return hides the same trick behind whitespace. Participants type these fields themselves, so every cell
// that begins with one of them gets a leading apostrophe, which makes the spreadsheet show it as text. The
// full-width forms are included because Japanese Excel turns a leading `＝` into a formula as well. A trigger
// behind invisible or blank characters (spaces, ideographic space, NUL, a BOM, zero-width characters, line
// breaks) counts too: import options such as LibreOffice's "trim spaces", or a cleanup in the reader's own
// script, strip them and leave the formula (tests/unit/lib/export/formula.test.ts).

const FORMULA_START = /^(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@＝＋－＠])/u;

export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The byte order mark Japanese Excel needs to open a CSV as UTF-8 instead of Shift_JIS. */
export const BOM = "\uFEFF";

/** One field, RFC 4180: quoted when it holds a quote, comma, CR or LF; quotes doubled inside. */
export function csvField(value: string | null | undefined): string {
  const text = neutralizeCell(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180 §2.1). */
export function csvRecord(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * A CSV download as a stream: the BOM and the header first, then one batch of records per pull, so the
 * next batch is read from the database only when the client has taken the previous one (backpressure).
 */
export function csvStream(header: readonly string[], batches: AsyncIterator<string[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(BOM + csvRecord(header)));
          return;
        }
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(csvRecord).join("")));
      },
      async cancel() {
        await batches.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
