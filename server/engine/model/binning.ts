/**
 * Feature binning for histogram-based boosting. Each feature value becomes one byte:
 * bin 0 is "missing" (NaN, or a categorical code out of range), bins 1..n hold values.
 *
 * Numeric features get quantile bins (at most maxBins - 1 value bins): bin b holds values
 * v <= upperBounds[b - 1], the last bin everything above. A split "bin <= t" is therefore the same test as
 * "v <= upperBounds[t - 1]" on the raw value, which is how a saved model scores without binning.
 * Categorical features get one bin per code (bin = code + 1).
 *
 *   const mappers = fitBinMappers(matrix, { maxBins: 255, seed: 1 });
 *   const bins = binColumns(matrix, mappers); // one Uint8Array of bins per feature
 */
import type { FeatureKind, FeatureMatrix } from './feature-matrix.ts';
import { createRng, sampleWithoutReplacement } from './random.ts';

export interface BinMapper {
  kind: FeatureKind;
  /** Bins including the missing bin 0. */
  binCount: number;
  /** Numeric only: upper bound of value bins 1..binCount-2 (the last value bin is unbounded). */
  upperBounds: Float64Array;
}

export interface BinningOptions {
  maxBins: number;
  seed: number;
  /** Rows used to find quantiles (sampled when the data is larger). */
  sampleSize?: number;
}

const DEFAULT_SAMPLE = 200_000;

export function fitBinMappers(matrix: FeatureMatrix, options: BinningOptions): BinMapper[] {
  const maxBins = Math.min(255, Math.max(3, Math.floor(options.maxBins)));
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE;
  const rows =
    matrix.rowCount > sampleSize ? sampleWithoutReplacement(matrix.rowCount, sampleSize, createRng(options.seed)) : null;
  return matrix.features.map((feature, f) => {
    if (feature.kind === 'categorical') {
      return { kind: 'categorical', binCount: (feature.categories ?? 0) + 1, upperBounds: new Float64Array(0) };
    }
    const column = matrix.columns[f]!;
    const values: number[] = [];
    const n = rows ? rows.length : matrix.rowCount;
    for (let i = 0; i < n; i++) {
      const v = column[rows ? rows[i]! : i]!;
      if (!Number.isNaN(v)) values.push(v);
    }
    const upperBounds = quantileUpperBounds(Float64Array.from(values).sort(), maxBins - 1);
    return { kind: 'numeric', binCount: upperBounds.length + 2, upperBounds };
  });
}

/**
 * Cut points between distinct values so that each bin holds about the same number of values.
 * A value more frequent than one bin's share gets a bin of its own. Cuts lie midway between
 * neighbouring distinct values.
 */
export function quantileUpperBounds(sorted: Float64Array, maxValueBins: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const k = distinct.length;
  const bounds: number[] = [];
  if (k <= 1) return new Float64Array(0);
  if (k <= maxValueBins) {
    for (let j = 0; j < k - 1; j++) bounds.push(midpoint(distinct[j]!, distinct[j + 1]!));
    return Float64Array.from(bounds);
  }
  let remaining = sorted.length;
  let binsLeft = maxValueBins;
  let inBin = 0;
  for (let j = 0; j < k - 1 && binsLeft > 1; j++) {
    inBin += counts[j]!;
    const target = remaining / binsLeft;
    // Cut when this bin is full, or when the next value alone would overfill it.
    if (inBin >= target || inBin + counts[j + 1]! > target * 1.5) {
      bounds.push(midpoint(distinct[j]!, distinct[j + 1]!));
      remaining -= inBin;
      inBin = 0;
      binsLeft--;
    }
  }
  return Float64Array.from(bounds);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // Infinite neighbours (e.g. -Infinity) would give NaN or Infinity: keep a finite cut that separates them.
  if (!Number.isFinite(m)) return Number.isFinite(a) ? a : Number.isFinite(b) ? b - 1 : 0;
  return m;
}

/** Bin index of one value. */
export function binOf(mapper: BinMapper, value: number): number {
  if (Number.isNaN(value)) return 0;
  if (mapper.kind === 'categorical') {
    return Number.isInteger(value) && value >= 0 && value < mapper.binCount - 1 ? value + 1 : 0;
  }
  const bounds = mapper.upperBounds;
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= bounds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

/** Column-major bins: one Uint8Array per feature. */
export function binColumns(matrix: FeatureMatrix, mappers: BinMapper[]): Uint8Array[] {
  return mappers.map((mapper, f) => {
    const column = matrix.columns[f]!;
    const out = new Uint8Array(matrix.rowCount);
    for (let r = 0; r < matrix.rowCount; r++) out[r] = binOf(mapper, column[r]!);
    return out;
  });
}
