/**
 * Scoring and explaining a boosted ensemble. The raw margin of a row is
 *   baseMargin + Σ_trees value[leaf the row reaches]
 * and its probability is sigmoid(margin).
 *
 * Explanations use Saabas path attribution: walking a row down a tree, each split's feature is credited
 * with value[child] − value[node]. Per row, Σ contributions + bias = margin exactly, where
 * bias = baseMargin + Σ_trees value[root].
 *
 *   const forest = compileForest(trees, baseMargin, matrix.features);
 *   const margins = predictMargins(forest, matrix);
 *   const { bias, contributions } = explainRow(forest, matrix, 0);
 */
import { binForest, predictBinned, type BinnedForest } from './binned-forest.ts';
import type { FeatureMatrix, FeatureSpec } from './feature-matrix.ts';
import { CATEGORY_WORDS, type Tree } from './tree.ts';

export interface CompiledForest {
  trees: Tree[];
  baseMargin: number;
  featureCount: number;
  /** Per feature: number of codes if categorical, else 0. */
  categoryCounts: Int32Array;
  // All trees' nodes concatenated; children indices are absolute.
  roots: Int32Array;
  /**
   * Scoring-time split code per node, one load decides the node type:
   *   f >= 0            numeric split on slot f of the scoring row (see `toScoringRows`);
   *                     slot = feature for "missing goes right", featureCount + feature for "missing goes left"
   *   -1                leaf
   *   -2 - feature      categorical split
   */
  split: Int32Array;
  threshold: Float64Array;
  /** Categorical nodes: start of the node's bitset in categoryBits. */
  categoryOffset: Int32Array;
  /** Bitsets of categorical nodes only (CATEGORY_WORDS words each), to keep the forest small in cache. */
  categoryBits: Uint32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** The same trees for fast batch scoring (binned-forest.ts); null if a split is categorical. */
  binned: BinnedForest | null;
}

export function categoryCountsOf(features: FeatureSpec[]): Int32Array {
  return Int32Array.from(features.map((f) => (f.kind === 'categorical' ? (f.categories ?? 0) : 0)));
}

export function compileForest(trees: Tree[], baseMargin: number, features: FeatureSpec[]): CompiledForest {
  const total = trees.reduce((n, t) => n + t.feature.length, 0);
  const featureCount = features.length;
  const categoryCounts = categoryCountsOf(features);
  let categoricalNodes = 0;
  for (const tree of trees) {
    for (let i = 0; i < tree.feature.length; i++) {
      const f = tree.feature[i]!;
      if (f >= 0 && categoryCounts[f]! > 0) categoricalNodes++;
    }
  }
  const forest: CompiledForest = {
    trees,
    baseMargin,
    featureCount,
    categoryCounts,
    roots: new Int32Array(trees.length),
    split: new Int32Array(total),
    threshold: new Float64Array(total),
    categoryOffset: new Int32Array(total).fill(-1),
    categoryBits: new Uint32Array(categoricalNodes * CATEGORY_WORDS),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    binned: null,
  };
  let offset = 0;
  let bitsOffset = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = offset;
    forest.threshold.set(tree.threshold, offset);
    forest.missingLeft.set(tree.missingLeft, offset);
    forest.value.set(tree.value, offset);
    for (let i = 0; i < tree.feature.length; i++) {
      const node = offset + i;
      const f = tree.feature[i]!;
      forest.left[node] = tree.left[i]! < 0 ? -1 : tree.left[i]! + offset;
      forest.right[node] = tree.right[i]! < 0 ? -1 : tree.right[i]! + offset;
      if (f < 0) {
        forest.split[node] = -1;
      } else if (categoryCounts[f]! > 0) {
        forest.split[node] = -2 - f;
        forest.categoryOffset[node] = bitsOffset;
        forest.categoryBits.set(tree.categoryBits.subarray(i * CATEGORY_WORDS, (i + 1) * CATEGORY_WORDS), bitsOffset);
        bitsOffset += CATEGORY_WORDS;
      } else {
        forest.split[node] = tree.missingLeft[i] === 1 ? featureCount + f : f;
      }
    }
    offset += tree.feature.length;
  });
  forest.binned = binForest(forest);
  return forest;
}

/**
 * Row-major scoring rows, 2 × featureCount slots per row: slot f is the value (NaN kept), slot
 * featureCount + f the same value with NaN replaced by −Infinity. A numeric test `x[slot] <= threshold`
 * then sends missing values right in the first copy (NaN <= t is false) and left in the second, so the
 * hot loop needs no missing-value branch.
 */
function toScoringRows(matrix: FeatureMatrix, start: number, end: number, out: Float32Array): void {
  const nf = matrix.columns.length;
  const width = 2 * nf;
  for (let f = 0; f < nf; f++) {
    const column = matrix.columns[f]!;
    for (let r = start; r < end; r++) {
      const v = column[r]!;
      const base = (r - start) * width;
      out[base + f] = v;
      out[base + nf + f] = v === v ? v : -Infinity;
    }
  }
}

/** The child a row goes to at a categorical node (feature f); codes out of range count as missing. */
function categoricalChild(forest: CompiledForest, node: number, v: number, f: number): number {
  const bits = forest.categoryOffset[node]!;
  const left =
    v >= 0 && v < forest.categoryCounts[f]! && (v | 0) === v
      ? ((forest.categoryBits[bits + (v >>> 5)]! >>> (v & 31)) & 1) === 1
      : forest.missingLeft[node] === 1;
  return left ? forest.left[node]! : forest.right[node]!;
}

// Rows are scored in blocks, tree by tree: one tree's nodes stay in cache while the whole block goes
// through it (row by row, every tree would be fetched from memory again for every row).
const BLOCK = 4096;

/** Raw margins (log-odds) for every row. */
export function predictMargins(forest: CompiledForest, matrix: FeatureMatrix): Float64Array {
  checkFeatures(forest, matrix);
  const out = new Float64Array(matrix.rowCount).fill(forest.baseMargin);
  if (forest.binned) {
    predictBinned(forest.binned, matrix, out);
    return out;
  }
  const width = 2 * forest.featureCount;
  const { roots, split, threshold, left, right, value } = forest;
  const x = new Float32Array(BLOCK * width);
  for (let start = 0; start < matrix.rowCount; start += BLOCK) {
    const end = Math.min(matrix.rowCount, start + BLOCK);
    toScoringRows(matrix, start, end, x);
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      for (let r = start; r < end; r++) {
        const base = (r - start) * width;
        let node = root;
        for (;;) {
          let s = split[node]!;
          while (s >= 0) {
            node = x[base + s]! <= threshold[node]! ? left[node]! : right[node]!;
            s = split[node]!;
          }
          if (s === -1) break;
          node = categoricalChild(forest, node, x[base - 2 - s]!, -2 - s);
        }
        out[r] = out[r]! + value[node]!;
      }
    }
  }
  return out;
}

export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

/** Probabilities sigmoid(margin) for every row. */
export function predictProbabilities(forest: CompiledForest, matrix: FeatureMatrix): Float64Array {
  const margins = predictMargins(forest, matrix);
  for (let i = 0; i < margins.length; i++) margins[i] = sigmoid(margins[i]!);
  return margins;
}

export interface RowExplanation {
  /** baseMargin + Σ root values: the margin before any split is applied. */
  bias: number;
  /** Per feature, its share of the margin; Σ contributions + bias = margin. */
  contributions: Float64Array;
  margin: number;
}

/** Saabas contributions for one row. */
export function explainRow(forest: CompiledForest, matrix: FeatureMatrix, row: number): RowExplanation {
  checkFeatures(forest, matrix);
  const nf = forest.featureCount;
  const x = new Float32Array(2 * nf);
  toScoringRows(matrix, row, row + 1, x);
  const contributions = new Float64Array(nf);
  let bias = forest.baseMargin;
  let margin = forest.baseMargin;
  for (let t = 0; t < forest.roots.length; t++) {
    let node = forest.roots[t]!;
    bias += forest.value[node]!;
    for (let s = forest.split[node]!; s !== -1; s = forest.split[node]!) {
      const f = s >= 0 ? s % nf : -2 - s;
      const child =
        s >= 0
          ? x[s]! <= forest.threshold[node]!
            ? forest.left[node]!
            : forest.right[node]!
          : categoricalChild(forest, node, x[f]!, f);
      contributions[f] = contributions[f]! + forest.value[child]! - forest.value[node]!;
      node = child;
    }
    margin += forest.value[node]!;
  }
  return { bias, contributions, margin };
}

/** Total split gain per feature, the usual "gain importance". */
export function gainImportance(trees: Tree[], featureCount: number): Float64Array {
  const out = new Float64Array(featureCount);
  for (const tree of trees) {
    for (let i = 0; i < tree.feature.length; i++) {
      const f = tree.feature[i]!;
      if (f >= 0) out[f] = out[f]! + tree.gain[i]!;
    }
  }
  return out;
}

function checkFeatures(forest: CompiledForest, matrix: FeatureMatrix): void {
  if (matrix.columns.length !== forest.featureCount) {
    throw new RangeError(`model expects ${forest.featureCount} features, matrix has ${matrix.columns.length}`);
  }
}
