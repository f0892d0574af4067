/**
 * Logistic regression, the baseline the boosted trees are compared with (bench/model.ts) and the
 * linear model of the tests. Numeric features are standardised (mean 0, sd 1, clipped to ±10) with a
 * missing-value indicator; categorical features are one-hot encoded. Trained by full-batch Adam on
 * the L2-penalised log loss — deterministic, no randomness involved.
 *
 *   const lr = trainLogistic(matrix, labels, { iterations: 300 });
 *   const margins = predictLogistic(lr, otherMatrix);
 */
import type { FeatureMatrix } from './feature-matrix.ts';

export interface LogisticOptions {
  iterations: number;
  learningRate: number;
  /** L2 penalty on the weights (not the intercept), per row. */
  l2: number;
}

export interface LogisticModel {
  /** Per input feature: where its design columns start. */
  offsets: Int32Array;
  means: Float64Array;
  scales: Float64Array;
  /** Design width: per numeric feature 2 columns (value, missing), per categorical one per code. */
  width: number;
  weights: Float64Array;
  intercept: number;
  categoryCounts: Int32Array;
}

const DEFAULTS: LogisticOptions = { iterations: 300, learningRate: 0.05, l2: 1e-4 };
const CLIP = 10;

export function trainLogistic(matrix: FeatureMatrix, labels: Uint8Array, options: Partial<LogisticOptions> = {}): LogisticModel {
  const { iterations, learningRate, l2 } = { ...DEFAULTS, ...options };
  const model = fitDesign(matrix);
  const n = matrix.rowCount;
  const design = buildDesign(model, matrix);
  const d = model.width;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1, n)));
  model.intercept = Math.log(prior / (1 - prior));

  // Adam state for [weights..., intercept].
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let step = 1; step <= iterations; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let z = model.intercept;
      for (let j = 0; j < d; j++) z += design[row + j]! * model.weights[j]!;
      const residual = 1 / (1 + Math.exp(-z)) - labels[i]!;
      for (let j = 0; j < d; j++) grad[j] = grad[j]! + residual * design[row + j]!;
      grad[d] = grad[d]! + residual;
    }
    for (let j = 0; j <= d; j++) {
      let g = grad[j]! / n;
      if (j < d) g += l2 * model.weights[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * g;
      v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
      const update = (learningRate * (m[j]! / (1 - beta1 ** step))) / (Math.sqrt(v[j]! / (1 - beta2 ** step)) + 1e-8);
      if (j < d) model.weights[j] = model.weights[j]! - update;
      else model.intercept -= update;
    }
  }
  return model;
}

/** Margins (log-odds) of a fitted logistic model. */
export function predictLogistic(model: LogisticModel, matrix: FeatureMatrix): Float64Array {
  const design = buildDesign(model, matrix);
  const d = model.width;
  const out = new Float64Array(matrix.rowCount);
  for (let i = 0; i < matrix.rowCount; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) z += design[i * d + j]! * model.weights[j]!;
    out[i] = z;
  }
  return out;
}

function fitDesign(matrix: FeatureMatrix): LogisticModel {
  const nf = matrix.features.length;
  const offsets = new Int32Array(nf);
  const means = new Float64Array(nf);
  const scales = new Float64Array(nf).fill(1);
  const categoryCounts = new Int32Array(nf);
  let width = 0;
  matrix.features.forEach((feature, f) => {
    offsets[f] = width;
    if (feature.kind === 'categorical') {
      categoryCounts[f] = feature.categories ?? 0;
      width += categoryCounts[f]!;
      return;
    }
    width += 2;
    const column = matrix.columns[f]!;
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let i = 0; i < column.length; i++) {
      const x = column[i]!;
      if (Number.isNaN(x)) continue;
      sum += x;
      sumSq += x * x;
      count++;
    }
    const mean = count ? sum / count : 0;
    const sd = count ? Math.sqrt(Math.max(0, sumSq / count - mean * mean)) : 0;
    means[f] = mean;
    scales[f] = sd > 1e-12 ? sd : 1;
  });
  return { offsets, means, scales, width, weights: new Float64Array(width), intercept: 0, categoryCounts };
}

function buildDesign(model: LogisticModel, matrix: FeatureMatrix): Float64Array {
  const d = model.width;
  const design = new Float64Array(matrix.rowCount * d);
  matrix.columns.forEach((column, f) => {
    const off = model.offsets[f]!;
    const k = model.categoryCounts[f]!;
    for (let i = 0; i < matrix.rowCount; i++) {
      const x = column[i]!;
      if (k > 0) {
        if (x >= 0 && x < k && Number.isInteger(x)) design[i * d + off + x] = 1;
      } else if (Number.isNaN(x)) {
        design[i * d + off + 1] = 1;
      } else {
        const z = (x - model.means[f]!) / model.scales[f]!;
        design[i * d + off] = Math.max(-CLIP, Math.min(CLIP, z));
      }
    }
  });
  return design;
}
