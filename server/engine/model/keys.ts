/**
 * Interned key columns: per row a small integer id, per id its string. Rows carry ids, and strings are
 * built and looked up once per distinct key, not once per row. Every function here keeps ids in order of
 * first appearance and drops keys no row uses, so a column built in steps (read in chunks, selected,
 * concatenated, combined) is identical to interning its values row by row with `internKeys`.
 *
 *   const importer = internKeys(['IMP1', 'IMP2', 'IMP1']);          // ids 0 1 0, keys IMP1 IMP2
 *   const pair = combineKeys(importer, internKeys(['CN', 'CN', 'VN'])); // keys 'IMP1␟CN', 'IMP2␟CN', 'IMP1␟VN'
 *   const firstTwo = selectKeys(pair, [0, 1]);
 */

/** Per row an id; per id its key. */
export interface KeyIds {
  ids: Uint32Array;
  keys: string[];
}

/** Separates the parts of a combined key, e.g. HS6 code and country. */
export const KEY_SEPARATOR = '\u001f';

export function internKeys(values: readonly string[]): KeyIds {
  const index = new Map<string, number>();
  const ids = new Uint32Array(values.length);
  const keys: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let id = index.get(value);
    if (id === undefined) {
      id = keys.length;
      index.set(value, id);
      keys.push(value);
    }
    ids[i] = id;
  }
  return { ids, keys };
}

/**
 * The pair (a, b) per row as one key; its string is `a` + KEY_SEPARATOR + `b`. Pairs are found with an
 * open-addressing table over the two ids (a Map keyed by a·|b| + b would box keys past 2^31).
 */
export function combineKeys(a: KeyIds, b: KeyIds): KeyIds {
  const n = a.ids.length;
  const ids = new Uint32Array(n);
  const keys: string[] = [];
  let table = new Int32Array(1024); // slot → pair id + 1, 0 when empty
  let mask = table.length - 1;
  let first: Int32Array = new Int32Array(512);
  let second: Int32Array = new Int32Array(512);
  for (let i = 0; i < n; i++) {
    const x = a.ids[i]!;
    const y = b.ids[i]!;
    let slot = hashPair(x, y) & mask;
    let id = -1;
    for (let entry = table[slot]!; entry !== 0; entry = table[slot]!) {
      if (first[entry - 1] === x && second[entry - 1] === y) {
        id = entry - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (id < 0) {
      id = keys.length;
      keys.push(a.keys[x] + KEY_SEPARATOR + b.keys[y]);
      if (id === first.length) {
        first = grow(first);
        second = grow(second);
      }
      first[id] = x;
      second[id] = y;
      table[slot] = id + 1;
      if (keys.length * 2 > table.length) {
        table = new Int32Array(table.length * 2);
        mask = table.length - 1;
        for (let k = 0; k < keys.length; k++) {
          let s = hashPair(first[k]!, second[k]!) & mask;
          while (table[s] !== 0) s = (s + 1) & mask;
          table[s] = k + 1;
        }
      }
    }
    ids[i] = id;
  }
  return { ids, keys };
}

function hashPair(x: number, y: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

function grow(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** New keys computed from each distinct key (trimmed, a prefix…), merged where they coincide. */
export function deriveKeys(source: KeyIds, derive: (key: string) => string): KeyIds {
  const index = new Map<string, number>();
  const keys: string[] = [];
  const remap = new Uint32Array(source.keys.length);
  source.keys.forEach((key, k) => {
    const value = derive(key);
    let id = index.get(value);
    if (id === undefined) {
      id = keys.length;
      index.set(value, id);
      keys.push(value);
    }
    remap[k] = id;
  });
  const ids = new Uint32Array(source.ids.length);
  for (let i = 0; i < ids.length; i++) ids[i] = remap[source.ids[i]!]!;
  return { ids, keys };
}

/** The given rows, in that order; keys no chosen row uses are dropped. */
export function selectKeys(source: KeyIds, rows: ArrayLike<number>): KeyIds {
  const remap = new Int32Array(source.keys.length).fill(-1);
  const keys: string[] = [];
  const ids = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const old = source.ids[rows[i]!]!;
    let id = remap[old]!;
    if (id < 0) {
      id = remap[old] = keys.length;
      keys.push(source.keys[old]!);
    }
    ids[i] = id;
  }
  return { ids, keys };
}

/** The rows of several columns one after the other. */
export function concatKeys(parts: readonly KeyIds[]): KeyIds {
  const index = new Map<string, number>();
  const keys: string[] = [];
  const ids = new Uint32Array(parts.reduce((n, p) => n + p.ids.length, 0));
  let offset = 0;
  for (const part of parts) {
    const remap = part.keys.map((key) => {
      let id = index.get(key);
      if (id === undefined) {
        id = keys.length;
        index.set(key, id);
        keys.push(key);
      }
      return id;
    });
    for (let i = 0; i < part.ids.length; i++) ids[offset + i] = remap[part.ids[i]!]!;
    offset += part.ids.length;
  }
  return { ids, keys };
}

/** The key of every row, as strings. */
export function keyValues(column: KeyIds): string[] {
  return Array.from(column.ids, (id) => column.keys[id]!);
}
