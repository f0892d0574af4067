/**
 * Batch scoring of an all-numeric forest, about twice as fast as walking the trees node object by node
 * object (forest.ts keeps that walk for categorical splits and for explanations). Two ideas:
 *
 *  - Thresholds become bins. Per feature, the distinct thresholds of all its splits, sorted: t_0 < … < t_k.
 *    A value's bin is how many thresholds lie below it, so `x <= t_j` ⇔ `bin(x) <= j` exactly, and a row
 *    is binned once (a branch-free binary search per cell) instead of comparing floats at every node.
 *    Missing values get the top bin (right of every split) or 0 (left of every split) in two copies of
 *    the row, as in forest.ts. Bins are bytes unless a feature has 255 thresholds or more.
 *  - The walk has no branches: a node is four int32s (slot << 16 | threshold bin, left, right, 0),
 *    `(bin - x) >>> 31` picks the child, and leaves point to themselves. Four rows go down a tree in
 *    step, so the processor overlaps their independent chains of loads; a tree's walk ends when all four
 *    rows sit in leaves (per tree, leaves are numbered after its internal nodes).
 *
 *   const binned = binForest(forest);               // null if a split is categorical
 *   if (binned) predictBinned(binned, matrix, out); // out[r] += Σ trees' leaf values
 */
import type { FeatureMatrix } from './feature-matrix.ts';

/** A leaf's threshold bin: no row's bin (at most 0xffff) is above it, so the walk stays put. */
const LEAF_BIN = 0xffff;
// Rows binned and scored together: their bins (2 × features × 1 or 2 bytes each) stay in L2 cache while
// every tree goes through them.
const BLOCK = 4096;
const LANES = 4;

export interface BinnedForest {
  featureCount: number;
  baseMargin: number;
  /** Bins take 2 bytes (some feature has 255 thresholds or more), else 1. */
  wide: boolean;
  /** Features used by some split, and per such feature its sorted thresholds padded with +∞ to 2^n. */
  features: Int32Array;
  cuts: Float64Array[];
  /** 4 int32 per node: slot << 16 | threshold bin, left, right, unused. */
  nodes: Int32Array;
  /** Per node; read at leaves. */
  value: Float64Array;
  roots: Int32Array;
  /** Per tree: nodes from here on are leaves. */
  leafStart: Int32Array;
}

/** The tree shape binForest reads: parallel arrays, children absolute, split −1 at leaves. */
export interface FlatForest {
  featureCount: number;
  baseMargin: number;
  roots: Int32Array;
  /** f ≥ 0: numeric split, slot f (missing right) or featureCount + f (missing left); −1: leaf; < −1: categorical. */
  split: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/** The binned form of a forest, or null when it has categorical splits or too many thresholds. */
export function binForest(forest: FlatForest): BinnedForest | null {
  const { featureCount: nf, split, threshold } = forest;
  if (2 * nf >= 1 << 15) return null;
  const perFeature: number[][] = Array.from({ length: nf }, () => []);
  for (let node = 0; node < split.length; node++) {
    const s = split[node]!;
    if (s < -1) return null;
    if (s >= 0) perFeature[s % nf]!.push(threshold[node]!);
  }
  const features: number[] = [];
  const cuts: Float64Array[] = [];
  const sortedByFeature: Float64Array[] = [];
  for (let f = 0; f < nf; f++) {
    const sorted = Float64Array.from(new Set(perFeature[f])).sort();
    sortedByFeature.push(sorted);
    if (sorted.length === 0) continue;
    if (sorted.length >= LEAF_BIN) return null;
    let size = 1;
    while (size <= sorted.length) size *= 2; // at least one +∞, so the search never runs off the end
    const padded = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    padded.set(sorted);
    features.push(f);
    cuts.push(padded);
  }

  const total = split.length;
  const nodes = new Int32Array(4 * total);
  const value = new Float64Array(total);
  const roots = new Int32Array(forest.roots.length);
  const leafStart = new Int32Array(forest.roots.length);
  const position = new Int32Array(total);
  for (let t = 0; t < forest.roots.length; t++) {
    const start = forest.roots[t]!;
    const end = t + 1 < forest.roots.length ? forest.roots[t + 1]! : total;
    let next = start;
    for (let node = start; node < end; node++) if (split[node] !== -1) position[node] = next++;
    leafStart[t] = next;
    for (let node = start; node < end; node++) if (split[node] === -1) position[node] = next++;
    roots[t] = position[start]!;
    for (let node = start; node < end; node++) {
      const at = position[node]!;
      value[at] = forest.value[node]!;
      const s = split[node]!;
      if (s === -1) {
        nodes[4 * at] = LEAF_BIN;
        nodes[4 * at + 1] = at;
        nodes[4 * at + 2] = at;
      } else {
        const bin = binarySearch(sortedByFeature[s % nf]!, threshold[node]!);
        nodes[4 * at] = (s << 16) | bin;
        nodes[4 * at + 1] = position[forest.left[node]!]!;
        nodes[4 * at + 2] = position[forest.right[node]!]!;
      }
    }
  }
  const wide = sortedByFeature.some((sorted) => sorted.length >= 0xff);
  return { featureCount: nf, baseMargin: forest.baseMargin, wide, features: Int32Array.from(features), cuts, nodes, value, roots, leafStart };
}

function binarySearch(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds every tree's leaf value to out[r] for each row r of the matrix. */
export function predictBinned(forest: BinnedForest, matrix: FeatureMatrix, out: Float64Array): void {
  const width = 2 * forest.featureCount;
  const bins = forest.wide ? new Uint16Array(BLOCK * width) : new Uint8Array(BLOCK * width);
  const columnBits = matrix.columns.map((c) => new Int32Array(c.buffer, c.byteOffset, c.length));
  const cache: BinCache = { keys: new Int32Array(1 << CACHE_BITS), bins: new Int32Array(1 << CACHE_BITS) };
  const { nodes, value, roots, leafStart } = forest;
  for (let start = 0; start < matrix.rowCount; start += BLOCK) {
    const count = Math.min(BLOCK, matrix.rowCount - start);
    binRows(forest, columnBits, matrix, start, count, bins, cache);
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      const leaves = leafStart[t]!;
      let r = 0;
      for (; r + LANES <= count; r += LANES) {
        const b0 = r * width;
        const b1 = b0 + width;
        const b2 = b1 + width;
        const b3 = b2 + width;
        let n0 = root;
        let n1 = root;
        let n2 = root;
        let n3 = root;
        // Until all four are in leaves (n − leaves ≥ 0); rows already in a leaf stay there. The `| 0`s tell
        // the compiler that sums stay int32, which spares an overflow check each.
        while (((n0 - leaves) | (n1 - leaves) | (n2 - leaves) | (n3 - leaves)) < 0) {
          let q = n0 << 2;
          let w = nodes[q]!;
          n0 = nodes[(q + 1 + (((w & 0xffff) - bins[(b0 + (w >>> 16)) | 0]!) >>> 31)) | 0]!;
          q = n1 << 2;
          w = nodes[q]!;
          n1 = nodes[(q + 1 + (((w & 0xffff) - bins[(b1 + (w >>> 16)) | 0]!) >>> 31)) | 0]!;
          q = n2 << 2;
          w = nodes[q]!;
          n2 = nodes[(q + 1 + (((w & 0xffff) - bins[(b2 + (w >>> 16)) | 0]!) >>> 31)) | 0]!;
          q = n3 << 2;
          w = nodes[q]!;
          n3 = nodes[(q + 1 + (((w & 0xffff) - bins[(b3 + (w >>> 16)) | 0]!) >>> 31)) | 0]!;
        }
        const row = start + r;
        out[row] = out[row]! + value[n0]!;
        out[row + 1] = out[row + 1]! + value[n1]!;
        out[row + 2] = out[row + 2]! + value[n2]!;
        out[row + 3] = out[row + 3]! + value[n3]!;
      }
      for (; r < count; r++) {
        const base = r * width;
        let n = root;
        while (n < leaves) {
          const q = n << 2;
          const w = nodes[q]!;
          n = nodes[(q + 1 + (((w & 0xffff) - bins[(base + (w >>> 16)) | 0]!) >>> 31)) | 0]!;
        }
        out[start + r] = out[start + r]! + value[n]!;
      }
    }
  }
}

/**
 * Per feature, a direct-mapped cache from a value's float32 bits to its bin: fraud rates and counts of key
 * groups repeat from row to row, and a hit costs less than the search. Reset for each feature and block
 * to (bits 0, bin of 0), so every entry is always right.
 */
const CACHE_BITS = 12;
interface BinCache {
  keys: Int32Array;
  bins: Int32Array;
}

/** Row-major bins of rows start..start+count: slot f missing → right, slot featureCount + f missing → left. */
function binRows(
  forest: BinnedForest,
  columnBits: Int32Array[],
  matrix: FeatureMatrix,
  start: number,
  count: number,
  bins: Uint8Array | Uint16Array,
  cache: BinCache,
): void {
  const nf = forest.featureCount;
  const missingRight = forest.wide ? 0xffff : 0xff;
  const width = 2 * nf;
  for (let k = 0; k < forest.features.length; k++) {
    const f = forest.features[k]!;
    const column = matrix.columns[f]!;
    const bits = columnBits[f]!;
    const cuts = forest.cuts[k]!;
    const top = cuts.length >> 1;
    cache.keys.fill(0);
    cache.bins.fill(binOf(cuts, top, 0));
    for (let r = 0; r < count; r++) {
      const v = column[start + r]!;
      const key = bits[start + r]!;
      const slot = Math.imul(key, 0x9e3779b1) >>> (32 - CACHE_BITS);
      let i = cache.bins[slot]!;
      if (cache.keys[slot] !== key) {
        i = binOf(cuts, top, v);
        cache.keys[slot] = key;
        cache.bins[slot] = i;
      }
      const at = r * width + f;
      if (v === v) {
        bins[at] = i;
        bins[at + nf] = i;
      } else {
        bins[at] = missingRight;
        bins[at + nf] = 0;
      }
    }
  }
}

/** How many cuts lie below v: a branch-free binary search (NaN compares false; callers handle it). */
function binOf(cuts: Float64Array, top: number, v: number): number {
  let i = 0;
  for (let half = top; half > 0; half >>= 1) i += half & -(cuts[i + half - 1]! < v);
  return i;
}
