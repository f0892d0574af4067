import { describe, it, expect } from 'vitest';
import { binOf, fitBinMappers, quantileUpperBounds } from './binning.ts';
import { createFeatureMatrix } from './feature-matrix.ts';
import { atTopFraction, logLossFromMargins, rocAuc } from './metrics.ts';
import { createRng } from './random.ts';
import {
  assignFolds,
  combineKeys,
  encodeOutOfFold,
  encodeWithTable,
  fitKeyTable,
  indexKeyTable,
  internKeys,
} from './target-encoding.ts';

const smoothing = { prior: 0.3, smoothing: 10 };

describe('out-of-fold target encoding', () => {
  it('does not leak a row label through a key unique to that row', () => {
    const n = 2000;
    const rng = createRng(1);
    const labels = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const ids = internKeys(Array.from({ length: n }, (_, i) => `row-${i}`));
    const { rate, count } = encodeOutOfFold(ids, labels, assignFolds(n, 5, 2), 5, smoothing);
    // Nothing else shares the key: every row gets the prior, whatever its label.
    expect(new Set(rate).size).toBe(1);
    expect(rate[0]).toBeCloseTo(0.3, 6);
    expect(rocAuc(rate, labels)).toBe(0.5);
    expect(Math.max(...count)).toBe(0);
    // An in-sample encoding would have separated the classes perfectly.
    const inSample = encodeWithTable(ids, indexKeyTable(fitKeyTable(ids, labels)), smoothing).rate;
    expect(rocAuc(inSample, labels)).toBe(1);
  });

  it("a row's own label never changes its own encoding", () => {
    const n = 600;
    const rng = createRng(3);
    const keys = Array.from({ length: n }, () => `importer-${rng.int(40)}`);
    const labels = Uint8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const folds = assignFolds(n, 5, 4);
    const ids = internKeys(keys);
    const before = encodeOutOfFold(ids, labels, folds, 5, smoothing).rate;
    for (const row of [0, 17, 333]) {
      const flipped = labels.slice();
      flipped[row] = 1 - flipped[row]!;
      const after = encodeOutOfFold(ids, flipped, folds, 5, smoothing).rate;
      expect(after[row]).toBe(before[row]);
      // …while rows of the same key in other folds do see it.
      const sameKeyOtherFold = keys.findIndex((k, i) => k === keys[row] && folds[i] !== folds[row]);
      expect(after[sameKeyOtherFold]).not.toBe(before[sameKeyOtherFold]);
    }
  });

  it('encodes new rows from training statistics; unseen keys get the prior', () => {
    const train = internKeys(['a', 'a', 'a', 'b']);
    const table = indexKeyTable(fitKeyTable(train, [1, 1, 0, 0]));
    const { rate, count } = encodeWithTable(internKeys(['a', 'zzz', 'b']), table, smoothing);
    expect(Array.from(count)).toEqual([3, 0, 1]);
    expect(rate[0]).toBeCloseTo((2 + 10 * 0.3) / (3 + 10), 6);
    expect(rate[1]).toBeCloseTo(0.3, 6);
  });

  it('combines keys by value, not by position', () => {
    const a = internKeys(['x', 'y', 'x', 'x']);
    const b = internKeys(['1', '1', '2', '1']);
    const pair = combineKeys(a, b);
    expect(Array.from(pair.ids)).toEqual([0, 1, 2, 0]);
    expect(pair.keys).toEqual(['x\u001f1', 'y\u001f1', 'x\u001f2']);
  });
});

describe('binning', () => {
  it('keeps at most maxBins − 1 value bins and puts each value on the right side of every cut', () => {
    const rng = createRng(5);
    const matrix = createFeatureMatrix([{ name: 'v', kind: 'numeric' }], 5000);
    for (let i = 0; i < 5000; i++) matrix.columns[0]![i] = i % 10 === 0 ? Number.NaN : Math.fround(rng.next() ** 3 * 1000);
    const [mapper] = fitBinMappers(matrix, { maxBins: 32, seed: 1 });
    expect(mapper!.binCount).toBeLessThanOrEqual(32);
    expect(binOf(mapper!, Number.NaN)).toBe(0);
    for (let i = 0; i < 5000; i += 13) {
      const v = matrix.columns[0]![i]!;
      if (Number.isNaN(v)) continue;
      const b = binOf(mapper!, v);
      expect(b).toBeGreaterThanOrEqual(1);
      if (b < mapper!.binCount - 1) expect(v <= mapper!.upperBounds[b - 1]!).toBe(true);
      if (b > 1) expect(v > mapper!.upperBounds[b - 2]!).toBe(true);
    }
  });

  it('gives each distinct value its own bin when there are few, and a heavy value a bin alone', () => {
    expect(Array.from(quantileUpperBounds(Float64Array.of(1, 1, 2, 3, 3, 3), 10))).toEqual([1.5, 2.5]);
    const heavy = Float64Array.from([...Array(900).fill(0), ...Array.from({ length: 100 }, (_, i) => i + 1)]);
    const bounds = quantileUpperBounds(heavy, 8);
    expect(bounds[0]).toBe(0.5);
    expect(bounds.length).toBeLessThanOrEqual(7);
  });
});

describe('metrics', () => {
  it('computes ROC AUC with ties counted half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(Number.isNaN(rocAuc([1, 2], [1, 1]))).toBe(true);
  });

  it('measures precision and recall at the top fraction', () => {
    const scores = Array.from({ length: 100 }, (_, i) => 100 - i); // row 0 is the riskiest
    const labels = Array.from({ length: 100 }, (_, i) => (i < 3 || i === 50 ? 1 : 0));
    expect(atTopFraction(scores, labels, 0.05)).toEqual({ fraction: 0.05, rows: 5, hits: 3, precision: 0.6, recall: 0.75 });
    expect(atTopFraction(scores, labels, 0.001).rows).toBe(1);
  });

  it('computes log loss without overflow', () => {
    expect(logLossFromMargins([0], [1])).toBeCloseTo(Math.log(2), 12);
    expect(logLossFromMargins([-1000], [1])).toBeCloseTo(1000, 6);
    expect(logLossFromMargins([1000], [1])).toBe(0);
  });
});
