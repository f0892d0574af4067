/**
 * Gradient boosting for binary classification (log loss) on binned features.
 * Each round: gradients g = w(p − y) and hessians h = w·p(1 − p) of the current margins, a row sample
 * and a column sample, one tree grown on their histograms (grow-tree.ts), margins updated.
 * With a validation set, training stops once the validation metric has not improved for
 * `earlyStoppingRounds` rounds and the ensemble is cut back to its best round.
 *
 *   const result = trainGbdt({ train: matrix, labels }, { numRounds: 300, seed: 7 });
 *   const forest = compileForest(result.trees, result.baseMargin, matrix.features);
 */
import { binColumns, fitBinMappers } from './binning.ts';
import type { FeatureMatrix } from './feature-matrix.ts';
import { growTree, type GrowParams } from './grow-tree.ts';
import { categoryCountsOf } from './forest.ts';
import { logLossFromMargins, rocAuc } from './metrics.ts';
import { createRng, deriveSeed } from './random.ts';
import { leafOf, type Tree } from './tree.ts';

export type EarlyStoppingMetric = 'logloss' | 'auc';

export interface BoostingParams extends GrowParams {
  /** Maximum number of trees. */
  numRounds: number;
  /** Fraction of rows each tree sees (Bernoulli sample per round). */
  rowSubsample: number;
  /** Fraction of features each tree may split on. */
  colSubsample: number;
  /** Weight of positive rows (class imbalance). */
  scalePosWeight: number;
  /** Stop after this many rounds without improvement on the validation set (0 = never). */
  earlyStoppingRounds: number;
  earlyStoppingMetric: EarlyStoppingMetric;
  /** At most 255 (bin 0 is reserved for missing values). */
  maxBins: number;
  seed: number;
}

export const DEFAULT_BOOSTING_PARAMS: BoostingParams = {
  numRounds: 500,
  learningRate: 0.05,
  numLeaves: 31,
  maxDepth: 0,
  lambda: 1,
  minChildWeight: 1e-3,
  minDataInLeaf: 20,
  minSplitGain: 0,
  catSmooth: 10,
  catL2: 10,
  maxCatThreshold: 32,
  minDataPerCategory: 10,
  rowSubsample: 1,
  colSubsample: 1,
  scalePosWeight: 1,
  earlyStoppingRounds: 50,
  earlyStoppingMetric: 'logloss',
  maxBins: 255,
  seed: 1,
};

export interface LabelledMatrix {
  matrix: FeatureMatrix;
  /** 0/1 per row. */
  labels: Uint8Array;
}

export interface TrainInput extends LabelledMatrix {
  /** Optional per-row weights (multiplied by scalePosWeight for positives). */
  weights?: Float64Array;
  /** Validation set for early stopping. */
  valid?: LabelledMatrix;
}

export interface RoundRecord {
  round: number;
  validLogLoss?: number;
  validAuc?: number;
}

export interface TrainResult {
  trees: Tree[];
  baseMargin: number;
  /** Number of trees kept (the best round with early stopping, else all). */
  bestRounds: number;
  history: RoundRecord[];
  params: BoostingParams;
}

export function resolveParams(overrides: Partial<BoostingParams> = {}): BoostingParams {
  const params = { ...DEFAULT_BOOSTING_PARAMS, ...overrides };
  const positive = (name: keyof BoostingParams, min = 0, max = Infinity): void => {
    const v = params[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new RangeError(`parameter ${name} must be a number in [${min}, ${max}], got ${String(v)}`);
    }
  };
  positive('numRounds', 1);
  positive('learningRate', 1e-6, 10);
  positive('numLeaves', 2, 65536);
  positive('maxDepth', 0, 64);
  positive('lambda');
  positive('minChildWeight');
  positive('minDataInLeaf', 1);
  positive('minSplitGain');
  positive('rowSubsample', 1e-6, 1);
  positive('colSubsample', 1e-6, 1);
  positive('scalePosWeight', 1e-9);
  positive('earlyStoppingRounds');
  positive('maxBins', 3, 255);
  return params;
}

export function trainGbdt(input: TrainInput, overrides: Partial<BoostingParams> = {}): TrainResult {
  const params = resolveParams(overrides);
  const { matrix, labels } = input;
  const n = matrix.rowCount;
  const featureCount = matrix.features.length;
  if (labels.length !== n) throw new RangeError(`labels: expected ${n} values, got ${labels.length}`);
  if (n === 0) throw new RangeError('cannot train on zero rows');

  const mappers = fitBinMappers(matrix, { maxBins: params.maxBins, seed: deriveSeed(params.seed, 1) });
  const bins = binColumns(matrix, mappers);
  const categoryCounts = categoryCountsOf(matrix.features);

  const weights = new Float64Array(n);
  let positiveWeight = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = (input.weights ? input.weights[i]! : 1) * (labels[i] ? params.scalePosWeight : 1);
    weights[i] = w;
    totalWeight += w;
    if (labels[i]) positiveWeight += w;
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, positiveWeight / totalWeight));
  const baseMargin = Math.log(prior / (1 - prior));

  const margins = new Float64Array(n).fill(baseMargin);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const valid = input.valid;
  const validMargins = valid ? new Float64Array(valid.matrix.rowCount).fill(baseMargin) : null;
  const rowRng = createRng(deriveSeed(params.seed, 2));
  const colRng = createRng(deriveSeed(params.seed, 3));
  const inSample = new Uint8Array(n);
  const histogramPool: Float64Array[] = [];

  const trees: Tree[] = [];
  const history: RoundRecord[] = [];
  let bestScore = Infinity;
  let bestRounds = 0;

  for (let round = 0; round < params.numRounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margins[i]!));
      grad[i] = weights[i]! * (p - labels[i]!);
      hess[i] = Math.max(weights[i]! * p * (1 - p), 1e-16);
    }
    const rows = sampleRows(n, params.rowSubsample, rowRng, inSample);
    const features = sampleFeatures(featureCount, params.colSubsample, colRng);
    const grown = growTree({ bins, featureCount, mappers, grad, hess, histogramPool }, rows, features, params);
    const tree = grown.tree;
    trees.push(tree);

    for (let l = 0; l < grown.leaves.length; l += 3) {
      const leafValue = tree.value[grown.leaves[l]!]!;
      for (let i = grown.leaves[l + 1]!; i < grown.leaves[l + 2]!; i++) {
        const r = grown.rows[i]!;
        margins[r] = margins[r]! + leafValue;
      }
    }
    if (rows.length < n) {
      for (let r = 0; r < n; r++) {
        if (!inSample[r]) margins[r] = margins[r]! + tree.value[leafOf(tree, matrix.columns, r, categoryCounts)]!;
      }
    }

    if (valid && validMargins) {
      for (let r = 0; r < validMargins.length; r++) {
        validMargins[r] = validMargins[r]! + tree.value[leafOf(tree, valid.matrix.columns, r, categoryCounts)]!;
      }
      const record: RoundRecord = { round: round + 1, validLogLoss: logLossFromMargins(validMargins, valid.labels) };
      if (params.earlyStoppingMetric === 'auc') record.validAuc = rocAuc(validMargins, valid.labels);
      history.push(record);
      // AUC is undefined when the validation set has one class only: fall back to log loss.
      const auc = record.validAuc;
      const score = auc !== undefined && !Number.isNaN(auc) ? -auc : record.validLogLoss!;
      if (score < bestScore) {
        bestScore = score;
        bestRounds = round + 1;
      } else if (params.earlyStoppingRounds > 0 && round + 1 - bestRounds >= params.earlyStoppingRounds) {
        break;
      }
    } else {
      bestRounds = round + 1;
    }
  }
  return { trees: trees.slice(0, bestRounds), baseMargin, bestRounds, history, params };
}

function sampleRows(n: number, rate: number, rng: ReturnType<typeof createRng>, inSample: Uint8Array): Uint32Array {
  if (rate >= 1) {
    inSample.fill(1);
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const picked: number[] = [];
  for (let i = 0; i < n; i++) {
    const take = rng.next() < rate;
    inSample[i] = take ? 1 : 0;
    if (take) picked.push(i);
  }
  return Uint32Array.from(picked);
}

function sampleFeatures(featureCount: number, rate: number, rng: ReturnType<typeof createRng>): Int32Array {
  if (rate >= 1) return Int32Array.from({ length: featureCount }, (_, i) => i);
  const k = Math.max(1, Math.round(featureCount * rate));
  const all = Array.from({ length: featureCount }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(featureCount - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return Int32Array.from(all.slice(0, k).sort((a, b) => a - b));
}
