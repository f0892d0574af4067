/**
 * Encodings of high-cardinality keys (importer, declarant, HS code…) as numbers a tree can split on:
 *  - frequency: how many *other* training rows share the key;
 *  - target rate: the smoothed fraud rate of the key, (positives + m·prior) / (count + m).
 *
 * For training rows the target rate is computed out of fold: rows are dealt into K folds and a row's
 * rate uses only the rows of the other folds, so a row's own label never reaches its own features.
 * For new rows, the statistics of all training rows are used (`KeyStatistics`, stored in the model).
 *
 *   const folds = assignFolds(rowCount, 5, seed);
 *   const { rate, count } = encodeOutOfFold(importerIds, labels, folds, 5, { prior: 0.2, smoothing: 20 });
 *   const stats = fitKeyStatistics(importerIds, labels);        // saved with the model
 *   encodeWithStatistics(newImporterIds, stats, { prior: 0.2, smoothing: 20 });
 */
import { createRng } from './random.ts';

export interface Smoothing {
  prior: number;
  /** Pseudo-count m pulling rare keys towards the prior. */
  smoothing: number;
}

export interface KeyEncoding {
  rate: Float32Array;
  count: Float32Array;
}

/** Per key: number of training rows and of positive rows. */
export interface KeyStatistics {
  index: Map<string, number>;
  counts: Float64Array;
  positives: Float64Array;
}

export function assignFolds(rowCount: number, foldCount: number, seed: number): Uint8Array {
  if (foldCount < 2 || foldCount > 255) throw new RangeError('foldCount must be 2..255');
  const rng = createRng(seed);
  const folds = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) folds[i] = rng.int(foldCount);
  return folds;
}

function internKeys(keys: readonly string[]): { index: Map<string, number>; ids: Uint32Array } {
  const index = new Map<string, number>();
  const ids = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let id = index.get(keys[i]!);
    if (id === undefined) {
      id = index.size;
      index.set(keys[i]!, id);
    }
    ids[i] = id;
  }
  return { index, ids };
}

export function fitKeyStatistics(keys: readonly string[], labels: ArrayLike<number>): KeyStatistics {
  const { index, ids } = internKeys(keys);
  const counts = new Float64Array(index.size);
  const positives = new Float64Array(index.size);
  for (let i = 0; i < ids.length; i++) {
    counts[ids[i]!]!++;
    if (labels[i]! > 0) positives[ids[i]!]!++;
  }
  return { index, counts, positives };
}

/**
 * Training-row encodings. `count` is the number of other training rows with the key (label-free, so it
 * may use every fold); `rate` uses only the other folds' labels.
 */
export function encodeOutOfFold(
  keys: readonly string[],
  labels: ArrayLike<number>,
  folds: Uint8Array,
  foldCount: number,
  smoothing: Smoothing,
): KeyEncoding {
  const { index, ids } = internKeys(keys);
  const k = index.size;
  const counts = new Float64Array(k);
  const foldCounts = new Float64Array(k * foldCount);
  const foldPositives = new Float64Array(k * foldCount);
  const positives = new Float64Array(k);
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
  const rate = new Float32Array(ids.length);
  const count = new Float32Array(ids.length);
  const { prior, smoothing: m } = smoothing;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const slot = id * foldCount + folds[i]!;
    const otherCount = counts[id]! - foldCounts[slot]!;
    const otherPositives = positives[id]! - foldPositives[slot]!;
    rate[i] = (otherPositives + m * prior) / (otherCount + m);
    count[i] = counts[id]! - 1;
  }
  return { rate, count };
}

/** Encodings of new rows from training statistics; unseen keys get count 0 and the prior. */
export function encodeWithStatistics(keys: readonly string[], stats: KeyStatistics, smoothing: Smoothing): KeyEncoding {
  const rate = new Float32Array(keys.length);
  const count = new Float32Array(keys.length);
  const { prior, smoothing: m } = smoothing;
  for (let i = 0; i < keys.length; i++) {
    const id = stats.index.get(keys[i]!);
    const c = id === undefined ? 0 : stats.counts[id]!;
    const p = id === undefined ? 0 : stats.positives[id]!;
    rate[i] = (p + m * prior) / (c + m);
    count[i] = c;
  }
  return { rate, count };
}
