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
  feature: Int32Array;
  threshold: Float64Array;
  categoryBits: Uint32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export function categoryCountsOf(features: FeatureSpec[]): Int32Array {
  return Int32Array.from(features.map((f) => (f.kind === 'categorical' ? (f.categories ?? 0) : 0)));
}

export function compileForest(trees: Tree[], baseMargin: number, features: FeatureSpec[]): CompiledForest {
  const total = trees.reduce((n, t) => n + t.feature.length, 0);
  const forest: CompiledForest = {
    trees,
    baseMargin,
    featureCount: features.length,
    categoryCounts: categoryCountsOf(features),
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    categoryBits: new Uint32Array(total * CATEGORY_WORDS),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
  };
  let offset = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = offset;
    forest.feature.set(tree.feature, offset);
    forest.threshold.set(tree.threshold, offset);
    forest.categoryBits.set(tree.categoryBits, offset * CATEGORY_WORDS);
    forest.missingLeft.set(tree.missingLeft, offset);
    forest.value.set(tree.value, offset);
    for (let i = 0; i < tree.feature.length; i++) {
      forest.left[offset + i] = tree.left[i]! < 0 ? -1 : tree.left[i]! + offset;
      forest.right[offset + i] = tree.right[i]! < 0 ? -1 : tree.right[i]! + offset;
    }
    offset += tree.feature.length;
  });
  return forest;
}

/** Row-major copy of a matrix (rows × features), the layout the scoring loop reads fastest. */
function toRowMajor(matrix: FeatureMatrix, start: number, end: number): Float32Array {
  const nf = matrix.columns.length;
  const out = new Float32Array((end - start) * nf);
  for (let f = 0; f < nf; f++) {
    const column = matrix.columns[f]!;
    for (let r = start; r < end; r++) out[(r - start) * nf + f] = column[r]!;
  }
  return out;
}

function nextNode(forest: CompiledForest, node: number, x: Float32Array, base: number): number {
  const f = forest.feature[node]!;
  const v = x[base + f]!;
  const k = forest.categoryCounts[f]!;
  let left: boolean;
  if (k > 0) {
    left =
      v >= 0 && v < k && (v | 0) === v
        ? ((forest.categoryBits[node * CATEGORY_WORDS + (v >>> 5)]! >>> (v & 31)) & 1) === 1
        : forest.missingLeft[node] === 1;
  } else if (v !== v) {
    left = forest.missingLeft[node] === 1;
  } else {
    left = v <= forest.threshold[node]!;
  }
  return left ? forest.left[node]! : forest.right[node]!;
}

const BLOCK = 4096;

/** Raw margins (log-odds) for every row. */
export function predictMargins(forest: CompiledForest, matrix: FeatureMatrix): Float64Array {
  checkFeatures(forest, matrix);
  const out = new Float64Array(matrix.rowCount);
  const nf = forest.featureCount;
  const { roots, feature, value } = forest;
  for (let start = 0; start < matrix.rowCount; start += BLOCK) {
    const end = Math.min(matrix.rowCount, start + BLOCK);
    const x = toRowMajor(matrix, start, end);
    for (let r = start; r < end; r++) {
      const base = (r - start) * nf;
      let margin = forest.baseMargin;
      for (let t = 0; t < roots.length; t++) {
        let node = roots[t]!;
        while (feature[node]! >= 0) node = nextNode(forest, node, x, base);
        margin += value[node]!;
      }
      out[r] = margin;
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
  const x = toRowMajor(matrix, row, row + 1);
  const contributions = new Float64Array(forest.featureCount);
  let bias = forest.baseMargin;
  let margin = forest.baseMargin;
  for (let t = 0; t < forest.roots.length; t++) {
    let node = forest.roots[t]!;
    bias += forest.value[node]!;
    while (forest.feature[node]! >= 0) {
      const child = nextNode(forest, node, x, 0);
      const f = forest.feature[node]!;
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
