/**
 * Best split of one leaf from its histogram (per feature and bin: sum of gradients, hessians, rows).
 * Gain of a split = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (XGBoost's, without the ½).
 *  - numeric: every threshold between value bins, with missing values sent left and right;
 *  - categorical: categories ordered by smoothed G/H (LightGBM's method), every prefix of that order on the
 *    left, read from both ends; a stronger L2 (catL2) judges them; few categories are tried one-vs-rest.
 *
 *   const split = findBestSplit(context, leaf, features, offsets, params); // null when no split gains
 */
import type { GrowContext, GrowParams } from './grow-tree.ts';

export interface Split {
  gain: number;
  feature: number;
  /** Numeric: value bins 1..binThreshold go left. */
  binThreshold: number;
  /** Categorical: bins going left (index = bin), else null. */
  leftBins: Uint8Array | null;
  missingLeft: boolean;
}

export interface Leaf {
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

export function findBestSplit(
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
  let bestScore = parentScore;
  let bestT = -1;
  let bestMissingLeft = false;
  // Two passes over the value bins 1..t → left: missing values right, then (if any) missing values left.
  for (let pass = 0; pass < (mc > 0 ? 2 : 1); pass++) {
    let gl = pass === 0 ? 0 : mg;
    let hl = pass === 0 ? 0 : mh;
    let cl = pass === 0 ? 0 : mc;
    for (let t = 1; t < binCount; t++) {
      const k = off + t * 3;
      const c = hist[k + 2]!;
      if (c === 0) continue;
      gl += hist[k]!;
      hl += hist[k + 1]!;
      cl += c;
      if (cl < minDataInLeaf || hl < minChildWeight) continue;
      if (C - cl < minDataInLeaf) break;
      const hr = H - hl;
      if (hr < minChildWeight) continue;
      const gr = G - gl;
      const score = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda);
      if (score > bestScore) {
        bestScore = score;
        bestT = t;
        // Without missing values in this node, send future missing values to the heavier side.
        bestMissingLeft = pass === 1 || (mc === 0 && hl >= hr);
      }
    }
  }
  if (bestT < 0) return null;
  return { gain: bestScore - parentScore, feature, binThreshold: bestT, leftBins: null, missingLeft: bestMissingLeft };
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
