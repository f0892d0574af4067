/**
 * Encodings of high-cardinality keys (importer, declarant, HS code, combinations…) as numbers a tree can
 * split on:
 *  - count: how many *other* training rows share the key;
 *  - rate: the key's smoothed label rate, (positives + m·prior) / (count + m).
 *
 * For training rows the rate is computed out of fold: rows are dealt into K folds and a row's rate uses
 * only the rows of the other folds, so a row's own label never reaches its own features. For new rows
 * the statistics of all training rows are used (`KeyTable`, stored in the model file).
 *
 * Keys are interned once (`internKeys`, `combineKeys` in keys.ts): rows carry small integer ids, and
 * strings are built and looked up once per distinct key, not once per row.
 *
 *   const importer = internKeys(importerColumn);
 *   const folds = assignFolds(rowCount, 5, seed);
 *   const { rate, count } = encodeOutOfFold(importer, labels, folds, 5, { prior: 0.2, smoothing: 20 });
 *   const table = fitKeyTable(importer, labels);                 // saved with the model
 *   encodeWithTable(internKeys(newImporterColumn), indexKeyTable(table), { prior: 0.2, smoothing: 20 });
 */
import type { KeyIds } from './keys.ts';
import { createRng } from './random.ts';

export { combineKeys, internKeys, KEY_SEPARATOR, type KeyIds } from './keys.ts';

export interface Smoothing {
  prior: number;
  /** Pseudo-count m pulling rare keys towards the prior. */
  smoothing: number;
}

export interface KeyEncoding {
  rate: Float32Array;
  count: Float32Array;
}

/** Training statistics per key (JSON-friendly). */
export interface KeyTable {
  keys: string[];
  counts: number[];
  positives: number[];
}

export interface IndexedKeyTable {
  table: KeyTable;
  index: Map<string, number>;
}

export function assignFolds(rowCount: number, foldCount: number, seed: number): Uint8Array {
  if (foldCount < 2 || foldCount > 255) throw new RangeError('foldCount must be 2..255');
  const rng = createRng(seed);
  const folds = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) folds[i] = rng.int(foldCount);
  return folds;
}

export function fitKeyTable(group: KeyIds, labels: ArrayLike<number>): KeyTable {
  const counts = new Array<number>(group.keys.length).fill(0);
  const positives = new Array<number>(group.keys.length).fill(0);
  for (let i = 0; i < group.ids.length; i++) {
    const id = group.ids[i]!;
    counts[id]!++;
    if (labels[i]! > 0) positives[id]!++;
  }
  return { keys: group.keys.slice(), counts, positives };
}

export function indexKeyTable(table: KeyTable): IndexedKeyTable {
  return { table, index: new Map(table.keys.map((key, i) => [key, i])) };
}

/**
 * Training-row encodings. `count` is the number of other training rows with the key (label-free, so it
 * may use every fold); `rate` uses only the other folds' labels.
 */
export function encodeOutOfFold(
  group: KeyIds,
  labels: ArrayLike<number>,
  folds: Uint8Array,
  foldCount: number,
  smoothing: Smoothing,
  out: KeyEncoding = { rate: new Float32Array(group.ids.length), count: new Float32Array(group.ids.length) },
): KeyEncoding {
  const { ids } = group;
  const k = group.keys.length;
  const counts = new Float64Array(k);
  const positives = new Float64Array(k);
  const foldCounts = new Float64Array(k * foldCount);
  const foldPositives = new Float64Array(k * foldCount);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const slot = id * foldCount + folds[i]!;
    counts[id]!++;
    foldCounts[slot]!++;
    if (labels[i]! > 0) {
      positives[id]!++;
      foldPositives[slot]!++;
    }
  }
  const { rate, count } = out;
  const { prior, smoothing: m } = smoothing;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const slot = id * foldCount + folds[i]!;
    const otherCount = counts[id]! - foldCounts[slot]!;
    const otherPositives = positives[id]! - foldPositives[slot]!;
    rate[i] = (otherPositives + m * prior) / (otherCount + m);
    count[i] = counts[id]! - 1;
  }
  return out;
}

/**
 * Encodings of new rows from training statistics; unseen keys get count 0 and the prior. Written into
 * `out` when given (e.g. the feature matrix's columns).
 */
export function encodeWithTable(
  group: KeyIds,
  indexed: IndexedKeyTable,
  smoothing: Smoothing,
  out: KeyEncoding = { rate: new Float32Array(group.ids.length), count: new Float32Array(group.ids.length) },
): KeyEncoding {
  const { prior, smoothing: m } = smoothing;
  const { table, index } = indexed;
  // One lookup per distinct key, then broadcast to the rows.
  const keyRate = new Float32Array(group.keys.length);
  const keyCount = new Float32Array(group.keys.length);
  for (let id = 0; id < group.keys.length; id++) {
    const at = index.get(group.keys[id]!);
    const c = at === undefined ? 0 : table.counts[at]!;
    const p = at === undefined ? 0 : table.positives[at]!;
    keyRate[id] = (p + m * prior) / (c + m);
    keyCount[id] = c;
  }
  const { rate, count } = out;
  const { ids } = group;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    rate[i] = keyRate[id]!;
    count[i] = keyCount[id]!;
  }
  return out;
}
