/**
 * Streaming CSV record reader for intake, replacing csv-parse (which cost more than everything else in an import:
 * it copies every byte through its own buffers). Same dialect as the csv-parse options the CSV intake used
 * (`bom`, `relax_column_count`, `relax_quotes`, `skip_empty_lines`, `skip_records_with_error`, `max_record_size`;
 * the differential test in csv-reader.test.ts holds it to that):
 * - RFC 4180 quoting with `"`; `""` inside a quoted cell is one quote;
 * - relaxed quotes: a quote inside an unquoted cell is kept (ООО "Ромашка"), and a closing quote followed by
 *   anything but a delimiter or line end keeps both quotes as text (`"abc"def` → `"abc"def`);
 * - the record delimiter is the first line break outside quotes (`\r\n`, `\n` or `\r`), then fixed for the file;
 * - empty lines are skipped; a UTF-8 byte order mark at the start is dropped;
 * - a quote still open at the end of the input, or a record over `maxRecordBytes`, skips the record with a
 *   message (the caller reports CSV_SYNTAX), and reading goes on.
 * Each record carries the 1-based line it starts on (`\n`, `\r\n` and a lone `\r` each end a line) and the byte
 * offset of its first byte in the input.
 *
 * Fast path: a record without quotes or stray carriage returns is one `indexOf` + `split`; only quoted records go
 * through the character loop, which keeps its state across chunks (no rescanning).
 */
import { TextDecoder } from 'node:util';

export interface CsvRecord {
  kind: 'record';
  cells: string[];
  line: number;
  byteOffset: number;
}

export interface CsvSkip {
  kind: 'skip';
  line: number;
  message: string;
}

export type CsvEvent = CsvRecord | CsvSkip;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** matchDelimiter: more input is needed to decide. */
const NEED = -1;

function find(buf: string, ch: string, from: number): number {
  const i = buf.indexOf(ch, from);
  return i < 0 ? Infinity : i;
}

export class CsvReader {
  private readonly delim: string;
  private readonly delimCode: number;
  private decoder: TextDecoder | undefined;
  private buf = '';
  private pos = 0;
  /** Record delimiter once discovered. */
  private rd = '';
  private line = 1;
  /** Whether the character before buf[0] was a carriage return (a following \n does not start another line). */
  private prevCR = false;
  /** Byte offset of buf[mark]. */
  private mark = 0;
  private markByte = 0;
  /** Cached positions of the next quote / CR / LF at or after pos (-2: unknown, Infinity: none in buf). */
  private nextQuote = -2;
  private nextCR = -2;
  private nextLF = -2;

  // Character-loop state (a record in progress, possibly across chunks).
  private inRecord = false;
  private cells: string[] = [];
  private field = '';
  private quoting = false;
  private wasQuoting = false;
  private discard = false;
  private recLine = 1;
  private recByte = 0;
  private recChars = 0;

  constructor(
    delimiter: string,
    private readonly maxRecordBytes = 1024 * 1024,
  ) {
    this.delim = delimiter;
    this.delimCode = delimiter.charCodeAt(0);
  }

  /** Line number of the reading position (after the last complete record). */
  get lines(): number {
    return this.line;
  }

  /** Bytes consumed up to the end of the last complete record. */
  get bytes(): number {
    return this.markByte;
  }

  write(chunk: Uint8Array, out: CsvEvent[]): void {
    if (!this.decoder) {
      // The byte order mark may be cut by the chunking: wait for 3 bytes.
      if (this.head) chunk = Buffer.concat([this.head, chunk]);
      if (chunk.length < 3) {
        this.head = chunk;
        return;
      }
      this.head = undefined;
      this.start(chunk, out);
      return;
    }
    this.append(this.decoder.decode(chunk, { stream: true }));
    this.run(false, out);
  }

  private head: Uint8Array | undefined;

  private start(chunk: Uint8Array, out: CsvEvent[]): void {
    // Byte order mark (as csv-parse): UTF-8 is dropped, its 3 bytes still count for offsets; UTF-16 LE switches
    // the decoding.
    let skip = 0;
    if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) skip = 3;
    else if (chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe) {
      skip = 2;
      this.utf16 = true;
    }
    this.decoder = new TextDecoder(this.utf16 ? 'utf-16le' : 'utf-8', { ignoreBOM: true });
    this.markByte = skip;
    this.append(this.decoder.decode(chunk.subarray(skip), { stream: true }));
    this.run(false, out);
  }

  end(out: CsvEvent[]): void {
    if (!this.decoder) {
      if (!this.head || this.head.length === 0) return;
      const head = this.head;
      this.head = undefined;
      this.start(head, out);
    }
    if (!this.decoder) return;
    const rest = this.decoder.decode();
    if (rest) this.append(rest);
    this.run(true, out);
  }

  private utf16 = false;

  private byteLength(s: string): number {
    return this.utf16 ? s.length * 2 : Buffer.byteLength(s, 'utf8');
  }

  /** Byte offset of position p (p ≥ mark); moves the mark to p. */
  private byteAt(p: number): number {
    if (p > this.mark) {
      this.markByte += this.byteLength(this.buf.slice(this.mark, p));
      this.mark = p;
    }
    return this.markByte;
  }

  private append(text: string): void {
    if (this.pos > 0) {
      this.byteAt(this.pos);
      this.prevCR = this.buf.charCodeAt(this.pos - 1) === CR;
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
      this.mark = 0;
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.nextQuote = -2;
    this.nextCR = -2;
    this.nextLF = -2;
  }

  private run(ended: boolean, out: CsvEvent[]): void {
    const buf = this.buf;
    const n = buf.length;
    for (;;) {
      const rd = this.rd;
      if (!this.inRecord && rd !== '' && this.pos < n) {
        // Fast path: the record ends at the next delimiter and holds no quote and no stray line break.
        const pos = this.pos;
        const end = rd === '\n' ? buf.indexOf('\n', pos) : buf.indexOf(rd, pos);
        if (end >= 0) {
          if (this.nextQuote !== Infinity && this.nextQuote < pos) this.nextQuote = find(buf, '"', pos);
          if (rd !== '\r' && this.nextCR !== Infinity && this.nextCR < pos) this.nextCR = find(buf, '\r', pos);
          if (rd !== '\n' && this.nextLF !== Infinity && this.nextLF < pos) this.nextLF = find(buf, '\n', pos);
          // A line break that is not the record delimiter (a lone \r or \n) is data: leave it to the loop.
          const strayBreak = rd === '\n' ? this.nextCR < end : rd === '\r' ? this.nextLF < end : this.nextCR !== end || this.nextLF !== end + 1;
          if (this.nextQuote > end && !strayBreak) {
            const next = end + rd.length;
            if (end === pos) {
              // Empty line.
              this.byteAt(next);
              this.pos = next;
              this.line++;
              continue;
            }
            const start = this.byteAt(pos);
            const text = buf.slice(pos, end);
            const bytes = this.byteLength(text);
            this.mark = next;
            this.markByte = start + bytes + rd.length * (this.utf16 ? 2 : 1);
            if (bytes > this.maxRecordBytes) out.push(this.tooLarge(this.line));
            else out.push({ kind: 'record', cells: text.split(this.delim), line: this.line, byteOffset: start });
            this.line++;
            this.pos = next;
            continue;
          }
        }
      }
      if (!this.charLoop(ended, out)) return;
    }
  }

  private tooLarge(line: number): CsvSkip {
    return { kind: 'skip', line, message: `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.maxRecordBytes} at line ${line}` };
  }

  /** Length of the record delimiter at position at (0: none here), or NEED. Discovers the delimiter. */
  private matchDelimiter(at: number, ended: boolean): number {
    const buf = this.buf;
    const c = buf.charCodeAt(at);
    if (c !== CR && c !== LF) return 0;
    if (this.rd === '') {
      if (c === LF) this.rd = '\n';
      else if (at + 1 < buf.length) this.rd = buf.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
      else if (!ended) return NEED;
      else this.rd = '\r';
      return this.rd.length;
    }
    if (this.rd === '\n') return c === LF ? 1 : 0;
    if (this.rd === '\r') return c === CR ? 1 : 0;
    if (c !== CR) return 0;
    if (at + 1 >= buf.length) return ended ? 0 : NEED;
    return buf.charCodeAt(at + 1) === LF ? 2 : 0;
  }

  /** Counts the line break at position i, if any. */
  private countBreak(i: number): void {
    const c = this.buf.charCodeAt(i);
    if (c === CR) this.line++;
    else if (c === LF) {
      const afterCR = i > 0 ? this.buf.charCodeAt(i - 1) === CR : this.prevCR;
      if (!afterCR) this.line++;
    }
  }

  private resetRecord(): void {
    this.inRecord = false;
    this.cells = [];
    this.field = '';
    this.quoting = false;
    this.wasQuoting = false;
    this.discard = false;
    this.recChars = 0;
  }

  /**
   * Character loop from pos. Returns true when a record was completed (or skipped) and reading can go on,
   * false when the buffer is exhausted (state kept for the next chunk) or the input ended.
   */
  private charLoop(ended: boolean, out: CsvEvent[]): boolean {
    const buf = this.buf;
    const n = buf.length;
    const dc = this.delimCode;
    let i = this.pos;
    if (!this.inRecord) {
      if (i >= n && !ended) return false;
      this.inRecord = true;
      this.recLine = this.line;
      this.recByte = this.byteAt(i);
    }
    let run = i;
    /** Where the size count of this chunk starts (recChars holds the earlier chunks). */
    let base = i;
    const flush = (to: number) => {
      if (!this.discard && to > run) this.field += buf.slice(run, to);
    };
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (this.quoting) {
        if (c === QUOTE) {
          if (i + 1 >= n && !ended) break;
          const next = i + 1 < n ? buf.charCodeAt(i + 1) : -1;
          if (next === QUOTE) {
            flush(i + 1);
            i += 2;
            run = i;
            continue;
          }
          let closes = next === -1 || next === dc;
          if (!closes) {
            const m = this.matchDelimiter(i + 1, ended);
            if (m === NEED) break;
            closes = m > 0;
          }
          flush(i);
          this.quoting = false;
          this.wasQuoting = true;
          // Relaxed: a quote that does not close the cell keeps both quotes as text.
          if (!closes && !this.discard) this.field = `"${this.field}"`;
          i++;
          run = i;
          continue;
        }
        if (c === CR || c === LF) this.countBreak(i);
        i++;
      } else if (c === QUOTE && i === run && this.field === '') {
        this.quoting = true;
        i++;
        run = i;
        continue;
      } else if (c === dc) {
        flush(i);
        if (!this.discard) this.cells.push(this.field);
        this.field = '';
        this.wasQuoting = false;
        i++;
        run = i;
        continue;
      } else if (c === CR || c === LF) {
        const m = this.matchDelimiter(i, ended);
        if (m === NEED) break;
        if (m === 0) {
          this.countBreak(i);
          i++;
          continue;
        }
        flush(i);
        for (let k = 0; k < m; k++) this.countBreak(i + k);
        i += m;
        if (!this.discard && this.cells.length === 0 && this.field === '' && !this.wasQuoting) {
          // Empty line: the record starts after it.
          this.recLine = this.line;
          this.recByte = this.byteAt(i);
          this.recChars = 0;
          run = i;
          base = i;
          continue;
        }
        this.finishRecord(i, m, out);
        return true;
      } else {
        i++;
      }
      if (!this.discard && this.recChars + (i - base) > this.maxRecordBytes) {
        out.push(this.tooLarge(this.line));
        this.discard = true;
        this.cells = [];
        this.field = '';
      }
    }
    if (i < n || !ended) {
      // Out of input (or waiting for one more character): keep the state.
      flush(i);
      this.recChars += i - base;
      this.pos = i;
      return false;
    }
    // End of input.
    flush(i);
    this.pos = i;
    if (this.quoting) {
      if (!this.discard) out.push({ kind: 'skip', line: this.line, message: `Quote Not Closed: the parsing is finished with an opening quote at line ${this.line}` });
      this.byteAt(i);
      this.resetRecord();
      return false;
    }
    if (this.discard || this.cells.length > 0 || this.field !== '' || this.wasQuoting) this.finishRecord(i, 0, out);
    else this.resetRecord();
    return false;
  }

  /** i: position after the record delimiter of length rdLength (0 at the end of the input). */
  private finishRecord(i: number, rdLength: number, out: CsvEvent[]): void {
    this.pos = i;
    const endByte = this.byteAt(i);
    if (!this.discard) {
      this.cells.push(this.field);
      if (endByte - this.recByte - rdLength * (this.utf16 ? 2 : 1) > this.maxRecordBytes) out.push(this.tooLarge(this.recLine));
      else out.push({ kind: 'record', cells: this.cells, line: this.recLine, byteOffset: this.recByte });
    }
    this.resetRecord();
  }
}
