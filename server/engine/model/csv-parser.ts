/**
 * A byte-level CSV record parser: comma-separated, double quotes with "" escapes, LF or CRLF line ends,
 * empty lines skipped. It is fed chunks of a file and finds each record's field bounds, so a cell becomes
 * a string (or a number, or a key id) only when the caller asks for it — csv-parse builds a string per
 * cell and an array per record, which made it the slowest step of `iren model score`.
 *
 *   const parser = new CsvRecordParser((record) => console.log(record.fieldCount, record.line));
 *   const kept = parser.parse(chunk, chunk.length, false); // chunk[kept..] is an unfinished record:
 *   // move it to the front, append more bytes, call parse again; the last call passes atEnd = true
 *
 * Malformed input throws CsvSyntaxError with the line; field counts are checked against the first
 * record (the header).
 */

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** How a field was written: plain, quoted, or quoted with "" escapes inside (needs unescaping). */
export const FIELD_PLAIN = 0;
export const FIELD_QUOTED = 1;
export const FIELD_ESCAPED = 2;

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** A complete record, valid during the callback only: bounds index into `bytes`, quotes excluded. */
export interface CsvRecord {
  bytes: Buffer;
  fieldCount: number;
  starts: Int32Array;
  ends: Int32Array;
  /** FIELD_PLAIN, FIELD_QUOTED or FIELD_ESCAPED per field. */
  kinds: Uint8Array;
  /** 1-based line on which the record ends. */
  line: number;
}

export class CsvRecordParser {
  private readonly record: CsvRecord = {
    bytes: Buffer.alloc(0),
    fieldCount: 0,
    starts: new Int32Array(64),
    ends: new Int32Array(64),
    kinds: new Uint8Array(64),
    line: 0,
  };
  private line = 1;
  private expectedFields = -1;
  private started = false;

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  /**
   * Parses the complete records of bytes[0..length). Returns where the first unfinished record starts
   * (length when none is); with atEnd, the end of the data finishes the last record.
   */
  parse(bytes: Buffer, length: number, atEnd: boolean): number {
    const record = this.record;
    record.bytes = bytes;
    let pos = 0;
    if (!this.started) {
      if (length < 3 && !atEnd) return 0;
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3; // UTF-8 byte order mark
    }
    while (pos < length) {
      const recordStart = pos;
      const lineAtStart = this.line;
      let c = bytes[pos]!;
      if (c === LF || c === CR) {
        // An empty line.
        if (c === CR && pos + 1 >= length && !atEnd) return recordStart;
        pos += c === CR && bytes[pos + 1] === LF ? 2 : 1;
        this.line++;
        continue;
      }
      let field = 0;
      let unfinished = false;
      let endLine = 0;
      for (;;) {
        if (field === record.starts.length) this.grow();
        if (pos < length && bytes[pos] === QUOTE) {
          pos++;
          const start = pos;
          let kind = FIELD_QUOTED;
          for (;;) {
            if (pos >= length) {
              if (atEnd) throw new CsvSyntaxError(lineAtStart, `a quote opened on this line is never closed`);
              unfinished = true;
              break;
            }
            c = bytes[pos]!;
            if (c === QUOTE) {
              if (pos + 1 >= length && !atEnd) {
                unfinished = true;
                break;
              }
              if (bytes[pos + 1] !== QUOTE) break;
              kind = FIELD_ESCAPED;
              pos += 2;
              continue;
            }
            if (c === LF || (c === CR && bytes[pos + 1] !== LF)) this.line++;
            pos++;
          }
          if (unfinished) break;
          record.starts[field] = start;
          record.ends[field] = pos;
          record.kinds[field] = kind;
          pos++; // the closing quote
          if (pos < length) {
            c = bytes[pos]!;
            if (c !== COMMA && c !== LF && c !== CR) {
              throw new CsvSyntaxError(this.line, `field ${field + 1}: '${String.fromCharCode(c)}' after a closing quote (expected a comma or the end of the line)`);
            }
          }
        } else {
          const start = pos;
          while (pos < length) {
            c = bytes[pos]!;
            if (c > COMMA) {
              pos++;
              continue;
            }
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) {
              throw new CsvSyntaxError(this.line, `field ${field + 1}: a quote inside an unquoted value (quote the whole value and double the quote)`);
            }
            pos++;
          }
          record.starts[field] = start;
          record.ends[field] = pos;
          record.kinds[field] = FIELD_PLAIN;
        }
        field++;
        if (pos >= length) {
          if (!atEnd) unfinished = true;
          endLine = this.line; // the data ends without a line end
          break;
        }
        c = bytes[pos]!;
        if (c === COMMA) {
          pos++;
          continue;
        }
        if (c === CR && pos + 1 >= length && !atEnd) {
          unfinished = true; // CR LF may be split between chunks
          break;
        }
        endLine = this.line;
        pos += c === CR && bytes[pos + 1] === LF ? 2 : 1;
        this.line++;
        break;
      }
      if (unfinished) {
        this.line = lineAtStart;
        return recordStart;
      }
      record.line = endLine;
      record.fieldCount = field;
      if (this.expectedFields < 0) {
        this.expectedFields = field;
      } else if (field !== this.expectedFields) {
        throw new CsvSyntaxError(record.line, `${field} fields where the header has ${this.expectedFields}`);
      }
      this.onRecord(record);
    }
    return pos;
  }

  private grow(): void {
    const r = this.record;
    const size = r.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(r.starts);
    const ends = new Int32Array(size);
    ends.set(r.ends);
    const kinds = new Uint8Array(size);
    kinds.set(r.kinds);
    r.starts = starts;
    r.ends = ends;
    r.kinds = kinds;
  }
}

/** The text of a field, quotes removed and "" unescaped. */
export function fieldText(bytes: Buffer, start: number, end: number, kind: number): string {
  const text = bytes.toString('utf8', start, end);
  return kind === FIELD_ESCAPED ? text.replaceAll('""', '"') : text;
}
