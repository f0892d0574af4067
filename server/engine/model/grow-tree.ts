/**
 * Grows one regression tree on gradient/hessian statistics, leaf-wise (best-first, as LightGBM does):
 * the leaf whose best split reduces the loss most is split next, until `numLeaves` leaves or no split
 * gains more than `minSplitGain`. `maxDepth` (> 0) bounds depth; with numLeaves = 2^maxDepth this
 * becomes depth-wise growth.
 *
 * Histograms: each leaf keeps per-feature, per-bin sums of (gradient, hessian, count). Only the smaller
 * child of a split is scanned; the larger child's histogram is the parent's minus the smaller's.
 *
 *   const grown = growTree(context, sampledRows, selectedFeatures, params);
 *   // grown.tree: the tree; grown.leaves: which rows (ranges of grown.rows) ended in which leaf
 */
import type { BinMapper } from './binning.ts';
import { CATEGORY_WORDS, type Tree } from './tree.ts';

export interface GrowParams {
  numLeaves: number;
  /** 0 = unlimited. */
  maxDepth: number;
  learningRate: number;
  /** L2 regularisation on leaf values. */
  lambda: number;
  /** Minimum sum of hessians in a child. */
  minChildWeight: number;
  /** Minimum number of rows in a child. */
  minDataInLeaf: number;
  /** Minimum loss reduction to split. */
  minSplitGain: number;
  /** Categorical splits: smoothing of the gradient/hessian ratio used to order categories. */
  catSmooth: number;
  /** Categorical splits: extra L2 when judging them (they fit more freely than thresholds). */
  catL2: number;
  /** Categorical splits: at most this many categories on the left side. */
  maxCatThreshold: number;
  /** Categorical splits: categories with fewer rows in the node are not singled out. */
  minDataPerCategory: number;
}

export interface GrowContext {
  /** Row-major bins, rowCount × featureCount. */
  bins: Uint8Array;
  featureCount: number;
  mappers: BinMapper[];
  grad: Float64Array;
  hess: Float64Array;
}

export interface GrownTree {
  tree: Tree;
  /** The sampled rows, permuted so that each leaf's rows are contiguous. */
  rows: Uint32Array;
  /** [node, start, end) triples into `rows`, one per leaf. */
  leaves: Int32Array;
}

interface Split {
  gain: number;
  feature: number;
  /** Numeric: value bins 1..binThreshold go left. */
  binThreshold: number;
  /** Categorical: bins going left (index = bin), else null. */
  leftBins: Uint8Array | null;
  missingLeft: boolean;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  sumGrad: number;
  sumHess: number;
  hist: Float64Array | null;
  split: Split | null;
}

const MAX_ONE_HOT = 4;

export function growTree(context: GrowContext, rows: Uint32Array, features: Int32Array, params: GrowParams): GrownTree {
  const { mappers, featureCount } = context;
  const offsets = new Int32Array(featureCount + 1);
  for (let f = 0; f < featureCount; f++) offsets[f + 1] = offsets[f]! + mappers[f]!.binCount * 3;
  const histSize = offsets[featureCount]!;
  const pool: Float64Array[] = [];
  const takeHist = (): Float64Array => pool.pop() ?? new Float64Array(histSize);

  const nodes = new NodeList();
  const scratch = new Uint32Array(rows.length);

  let sumGrad = 0;
  let sumHess = 0;
  for (let i = 0; i < rows.length; i++) {
    sumGrad += context.grad[rows[i]!]!;
    sumHess += context.hess[rows[i]!]!;
  }
  const root: Leaf = {
    node: nodes.add(leafValue(sumGrad, sumHess, params), sumHess),
    start: 0,
    end: rows.length,
    depth: 0,
    sumGrad,
    sumHess,
    hist: null,
    split: null,
  };
  const leaves: Leaf[] = [root];
  if (canSplit(root, params)) {
    root.hist = buildHistogram(context, rows, root.start, root.end, features, offsets, takeHist());
    root.split = findBestSplit(context, root, features, offsets, params);
  }

  while (leaves.length < params.numLeaves) {
    let bestIndex = -1;
    for (let i = 0; i < leaves.length; i++) {
      const split = leaves[i]!.split;
      if (split && split.gain > params.minSplitGain && (bestIndex < 0 || split.gain > leaves[bestIndex]!.split!.gain)) {
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    const parent = leaves[bestIndex]!;
    const split = parent.split!;
    const mid = partition(context, rows, scratch, parent.start, parent.end, split);
    const children: Leaf[] = [parent.start, mid].map((start, side) => {
      const end = side === 0 ? mid : parent.end;
      let g = 0;
      let h = 0;
      for (let i = start; i < end; i++) {
        g += context.grad[rows[i]!]!;
        h += context.hess[rows[i]!]!;
      }
      return {
        node: nodes.add(leafValue(g, h, params), h),
        start,
        end,
        depth: parent.depth + 1,
        sumGrad: g,
        sumHess: h,
        hist: null,
        split: null,
      };
    });
    const [leftChild, rightChild] = children as [Leaf, Leaf];
    nodes.setSplit(parent.node, split, leftChild.node, rightChild.node, mappers[split.feature]!);

    const wantLeft = canSplit(leftChild, params);
    const wantRight = canSplit(rightChild, params);
    if (wantLeft || wantRight) {
      const [small, large] =
        leftChild.end - leftChild.start <= rightChild.end - rightChild.start
          ? [leftChild, rightChild]
          : [rightChild, leftChild];
      small.hist = buildHistogram(context, rows, small.start, small.end, features, offsets, takeHist());
      // The parent's histogram becomes the larger child's: parent − smaller.
      const parentHist = parent.hist!;
      for (let j = 0; j < features.length; j++) {
        const f = features[j]!;
        for (let k = offsets[f]!; k < offsets[f + 1]!; k++) parentHist[k] = parentHist[k]! - small.hist[k]!;
      }
      large.hist = parentHist;
      for (const child of children) {
        if (canSplit(child, params)) child.split = findBestSplit(context, child, features, offsets, params);
        if (!child.split) {
          pool.push(child.hist!);
          child.hist = null;
        }
      }
    } else if (parent.hist) {
      pool.push(parent.hist);
    }
    parent.hist = null;
    leaves.splice(bestIndex, 1, leftChild, rightChild);
  }

  const leafRanges = new Int32Array(leaves.length * 3);
  leaves.forEach((leaf, i) => {
    leafRanges[i * 3] = leaf.node;
    leafRanges[i * 3 + 1] = leaf.start;
    leafRanges[i * 3 + 2] = leaf.end;
  });
  return { tree: nodes.finish(), rows, leaves: leafRanges };
}

function leafValue(sumGrad: number, sumHess: number, params: GrowParams): number {
  return (-sumGrad / (sumHess + params.lambda)) * params.learningRate;
}

function canSplit(leaf: Leaf, params: GrowParams): boolean {
  if (params.maxDepth > 0 && leaf.depth >= params.maxDepth) return false;
  return leaf.end - leaf.start >= 2 * params.minDataInLeaf && leaf.sumHess >= 2 * params.minChildWeight;
}

function buildHistogram(
  context: GrowContext,
  rows: Uint32Array,
  start: number,
  end: number,
  features: Int32Array,
  offsets: Int32Array,
  hist: Float64Array,
): Float64Array {
  hist.fill(0);
  const { bins, grad, hess, featureCount } = context;
  const nf = features.length;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * featureCount;
    for (let j = 0; j < nf; j++) {
      const f = features[j]!;
      const k = offsets[f]! + bins[base + f]! * 3;
      hist[k] = hist[k]! + g;
      hist[k + 1] = hist[k + 1]! + h;
      hist[k + 2] = hist[k + 2]! + 1;
    }
  }
  return hist;
}

function findBestSplit(
  context: GrowContext,
  leaf: Leaf,
  features: Int32Array,
  offsets: Int32Array,
  params: GrowParams,
): Split | null {
  let best: Split | null = null;
  for (let j = 0; j < features.length; j++) {
    const f = features[j]!;
    const mapper = context.mappers[f]!;
    const candidate =
      mapper.kind === 'categorical'
        ? bestCategoricalSplit(leaf, f, offsets[f]!, mapper.binCount, params)
        : bestNumericSplit(leaf, f, offsets[f]!, mapper.binCount, params);
    if (candidate && (!best || candidate.gain > best.gain)) best = candidate;
  }
  return best;
}

function bestNumericSplit(leaf: Leaf, feature: number, off: number, binCount: number, params: GrowParams): Split | null {
  const hist = leaf.hist!;
  const { lambda, minChildWeight, minDataInLeaf } = params;
  const G = leaf.sumGrad;
  const H = leaf.sumHess;
  const C = leaf.end - leaf.start;
  const parentScore = (G * G) / (H + lambda);
  const mg = hist[off]!;
  const mh = hist[off + 1]!;
  const mc = hist[off + 2]!;
  let bestGain = 0;
  let bestT = -1;
  let bestMissingLeft = false;
  let gl = 0;
  let hl = 0;
  let cl = 0;
  for (let t = 1; t < binCount; t++) {
    const k = off + t * 3;
    gl += hist[k]!;
    hl += hist[k + 1]!;
    cl += hist[k + 2]!;
    if (hist[k + 2] === 0) continue;
    for (let withMissing = 0; withMissing < (mc > 0 ? 2 : 1); withMissing++) {
      const g = withMissing ? gl + mg : gl;
      const h = withMissing ? hl + mh : hl;
      const c = withMissing ? cl + mc : cl;
      const gr = G - g;
      const hr = H - h;
      if (c < minDataInLeaf || C - c < minDataInLeaf || h < minChildWeight || hr < minChildWeight) continue;
      const gain = (g * g) / (h + lambda) + (gr * gr) / (hr + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestT = t;
        // Without missing values in this node, send future missing values to the heavier side.
        bestMissingLeft = mc > 0 ? withMissing === 1 : h >= hr;
      }
    }
  }
  if (bestT < 0) return null;
  return { gain: bestGain, feature, binThreshold: bestT, leftBins: null, missingLeft: bestMissingLeft };
}

function bestCategoricalSplit(
  leaf: Leaf,
  feature: number,
  off: number,
  binCount: number,
  params: GrowParams,
): Split | null {
  const hist = leaf.hist!;
  const lambda = params.lambda + params.catL2;
  const { minChildWeight, minDataInLeaf } = params;
  const G = leaf.sumGrad;
  const H = leaf.sumHess;
  const C = leaf.end - leaf.start;
  const parentScore = (G * G) / (H + lambda);
  const used: number[] = [];
  const minPerCategory = Math.max(1, params.minDataPerCategory);
  for (let b = 0; b < binCount; b++) if (hist[off + b * 3 + 2]! >= minPerCategory) used.push(b);
  if (used.length < 2) return null;

  let bestGain = 0;
  let bestSet: number[] | null = null;
  const consider = (set: number[], g: number, h: number, c: number): void => {
    const gr = G - g;
    const hr = H - h;
    if (c < minDataInLeaf || C - c < minDataInLeaf || h < minChildWeight || hr < minChildWeight) return;
    const gain = (g * g) / (h + lambda) + (gr * gr) / (hr + lambda) - parentScore;
    if (gain > bestGain) {
      bestGain = gain;
      bestSet = set.slice();
    }
  };

  if (binCount - 1 <= MAX_ONE_HOT) {
    for (const b of used) consider([b], hist[off + b * 3]!, hist[off + b * 3 + 1]!, hist[off + b * 3 + 2]!);
  } else {
    // Order categories by their smoothed gradient ratio; the best split is (near) a prefix of that order.
    const ratio = (b: number): number => hist[off + b * 3]! / (hist[off + b * 3 + 1]! + params.catSmooth);
    used.sort((a, b) => ratio(a) - ratio(b) || a - b);
    const limit = Math.min(params.maxCatThreshold, used.length - 1);
    for (const order of [used, used.slice().reverse()]) {
      const set: number[] = [];
      let g = 0;
      let h = 0;
      let c = 0;
      for (let i = 0; i < limit; i++) {
        const b = order[i]!;
        set.push(b);
        g += hist[off + b * 3]!;
        h += hist[off + b * 3 + 1]!;
        c += hist[off + b * 3 + 2]!;
        consider(set, g, h, c);
      }
    }
  }
  if (!bestSet) return null;
  const leftBins = new Uint8Array(binCount);
  for (const b of bestSet as number[]) leftBins[b] = 1;
  return { gain: bestGain, feature, binThreshold: 0, leftBins, missingLeft: leftBins[0] === 1 };
}

/** Stable partition of rows[start, end): left rows first. Returns the first right index. */
function partition(
  context: GrowContext,
  rows: Uint32Array,
  scratch: Uint32Array,
  start: number,
  end: number,
  split: Split,
): number {
  const { bins, featureCount } = context;
  const f = split.feature;
  const t = split.binThreshold;
  const leftBins = split.leftBins;
  const missingLeft = split.missingLeft;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const b = bins[row * featureCount + f]!;
    const left = leftBins ? leftBins[b] === 1 : b === 0 ? missingLeft : b <= t;
    if (left) rows[l++] = row;
    else scratch[r++] = row;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

/** Growable node storage, frozen into a Tree at the end. */
class NodeList {
  private feature: number[] = [];
  private threshold: number[] = [];
  private categories: (number[] | null)[] = [];
  private missingLeft: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];
  private gain: number[] = [];
  private cover: number[] = [];

  add(value: number, cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.categories.push(null);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    this.gain.push(0);
    this.cover.push(cover);
    return this.feature.length - 1;
  }

  setSplit(node: number, split: Split, left: number, right: number, mapper: BinMapper): void {
    this.feature[node] = split.feature;
    this.left[node] = left;
    this.right[node] = right;
    this.gain[node] = split.gain;
    this.missingLeft[node] = split.missingLeft ? 1 : 0;
    if (split.leftBins) {
      const codes: number[] = [];
      for (let b = 1; b < split.leftBins.length; b++) if (split.leftBins[b] === 1) codes.push(b - 1);
      this.categories[node] = codes;
    } else {
      // All value bins on the left (only missing values go right): any finite value goes left.
      this.threshold[node] =
        split.binThreshold - 1 < mapper.upperBounds.length ? mapper.upperBounds[split.binThreshold - 1]! : Number.MAX_VALUE;
    }
  }

  finish(): Tree {
    const n = this.feature.length;
    const categoryBits = new Uint32Array(n * CATEGORY_WORDS);
    this.categories.forEach((codes, node) => {
      for (const code of codes ?? []) {
        const w = node * CATEGORY_WORDS + (code >>> 5);
        categoryBits[w] = (categoryBits[w]! | (1 << (code & 31))) >>> 0;
      }
    });
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      categoryBits,
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      gain: Float64Array.from(this.gain),
      cover: Float64Array.from(this.cover),
    };
  }
}
