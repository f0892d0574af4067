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
import { findBestSplit, type Leaf, type Split } from './split-finding.ts';
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
  /** Column-major bins: one Uint8Array of length rowCount per feature. */
  bins: Uint8Array[];
  featureCount: number;
  mappers: BinMapper[];
  grad: Float64Array;
  hess: Float64Array;
  /** Spare histogram buffers, reused from tree to tree (histograms are the main allocation). */
  histogramPool: Float64Array[];
}

export interface GrownTree {
  tree: Tree;
  /** The sampled rows, permuted so that each leaf's rows are contiguous. */
  rows: Uint32Array;
  /** [node, start, end) triples into `rows`, one per leaf. */
  leaves: Int32Array;
}

export function growTree(context: GrowContext, rows: Uint32Array, features: Int32Array, params: GrowParams): GrownTree {
  const { mappers, featureCount } = context;
  // Histograms hold only this tree's features, packed: offsets[f] is where feature f's bins start.
  const offsets = new Int32Array(featureCount);
  let histSize = 0;
  for (let j = 0; j < features.length; j++) {
    offsets[features[j]!] = histSize;
    histSize += mappers[features[j]!]!.binCount * 3;
  }
  const pool = context.histogramPool;
  const takeHist = (): Float64Array => {
    const hist = pool.pop();
    return hist && hist.length >= histSize ? hist : new Float64Array(histSize);
  };

  const nodes = new NodeList();
  const scratch = new Uint32Array(rows.length);
  const gradScratch = new Float64Array(rows.length * 2);

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
    root.hist = buildHistogram(context, rows, root.start, root.end, features, offsets, takeHist(), gradScratch);
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
      small.hist = buildHistogram(context, rows, small.start, small.end, features, offsets, takeHist(), gradScratch);
      // The parent's histogram becomes the larger child's: parent − smaller.
      const parentHist = parent.hist!;
      if (canSplit(large, params)) {
        const smallHist = small.hist;
        for (let k = 0; k < histSize; k++) parentHist[k] = parentHist[k]! - smallHist[k]!;
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

  for (const leaf of leaves) if (leaf.hist) pool.push(leaf.hist);
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
  scratch: Float64Array,
): Float64Array {
  const last = features[features.length - 1]!;
  hist.fill(0, 0, offsets[last]! + context.mappers[last]!.binCount * 3);
  const { bins, grad, hess } = context;
  const count = end - start;
  // Gather the leaf's gradients once; then one feature at a time, so the feature's slice of the
  // histogram (a few KB) stays in L1 cache while its column is read.
  for (let i = 0; i < count; i++) {
    const r = rows[start + i]!;
    scratch[2 * i] = grad[r]!;
    scratch[2 * i + 1] = hess[r]!;
  }
  for (let j = 0; j < features.length; j++) {
    const f = features[j]!;
    const column = bins[f]!;
    const off = offsets[f]!;
    for (let i = 0; i < count; i++) {
      const k = off + column[rows[start + i]!]! * 3;
      hist[k] = hist[k]! + scratch[2 * i]!;
      hist[k + 1] = hist[k + 1]! + scratch[2 * i + 1]!;
      hist[k + 2] = hist[k + 2]! + 1;
    }
  }
  return hist;
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
  const column = context.bins[split.feature]!;
  const t = split.binThreshold;
  const leftBins = split.leftBins;
  const missingLeft = split.missingLeft;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const b = column[row]!;
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
