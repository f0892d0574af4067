/**
 * Column builders for the byte-level CSV reader: each takes one field per row straight from the file's
 * bytes.
 *  - KeyColumnBuilder interns values: a hash table over the bytes gives each distinct value a small id,
 *    and only distinct values ever become strings (ids, dates, codes, labels repeat a lot);
 *  - NumberColumnBuilder parses numbers without making a string when the value is a plain decimal;
 *  - StringColumnBuilder keeps one string per row (row identifiers).
 *
 *   const importer = new KeyColumnBuilder();
 *   importer.add(bytes, start, end, kind); // once per row
 *   const { ids, keys } = importer.finish();
 */
import { FIELD_ESCAPED, FIELD_PLAIN, fieldText } from './csv-parser.ts';
import { deriveKeys, type KeyIds } from './keys.ts';

export interface ColumnBuilder {
  add(bytes: Buffer, start: number, end: number, kind: number): void;
}

/** Per row an id; per id its value, in order of first appearance. */
export type KeyColumn = KeyIds;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class KeyColumnBuilder implements ColumnBuilder {
  private ids: Uint32Array = new Uint32Array(1024);
  private rows = 0;
  /** Open addressing: slot → key id + 1, 0 when empty. */
  private table = new Int32Array(1024);
  private mask = 1023;
  private hashes: Int32Array = new Int32Array(512);
  /** Key k's bytes are store[offsets[k] .. offsets[k + 1]). */
  private offsets: Int32Array = new Int32Array(513);
  private store = Buffer.allocUnsafe(4096);
  private count = 0;
  private scratch = Buffer.allocUnsafe(256);

  add(bytes: Buffer, start: number, end: number, kind: number): void {
    if (kind === FIELD_ESCAPED) {
      // Rare: unescape "" into a scratch buffer and intern that.
      const text = fieldText(bytes, start, end, kind);
      const length = Buffer.byteLength(text);
      if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length * 2);
      this.scratch.write(text, 0);
      this.add(this.scratch, 0, length, FIELD_PLAIN);
      return;
    }
    let h = FNV_OFFSET | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
    const { table, hashes, offsets, store } = this;
    let slot = h & this.mask;
    let id = -1;
    for (;;) {
      const entry = table[slot]!;
      if (entry === 0) break;
      const k = entry - 1;
      if (hashes[k] === h) {
        const from = offsets[k]!;
        const length = offsets[k + 1]! - from;
        if (length === end - start) {
          let i = 0;
          while (i < length && store[from + i] === bytes[start + i]) i++;
          if (i === length) {
            id = k;
            break;
          }
        }
      }
      slot = (slot + 1) & this.mask;
    }
    if (id < 0) id = this.insert(bytes, start, end, h, slot);
    if (this.rows === this.ids.length) this.ids = growUint32(this.ids);
    this.ids[this.rows++] = id;
  }

  private insert(bytes: Buffer, start: number, end: number, h: number, slot: number): number {
    const id = this.count++;
    if (id + 1 === this.hashes.length) {
      this.hashes = growInt32(this.hashes);
      this.offsets = growInt32(this.offsets);
    }
    const from = this.offsets[id]!;
    const to = from + end - start;
    if (to > this.store.length) {
      const store = Buffer.allocUnsafe(Math.max(to, this.store.length * 2));
      this.store.copy(store, 0, 0, from);
      this.store = store;
    }
    bytes.copy(this.store, from, start, end);
    this.offsets[id + 1] = to;
    this.hashes[id] = h;
    this.table[slot] = id + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = this.hashes[k]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = k + 1;
    }
    this.table = table;
    this.mask = mask;
  }

  finish(): KeyColumn {
    const keys = new Array<string>(this.count);
    for (let k = 0; k < this.count; k++) keys[k] = this.store.toString('utf8', this.offsets[k]!, this.offsets[k + 1]!);
    const column = { ids: this.ids.slice(0, this.rows), keys };
    // Different bytes can decode to the same string (malformed UTF-8 becomes U+FFFD): merge those.
    return new Set(keys).size === keys.length ? column : deriveKeys(column, (key) => key);
  }
}

/**
 * Numbers, NaN for an empty cell. A cell that is neither empty nor a finite number is remembered (the
 * first one) for the caller to report.
 */
export class NumberColumnBuilder implements ColumnBuilder {
  private values: Float64Array = new Float64Array(1024);
  private rows = 0;
  badRow = -1;
  badText = '';

  add(bytes: Buffer, start: number, end: number, kind: number): void {
    if (this.rows === this.values.length) this.values = growFloat64(this.values);
    const fast = kind === FIELD_ESCAPED ? Number.NaN : parsePlainDecimal(bytes, start, end);
    const value = fast === fast ? fast : this.parseSlowly(fieldText(bytes, start, end, kind));
    this.values[this.rows++] = value;
  }

  /** Anything that is not a plain decimal: what Number() makes of the trimmed text. */
  private parseSlowly(text: string): number {
    const raw = text.trim();
    if (raw === '') return Number.NaN;
    const value = Number(raw);
    if (!Number.isFinite(value) && this.badRow < 0) {
      this.badRow = this.rows;
      this.badText = text;
    }
    return value;
  }

  finish(): Float64Array {
    return this.values.slice(0, this.rows);
  }
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * [-]digits[.digits] with at most 15 digits, else NaN. Exactly Number(text): a mantissa below 2^53
 * divided by an exact power of ten is correctly rounded (Clinger's fast path).
 */
export function parsePlainDecimal(bytes: Buffer, start: number, end: number): number {
  let i = start;
  const negative = i < end && bytes[i] === 45; // '-'
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (dot) decimals++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
  return negative ? -value : value;
}

export class StringColumnBuilder implements ColumnBuilder {
  private values: string[] = [];

  add(bytes: Buffer, start: number, end: number, kind: number): void {
    this.values.push(fieldText(bytes, start, end, kind));
  }

  finish(): string[] {
    return this.values;
  }
}

function growUint32(a: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length * 2);
  out.set(a);
  return out;
}

function growInt32(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

function growFloat64(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length * 2);
  out.set(a);
  return out;
}
