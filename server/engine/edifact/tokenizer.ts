/**
 * Streaming UN/EDIFACT tokenizer (ISO 9735), written for intake of large CUSCAR files:
 * - push-based: `write(chunk)` may cut anywhere (inside a segment, between a release character and the
 *   character it releases, inside a UTF-8 sequence, inside the UNA service string advice);
 * - works on bytes: separators are ASCII and never occur inside multi-byte UTF-8 or ISO 8859 characters,
 *   so segments are split on bytes and only component values are decoded, per the UNB syntax identifier
 *   (UNOA/UNOB/UNOC → ISO 8859-1, UNOD → 8859-2, UNOE → 8859-5, UNOF → 8859-7, UNOW/UNOY → UTF-8);
 * - UNA sets the separators for its interchange; without UNA the defaults `:+.? '` apply, or the
 *   level B control characters when UNB is followed by IS3 (0x1D);
 * - never throws: a malformed segment, an over-long segment, a release character at the end of the file
 *   become problems and tokenizing resumes at the next segment terminator;
 * - memory is bounded by the longest segment (capped by `maxSegmentBytes`).
 * See docs/decisions/0005-edifact-tokenizer.md for why the `edifact` npm package is not used.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export interface Delimiters {
  component: number;
  element: number;
  decimal: number;
  /** Release character, or undefined when UNA gives a space (no release character). */
  release: number | undefined;
  repetition: number;
  segment: number;
}

export const DEFAULT_DELIMITERS: Readonly<Delimiters> = Object.freeze({
  component: 0x3a, // :
  element: 0x2b, // +
  decimal: 0x2e, // .
  release: 0x3f, // ?
  repetition: 0x20, // space (syntax 3); `*` in syntax 4
  segment: 0x27, // '
});

/** Syntax level B without UNA (ISO 9735): IS1 (0x1F) component, IS3 (0x1D) element, IS4 (0x1C) segment terminator. */
export const LEVEL_B_DELIMITERS: Readonly<Delimiters> = Object.freeze({
  component: 0x1f,
  element: 0x1d,
  decimal: 0x2e,
  release: undefined,
  repetition: 0x20,
  segment: 0x1c,
});

export interface Segment {
  /** Segment tag, e.g. `NAD`. */
  tag: string;
  /** Data elements after the tag; each is a list of components (a simple element has one). */
  elements: string[][];
  /** 1-based number within the interchange (UNB = 1; UNA is not counted). */
  index: number;
  /** 1-based line where the segment starts. */
  line: number;
  byteOffset: number;
}

export type TokenProblemCode = 'EDI_SYNTAX' | 'EDI_UNTERMINATED' | 'EDI_RELEASE' | 'EDI_CHARSET' | 'RECORD_TOO_LARGE';

export interface TokenProblem {
  code: TokenProblemCode;
  message: string;
  /** Segment number (as counted for `Segment.index`) when the problem belongs to a segment. */
  index?: number;
  tag?: string;
  line: number;
  byteOffset: number;
}

export type TokenEvent =
  | { kind: 'segment'; segment: Segment }
  /** A segment that could not be read; it still counts for UNT. */
  | { kind: 'malformed'; index: number; problem: TokenProblem }
  | { kind: 'problem'; problem: TokenProblem };

const CHARSETS: Record<string, string> = {
  UNOA: 'latin1',
  UNOB: 'latin1',
  UNOC: 'latin1',
  UNOD: 'iso-8859-2',
  UNOE: 'iso-8859-5',
  UNOF: 'iso-8859-7',
  UNOG: 'iso-8859-3',
  UNOH: 'iso-8859-4',
  UNOI: 'iso-8859-6',
  UNOJ: 'iso-8859-8',
  UNOK: 'iso-8859-9',
  UNOW: 'utf-8',
  UNOY: 'utf-8',
};

const enum State {
  Between,
  Segment,
  Una,
  Skip,
}

const TAG_RE = /^[A-Z][A-Z0-9]{2}$/;

export class EdifactTokenizer {
  private delims: Delimiters = { ...DEFAULT_DELIMITERS };
  private state = State.Between;
  private buf: Buffer = Buffer.allocUnsafe(4096);
  private n = 0;
  private high = false;
  /** End offsets (in buf) of the components of the current segment, and how many components each element has. */
  private compEnds: number[] = [];
  private elemSizes: number[] = [];
  private compsInElem = 0;
  private releasePending = false;
  private badRelease = false;
  private overflow = false;
  private unaBytes: number[] = [];
  private unaSeen = false;

  private offset = 0;
  private line = 1;
  private segOffset = 0;
  private segLine = 1;
  private index = 0;
  private started = false;

  private charset = 'latin1';
  private charsetName = 'UNOA';
  private charsetWarned = false;
  private decoder: TextDecoder | undefined;

  constructor(private readonly maxSegmentBytes = 1024 * 1024) {}

  /** Separators currently in force. */
  get delimiters(): Readonly<Delimiters> {
    return this.delims;
  }

  write(chunk: Uint8Array, emit: (e: TokenEvent) => void): void {
    let i = 0;
    const len = chunk.length;
    if (!this.started) {
      this.started = true;
      if (len >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    while (i < len) {
      const b = chunk[i]!;
      if (b === 0x0a) this.line++;
      switch (this.state) {
        case State.Between: {
          if ((b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09) && b !== this.delims.segment) break;
          this.startSegment(i);
          this.state = State.Segment;
          this.addByte(b, i, emit);
          break;
        }
        case State.Una: {
          this.unaBytes.push(b);
          if (this.unaBytes.length === 6) this.applyUna(emit);
          break;
        }
        case State.Skip: {
          // After an over-long segment: drop bytes up to the next unreleased terminator.
          if (this.releasePending) this.releasePending = false;
          else if (b === this.delims.release) this.releasePending = true;
          else if (b === this.delims.segment) this.endSegment(emit);
          break;
        }
        case State.Segment: {
          const d = this.delims;
          if (!this.releasePending && this.compEnds.length > 0) {
            // Fast path: copy a run of plain data bytes into the buffer while it has room.
            const buf = this.buf;
            const cap = Math.min(buf.length, this.maxSegmentBytes);
            const component = d.component;
            const element = d.element;
            const terminator = d.segment;
            const release = d.release;
            let n = this.n;
            let j = i;
            let high = false;
            while (j < len && n < cap) {
              const c = chunk[j]!;
              if (c === component || c === element || c === terminator || c === release || c === 0x0a || c === 0x0d) break;
              buf[n++] = c;
              if (c >= 0x80) high = true;
              j++;
            }
            if (j > i) {
              this.n = n;
              if (high) this.high = true;
              i = j;
              continue;
            }
          }
          this.addByte(b, i, emit);
          break;
        }
      }
      i++;
    }
    this.offset += len;
  }

  /** Flush at end of input. */
  end(emit: (e: TokenEvent) => void): void {
    if (this.state === State.Una) {
      emit({ kind: 'problem', problem: this.prob('EDI_UNTERMINATED', 'file ends inside the UNA service string advice', undefined) });
    } else if (this.state === State.Segment || this.state === State.Skip) {
      const tag = this.currentTag();
      const what = this.releasePending ? 'after a release character' : `inside segment ${tag || '(no tag)'}`;
      this.index++;
      emit({
        kind: 'malformed',
        index: this.index,
        problem: this.prob('EDI_UNTERMINATED', `file ends ${what} (segment ${this.index} has no terminator)`, this.index, tag),
      });
    }
    this.state = State.Between;
  }

  private prob(code: TokenProblemCode, message: string, index: number | undefined, tag?: string): TokenProblem {
    return { code, message, ...(index !== undefined ? { index } : {}), ...(tag ? { tag } : {}), line: this.segLine, byteOffset: this.segOffset };
  }

  private startSegment(i: number): void {
    this.segOffset = this.offset + i;
    this.segLine = this.line;
    this.n = 0;
    this.high = false;
    // Reused: segments are built from them before the next one starts.
    this.compEnds.length = 0;
    this.elemSizes.length = 0;
    this.compsInElem = 0;
    this.releasePending = false;
    this.badRelease = false;
    this.overflow = false;
  }

  private currentTag(): string {
    const end = this.compEnds.length > 0 ? this.compEnds[0]! : this.n;
    return this.buf.toString('latin1', 0, Math.min(end, 3));
  }

  private push(b: number): void {
    if (this.n >= this.maxSegmentBytes) {
      this.overflow = true;
      return;
    }
    if (this.n >= this.buf.length) {
      const next = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxSegmentBytes));
      this.buf.copy(next, 0, 0, this.n);
      this.buf = next;
    }
    this.buf[this.n++] = b;
    if (b >= 0x80) this.high = true;
  }

  private addByte(b: number, _i: number, emit: (e: TokenEvent) => void): void {
    // Syntax level B: "UNB" directly followed by IS3 (0x1D) while no UNA is in force.
    if (b === 0x1d && !this.unaSeen && this.n === 3 && this.compEnds.length === 0 && this.buf.toString('latin1', 0, 3) === 'UNB') {
      this.delims = { ...LEVEL_B_DELIMITERS };
    }
    const d = this.delims;
    if (this.releasePending) {
      this.releasePending = false;
      if (b !== d.component && b !== d.element && b !== d.segment && b !== d.release && b !== d.repetition && b !== d.decimal) this.badRelease = true;
      this.push(b);
    } else if (b === d.release) {
      this.releasePending = true;
    } else if (b === d.segment) {
      this.closeComponent();
      this.closeElement();
      this.endSegment(emit);
      return;
    } else if (b === d.element) {
      this.closeComponent();
      this.closeElement();
    } else if (b === d.component) {
      this.closeComponent();
    } else if (b === 0x0a || b === 0x0d) {
      // line breaks inside a segment are not data: ignore them
    } else {
      this.push(b);
      // UNA: the service string advice follows the tag directly.
      if (this.n === 3 && this.compEnds.length === 0 && this.buf[0] === 0x55 && this.buf[1] === 0x4e && this.buf[2] === 0x41) {
        this.state = State.Una;
        this.unaBytes = [];
        return;
      }
    }
    if (this.overflow) this.state = State.Skip;
  }

  private closeComponent(): void {
    this.compEnds.push(this.n);
    this.compsInElem++;
  }

  private closeElement(): void {
    this.elemSizes.push(this.compsInElem);
    this.compsInElem = 0;
  }

  private applyUna(emit: (e: TokenEvent) => void): void {
    const [component, element, decimal, release, repetition, segment] = this.unaBytes as [number, number, number, number, number, number];
    const used = [component, element, segment, ...(release === 0x20 ? [] : [release])];
    if (new Set(used).size !== used.length || used.some((c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) {
      emit({
        kind: 'problem',
        problem: this.prob('EDI_SYNTAX', `UNA "${String.fromCharCode(...this.unaBytes)}" gives unusable separators; defaults kept`, undefined, 'UNA'),
      });
    } else {
      this.delims = { component, element, decimal, release: release === 0x20 ? undefined : release, repetition, segment };
      this.unaSeen = true;
    }
    this.state = State.Between;
  }

  private decode(start: number, end: number): string {
    if (!this.high) return this.buf.toString('latin1', start, end);
    if (this.charset === 'utf-8') return this.buf.toString('utf8', start, end);
    if (this.charset === 'latin1') return this.buf.toString('latin1', start, end);
    this.decoder ??= new TextDecoder(this.charset);
    return this.decoder.decode(this.buf.subarray(start, end));
  }

  private endSegment(emit: (e: TokenEvent) => void): void {
    const wasSkip = this.state === State.Skip || this.overflow;
    this.state = State.Between;
    this.index++;
    const index = this.index;
    if (wasSkip) {
      emit({ kind: 'malformed', index, problem: this.prob('RECORD_TOO_LARGE', `segment ${index} is longer than ${this.maxSegmentBytes} bytes; skipped`, index, this.currentTag()) });
      return;
    }
    // A segment made only of white space / nothing (e.g. "''") is ignored without counting.
    if (this.n === 0 && this.compEnds.length === 1) {
      this.index--;
      return;
    }
    const tagEnd = this.compEnds[0] ?? this.n;
    const tag = this.buf.toString('latin1', 0, tagEnd).trim();
    if ((this.elemSizes[0] ?? 1) !== 1 || !TAG_RE.test(tag)) {
      emit({
        kind: 'malformed',
        index,
        problem: this.prob('EDI_SYNTAX', `segment ${index}: malformed tag "${this.buf.toString('latin1', 0, Math.min(tagEnd, 20))}"; segment skipped`, index, tag.slice(0, 3)),
      });
      return;
    }
    if (tag === 'UNB') this.resetIndexForUnb();
    const segIndex = this.index;
    // Charset: UNB names it; check the bytes of every segment that has non-ASCII bytes.
    if (this.high && this.charset !== 'utf-8') {
      const utf8 = isUtf8(this.buf.subarray(0, this.n));
      if (utf8 || this.charsetName === 'UNOA' || this.charsetName === 'UNOB') {
        if (!this.charsetWarned) {
          this.charsetWarned = true;
          emit({
            kind: 'problem',
            problem: this.prob(
              'EDI_CHARSET',
              utf8
                ? `segment ${segIndex} (${tag}) holds UTF-8 text but UNB declares ${this.charsetName}; decoded as UTF-8`
                : `segment ${segIndex} (${tag}) holds bytes outside ${this.charsetName}`,
              segIndex,
              tag,
            ),
          });
        }
      }
      if (utf8) {
        const saved = this.charset;
        this.charset = 'utf-8';
        const seg = this.buildSegment(tag, segIndex);
        this.charset = saved;
        this.emitSegment(seg, emit);
        return;
      }
    } else if (this.high && this.charset === 'utf-8' && !isUtf8(this.buf.subarray(0, this.n)) && !this.charsetWarned) {
      this.charsetWarned = true;
      emit({ kind: 'problem', problem: this.prob('EDI_CHARSET', `segment ${segIndex} (${tag}) is not valid UTF-8 (${this.charsetName}); bad bytes replaced`, segIndex, tag) });
    }
    this.emitSegment(this.buildSegment(tag, segIndex), emit);
  }

  private emitSegment(seg: Segment, emit: (e: TokenEvent) => void): void {
    if (this.badRelease) {
      emit({ kind: 'problem', problem: this.prob('EDI_RELEASE', `segment ${seg.index} (${seg.tag}): release character before a non-separator character; kept as is`, seg.index, seg.tag) });
    }
    if (seg.tag === 'UNB') this.setCharsetFromUnb(seg);
    emit({ kind: 'segment', segment: seg });
    if (seg.tag === 'UNZ') {
      // The UNA of an interchange does not carry over to the next one.
      this.delims = { ...DEFAULT_DELIMITERS };
      this.unaSeen = false;
    }
  }

  private resetIndexForUnb(): void {
    this.index = 1;
  }

  private buildSegment(tag: string, index: number): Segment {
    const elements: string[][] = [];
    let c = 1; // component 0 is the tag
    let start = this.compEnds[0] ?? this.n;
    // Plain ASCII (most segments): decode once, then cut the components out of the string (byte = character).
    const ascii = this.high ? undefined : this.buf.toString('latin1', 0, this.n);
    for (let e = 1; e < this.elemSizes.length; e++) {
      const size = this.elemSizes[e]!;
      const comps: string[] = [];
      for (let k = 0; k < size; k++) {
        const end = this.compEnds[c++]!;
        comps.push(ascii !== undefined ? ascii.slice(start, end) : this.decode(start, end));
        start = end;
      }
      elements.push(comps);
    }
    return { tag, elements, index, line: this.segLine, byteOffset: this.segOffset };
  }

  private setCharsetFromUnb(seg: Segment): void {
    const id = (seg.elements[0]?.[0] ?? '').trim().toUpperCase();
    this.charsetName = id || 'UNOA';
    this.charset = CHARSETS[id] ?? 'utf-8';
    this.decoder = undefined;
    this.charsetWarned = false;
  }
}
