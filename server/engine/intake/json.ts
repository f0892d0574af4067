/**
 * Streaming JSON intake: one consignment object, an array of them, or one per line (NDJSON / JSON Lines).
 *
 * A small byte-level splitter finds where each top-level value (or each element of a top-level array)
 * begins and ends, tracking only strings and nesting depth; each value is then decoded and handed to the
 * native JSON.parse. Only the current document is ever held in memory, whatever the file size.
 * Structural checks use the TypeBox schema (schema.ts); the line of an offending field is found by
 * re-scanning that one document, only when it has problems.
 */
import { Compile } from 'typebox/compile';
import { problem, type Problem, type ProblemCode } from '../validation/problems.ts';
import type { Consignment } from './model.ts';
import { normalizeConsignment, normalizeIsoDate } from './normalize.ts';
import { ConsignmentInputSchema, type ConsignmentInput } from './schema.ts';
import { byteChunks, decodeUtf8, type ByteSource } from './source.ts';
import { DEFAULT_MAX_ITEMS, DEFAULT_MAX_RECORD_BYTES, type ParseOptions, type ParseResult } from './types.ts';

export interface JsonParseOptions extends ParseOptions {
  /**
   * Treat every line as one document (NDJSON). When not set, NDJSON is recognised after the first
   * document if that one fits on one line and the next starts on a new line. With NDJSON a broken line
   * cannot swallow the following ones.
   */
  ndjson?: boolean;
}

/** One top-level value found by the splitter. */
interface RawValue {
  text?: string;
  startOffset: number;
  startLine: number;
  error?: { code: ProblemCode; message: string; line: number };
}

const enum Mode {
  Between,
  Container,
  String,
  Scalar,
}

const WS = new Set([0x20, 0x09, 0x0d, 0x0a]);
const SCALAR_END = new Set([0x20, 0x09, 0x0d, 0x0a, 0x2c, 0x5d, 0x7d, 0x5b, 0x7b]);

/** Splits a byte stream into top-level JSON values. Never throws; malformed input becomes errors. */
export class JsonSplitter {
  private offset = 0;
  private line = 1;
  private mode = Mode.Between;
  /** The current scalar is a stray word: it runs to the end of the line. */
  private scalarToEol = false;
  private depth = 0;
  private inString = false;
  private escape = false;
  private topArray = false;
  private started = false;
  private parts: Uint8Array[] = [];
  private partsBytes = 0;
  private oversized = false;
  private startOffset = 0;
  private startLine = 1;
  private lastEndLine = 0;
  private lastMultiline = true;
  private ndjsonDecided: boolean;

  constructor(
    private readonly maxBytes: number,
    private ndjson = false,
  ) {
    this.ndjsonDecided = ndjson;
  }

  write(chunk: Uint8Array, out: RawValue[]): void {
    let i = 0;
    const n = chunk.length;
    if (!this.started) {
      this.started = true;
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    let segStart = this.mode === Mode.Between ? -1 : 0;
    while (i < n) {
      const b = chunk[i]!;
      switch (this.mode) {
        case Mode.Between: {
          if (WS.has(b)) {
            if (b === 0x0a) this.line++;
            i++;
            continue;
          }
          if (this.topArray && b === 0x2c) {
            i++;
            continue;
          }
          if (this.topArray && b === 0x5d) {
            this.topArray = false;
            i++;
            continue;
          }
          if (!this.topArray && b === 0x5b) {
            this.topArray = true;
            i++;
            continue;
          }
          if (b === 0x7d || (!this.topArray && (b === 0x2c || b === 0x5d))) {
            out.push(this.err('JSON_SYNTAX', `unexpected '${String.fromCharCode(b)}' between documents`, i));
            i++;
            continue;
          }
          // A value starts here.
          if (!this.ndjsonDecided && !this.topArray && this.lastEndLine > 0) {
            this.ndjson = !this.lastMultiline && this.line > this.lastEndLine;
            this.ndjsonDecided = true;
          }
          this.startOffset = this.offset + i;
          this.startLine = this.line;
          this.parts = [];
          this.partsBytes = 0;
          this.oversized = false;
          segStart = i;
          if (b === 0x7b || b === 0x5b) {
            this.mode = Mode.Container;
            this.depth = 1;
            this.inString = false;
            this.escape = false;
          } else if (b === 0x22) {
            this.mode = Mode.String;
            this.escape = false;
          } else {
            this.mode = Mode.Scalar;
            // Outside a top-level array a scalar is never a document: the rest of the line is one bad value,
            // so a stray line of words gives one error, not one per word.
            this.scalarToEol = !this.topArray;
            continue; // re-read this byte as part of the scalar
          }
          i++;
          continue;
        }
        case Mode.Container: {
          if (this.inString && !this.escape && b !== 0x22 && b !== 0x5c && b !== 0x0a) {
            // Fast path through string content.
            let j = i + 1;
            while (j < n) {
              const c = chunk[j]!;
              if (c === 0x22 || c === 0x5c || c === 0x0a) break;
              j++;
            }
            i = j;
            continue;
          }
          if (b === 0x0a) {
            if (this.ndjson && !this.topArray) {
              // A line ended inside a document: NDJSON line is truncated; emit it (it will fail to parse).
              this.finish(chunk, segStart, i, out);
              segStart = -1;
              continue;
            }
            this.line++;
          }
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (b === 0x5c) this.escape = true;
            else if (b === 0x22) this.inString = false;
          } else if (b === 0x22) this.inString = true;
          else if (b === 0x7b || b === 0x5b) this.depth++;
          else if (b === 0x7d || b === 0x5d) {
            this.depth--;
            if (this.depth === 0) {
              this.finish(chunk, segStart, i + 1, out);
              segStart = -1;
            }
          }
          i++;
          continue;
        }
        case Mode.String: {
          if (b === 0x0a) this.line++;
          if (this.escape) this.escape = false;
          else if (b === 0x5c) this.escape = true;
          else if (b === 0x22) {
            this.finish(chunk, segStart, i + 1, out);
            segStart = -1;
          }
          i++;
          continue;
        }
        case Mode.Scalar: {
          if (this.scalarToEol ? b === 0x0a || b === 0x0d : SCALAR_END.has(b)) {
            this.finish(chunk, segStart, i, out);
            segStart = -1;
            continue; // the delimiter is handled in Between mode
          }
          i++;
          continue;
        }
      }
    }
    if (this.mode !== Mode.Between && segStart >= 0) this.keep(Uint8Array.prototype.slice.call(chunk, segStart));
    this.offset += n;
  }

  end(out: RawValue[]): void {
    if (this.mode === Mode.Scalar) {
      this.finish(new Uint8Array(0), 0, 0, out);
    } else if (this.mode !== Mode.Between) {
      if (this.ndjson && !this.topArray) this.finish(new Uint8Array(0), 0, 0, out);
      else {
        out.push({
          startOffset: this.startOffset,
          startLine: this.startLine,
          error: { code: 'JSON_SYNTAX', message: `document starting at line ${this.startLine} is not closed at end of file`, line: this.line },
        });
        this.mode = Mode.Between;
      }
    }
    if (this.topArray) {
      out.push(this.err('JSON_SYNTAX', "top-level array is not closed (missing ']') at end of file", 0));
      this.topArray = false;
    }
  }

  private err(code: ProblemCode, message: string, i: number): RawValue {
    return { startOffset: this.offset + i, startLine: this.line, error: { code, message, line: this.line } };
  }

  private keep(piece: Uint8Array): void {
    if (this.oversized) return;
    if (this.partsBytes + piece.length > this.maxBytes) {
      this.oversized = true;
      this.parts = [];
      return;
    }
    this.parts.push(piece);
    this.partsBytes += piece.length;
  }

  private finish(chunk: Uint8Array, from: number, to: number, out: RawValue[]): void {
    this.keep(chunk.subarray(from, to));
    const raw: RawValue = { startOffset: this.startOffset, startLine: this.startLine };
    if (this.oversized) {
      raw.error = { code: 'RECORD_TOO_LARGE', message: `document starting at line ${this.startLine} exceeds ${this.maxBytes} bytes`, line: this.startLine };
    } else {
      const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsBytes);
      raw.text = decodeUtf8(bytes);
    }
    out.push(raw);
    this.parts = [];
    this.partsBytes = 0;
    this.lastEndLine = this.line;
    this.lastMultiline = this.line !== this.startLine;
    this.mode = Mode.Between;
  }
}

const compiled = Compile(ConsignmentInputSchema);

/** JSON pointer (`/goodsItems/2/hsCode`) → field path (`goodsItems[2].hsCode`). */
export function pointerToField(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Line (1-based, relative to the text) of every JSON pointer in a valid JSON text. */
export function linesByPointer(text: string): Map<string, number> {
  const map = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      i++;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw new Error('unterminated string');
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (ptr: string): void => {
    ws();
    if (!map.has(ptr)) map.set(ptr, line);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyLine = line;
        const key = str();
        const p = `${ptr}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        map.set(p, keyLine);
        ws();
        i++; // ':'
        value(p);
        ws();
        if (text[i++] !== ',') return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        value(`${ptr}/${k}`);
        ws();
        if (text[i++] !== ',') return;
      }
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && !',]} \t\r\n'.includes(text[i]!)) i++;
    }
  };
  value('');
  return map;
}

function jsonErrorLine(text: string, err: unknown): number {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return 1;
  const pos = Math.min(Number(m[1]), text.length);
  let line = 1;
  for (let k = 0; k < pos; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface BuildContext {
  file?: string;
  maxItems: number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Build the result for one raw value. Exported for tests. */
export function buildJsonResult(raw: RawValue, ctx: BuildContext): ParseResult {
  const position = { line: raw.startLine, byteOffset: raw.startOffset };
  const fileProp = ctx.file !== undefined ? { file: ctx.file } : {};
  if (raw.error || raw.text === undefined) {
    const e = raw.error ?? { code: 'INTERNAL_ERROR' as const, message: 'no text', line: raw.startLine };
    return { problems: [problem({ code: e.code, message: e.message, line: e.line, ...fileProp })], position };
  }
  const text = raw.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const line = raw.startLine + jsonErrorLine(text, err) - 1;
    return { problems: [problem({ code: 'JSON_SYNTAX', message: `invalid JSON: ${errorMessage(err)}`, line, ...fileProp })], position };
  }
  if (!isPlainObject(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return {
      problems: [problem({ code: 'JSON_NOT_OBJECT', message: `expected a consignment object, found ${kind}`, line: raw.startLine, ...fileProp })],
      position,
    };
  }

  const problems: Problem[] = [];
  let lines: Map<string, number> | undefined;
  const lineOf = (ptr: string): number => {
    if (!lines) {
      try {
        lines = linesByPointer(text);
      } catch {
        lines = new Map();
      }
    }
    return raw.startLine + (lines.get(ptr) ?? 1) - 1;
  };
  const add = (code: ProblemCode, ptr: string, message: string) => {
    problems.push(problem({ code, message, field: pointerToField(ptr), line: lineOf(ptr), ...fileProp }));
  };

  if (!compiled.Check(value)) {
    for (const e of compiled.Errors(value)) {
      const params = e.params as Record<string, unknown>;
      if (e.keyword === 'boolean') continue; // duplicates of additionalProperties
      if (e.keyword === 'additionalProperties') {
        for (const name of (params.additionalProperties as string[] | undefined) ?? []) {
          const ptr = `${e.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          add('JSON_UNKNOWN_FIELD', ptr, `unknown field "${pointerToField(ptr)}" is ignored`);
        }
      } else if (e.keyword === 'required') {
        for (const name of (params.requiredProperties as string[] | undefined) ?? []) {
          const ptr = `${e.instancePath}/${name}`;
          problems.push(
            problem({ code: 'REQUIRED_FIELD', message: `required field "${pointerToField(ptr)}" is missing`, field: pointerToField(ptr), line: lineOf(e.instancePath), ...fileProp }),
          );
        }
      } else {
        const allowed = Array.isArray(params.allowedValues) ? ` (${(params.allowedValues as unknown[]).join(', ')})` : '';
        add('JSON_WRONG_TYPE', e.instancePath, `${pointerToField(e.instancePath) || 'document'}: ${e.message}${allowed}`);
      }
    }
  }
  if (problems.some((p) => p.level === 'error')) return { problems, position };

  const input = value as ConsignmentInput;
  const items = input.goodsItems ?? [];
  const equipment = input.equipment ?? [];
  if (items.length > ctx.maxItems || equipment.length > ctx.maxItems) {
    problems.push(problem({ code: 'TOO_MANY_ITEMS', message: `more than ${ctx.maxItems} goods items or containers`, line: raw.startLine, ...fileProp }));
    return { problems, position };
  }
  const consignment: Consignment = {
    ...input,
    transshipments: input.transshipments ?? [],
    parties: (input.parties ?? []).map((p) => ({ ...p, addressLines: p.addressLines ?? [], identifiers: p.identifiers ?? [] })),
    goodsItems: items.map((g) => ({ ...g, containerNumbers: g.containerNumbers ?? [] })),
    equipment: equipment.map((e) => ({ ...e, seals: e.seals ?? [] })),
  };
  for (const key of ['departureDate', 'estimatedArrivalDate'] as const) {
    const v = consignment[key];
    if (v === undefined) continue;
    const iso = normalizeIsoDate(v);
    if (iso === undefined) {
      add('INVALID_DATE', `/${key}`, `${key} "${v}" is not an ISO 8601 date; dropped`);
      delete consignment[key];
    } else consignment[key] = iso;
  }
  consignment.source = { format: 'json', ...fileProp, line: raw.startLine, byteOffset: raw.startOffset };
  return { consignment: normalizeConsignment(consignment), problems, position };
}

function safeBuild(raw: RawValue, ctx: BuildContext): ParseResult {
  try {
    return buildJsonResult(raw, ctx);
  } catch (err) {
    return {
      problems: [problem({ code: 'INTERNAL_ERROR', message: `document skipped: ${errorMessage(err)}`, line: raw.startLine, ...(ctx.file !== undefined ? { file: ctx.file } : {}) })],
      position: { line: raw.startLine, byteOffset: raw.startOffset },
    };
  }
}

/** Parse a JSON / NDJSON stream of consignments, one result per document. Never throws. */
export async function* parseJson(source: ByteSource, options: JsonParseOptions = {}): AsyncGenerator<ParseResult> {
  const splitter = new JsonSplitter(options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES, options.ndjson ?? false);
  const ctx: BuildContext = { maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS, ...(options.file !== undefined ? { file: options.file } : {}) };
  const pending: RawValue[] = [];
  let offset = 0;
  try {
    for await (const chunk of byteChunks(source)) {
      splitter.write(chunk, pending);
      offset += chunk.length;
      for (const raw of pending) yield safeBuild(raw, ctx);
      pending.length = 0;
    }
  } catch (err) {
    yield {
      problems: [problem({ code: 'READ_ERROR', message: `reading the input failed: ${errorMessage(err)}`, ...(options.file !== undefined ? { file: options.file } : {}) })],
      position: { byteOffset: offset },
    };
    return;
  }
  splitter.end(pending);
  for (const raw of pending) yield safeBuild(raw, ctx);
}
