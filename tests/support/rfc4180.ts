// A strict RFC 4180 reader for tests: it accepts exactly the grammar of the RFC (records ended by CRLF,
// fields optionally enclosed in double quotes, quotes doubled inside a quoted field, CR and LF only inside
// quotes) and throws on anything else, so a writer that emits a bare quote, a bare CR or LF outside quotes,
// text after a closing quote or an unterminated quote fails the test instead of being "repaired" by a lenient
// parser. Unlike the RFC's ABNF (TEXTDATA is printable ASCII) it allows any other character, because the
// exports are UTF-8 for Japanese text.

export class Rfc4180Error extends Error {}

export type ParseOptions = {
  /** Strip one leading U+FEFF (the BOM Japanese Excel needs) before parsing. */
  bom?: boolean;
  /** Require every record to have the same number of fields (RFC 4180 §2.4). Default true. */
  sameFieldCount?: boolean;
};

export function parseRfc4180(input: string, options: ParseOptions = {}): string[][] {
  let text = input;
  if (options.bom) {
    if (!text.startsWith("\uFEFF")) throw new Rfc4180Error("expected a byte order mark");
    text = text.slice(1);
  }
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;

  for (;;) {
    // One field.
    let field = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= n) throw new Rfc4180Error(`unterminated quoted field in record ${records.length + 1}`);
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += c;
        i += 1;
      }
      if (i < n && text[i] !== "," && !(text[i] === "\r" && text[i + 1] === "\n")) {
        throw new Rfc4180Error(`text after a closing quote at offset ${i}`);
      }
    } else {
      while (i < n && text[i] !== ",") {
        const c = text[i];
        if (c === '"') throw new Rfc4180Error(`quote inside an unquoted field at offset ${i}`);
        if (c === "\r") {
          if (text[i + 1] === "\n") break;
          throw new Rfc4180Error(`bare CR outside quotes at offset ${i}`);
        }
        if (c === "\n") throw new Rfc4180Error(`bare LF outside quotes at offset ${i}`);
        field += c;
        i += 1;
      }
    }
    record.push(field);

    if (i >= n) {
      // The last record may lack its CRLF (§2.2); our writers always end with one, which lands below.
      records.push(record);
      break;
    }
    if (text[i] === ",") {
      i += 1;
      continue;
    }
    // CRLF: end of record.
    i += 2;
    records.push(record);
    record = [];
    if (i >= n) break;
  }

  if (options.sameFieldCount !== false) {
    const width = records[0]?.length ?? 0;
    records.forEach((r, index) => {
      if (r.length !== width) throw new Rfc4180Error(`record ${index + 1} has ${r.length} fields, expected ${width}`);
    });
  }
  return records;
}
