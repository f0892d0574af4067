import { describe, it, expect } from 'vitest';
import { compileForest, predictMargins, type CompiledForest } from './forest.ts';
import { createFeatureMatrix, type FeatureMatrix } from './feature-matrix.ts';
import { createRng } from './random.ts';
import { mixedData, xorData } from './test-fixtures.ts';
import { DEFAULT_BOOSTING_PARAMS, trainGbdt } from './trainer.ts';

/** The node-by-node walk of forest.ts, which the binned forest must reproduce exactly. */
function walkMargins(forest: CompiledForest, matrix: FeatureMatrix): Float64Array {
  return predictMargins({ ...forest, binned: null }, matrix);
}

/** xorData with missing values (NaN) in a fifth of the cells, so splits send them both ways. */
function withMissing(matrix: FeatureMatrix, seed: number): FeatureMatrix {
  const rng = createRng(seed);
  for (const column of matrix.columns) for (let i = 0; i < column.length; i++) if (rng.next() < 0.2) column[i] = Number.NaN;
  return matrix;
}

describe('binned forest', () => {
  it('scores exactly like the node-by-node walk, missing values included', () => {
    const train = xorData(3000, 1);
    withMissing(train.matrix, 2);
    const gbdt = trainGbdt({ matrix: train.matrix, labels: train.labels }, { ...DEFAULT_BOOSTING_PARAMS, numRounds: 30, seed: 1 });
    const forest = compileForest(gbdt.trees, gbdt.baseMargin, train.matrix.features);
    expect(forest.binned).not.toBeNull();
    expect(forest.binned!.wide).toBe(false);
    const missingLeft = forest.split.filter((s) => s >= forest.featureCount).length;
    expect(missingLeft).toBeGreaterThan(0); // both missing directions are exercised

    // New rows, with values equal to thresholds, infinities, −0 and NaN, and a row count that is not a
    // multiple of the lanes or the block.
    const test = withMissing(xorData(9_001, 3).matrix, 4);
    const thresholds = Array.from(forest.threshold).filter((_, node) => forest.split[node]! >= 0);
    for (let i = 0; i < 2000; i++) {
      const column = test.columns[i % test.columns.length]!;
      column[i] = [thresholds[i % thresholds.length]!, Infinity, -Infinity, -0][i % 4]!;
    }
    expect(Array.from(predictMargins(forest, test))).toEqual(Array.from(walkMargins(forest, test)));
  });

  it('uses two-byte bins when a feature has 255 thresholds or more', () => {
    // The trainer splits a feature at most at 254 points, so join the trees of models fitted on different
    // samples: their quantile cuts differ, and together they split x at many more points.
    const data = (seed: number): { matrix: FeatureMatrix; labels: Uint8Array } => {
      const n = 4000;
      const matrix = createFeatureMatrix([{ name: 'x', kind: 'numeric' }, { name: 'y', kind: 'numeric' }], n);
      const labels = new Uint8Array(n);
      const rng = createRng(seed);
      for (let i = 0; i < n; i++) {
        matrix.columns[0]![i] = rng.next() * 1000;
        matrix.columns[1]![i] = rng.next() < 0.1 ? Number.NaN : rng.next();
        labels[i] = Math.sin(matrix.columns[0]![i]! / 3) + rng.next() * 0.5 > 0.2 ? 1 : 0;
      }
      return { matrix, labels };
    };
    const params = { ...DEFAULT_BOOSTING_PARAMS, numRounds: 40, numLeaves: 63, minDataInLeaf: 2, seed: 2 };
    const fits = [5, 6, 7, 8].map((seed) => trainGbdt(data(seed), params));
    const probe = data(9).matrix;
    const forest = compileForest(fits.flatMap((f) => f.trees), 0.1, probe.features);
    expect(forest.binned?.wide).toBe(true);
    expect(Array.from(predictMargins(forest, probe))).toEqual(Array.from(walkMargins(forest, probe)));
  });

  it('is not used for forests with categorical splits (the walk scores them)', () => {
    const data = mixedData(2000, 6);
    const gbdt = trainGbdt({ matrix: data.matrix, labels: data.labels }, { ...DEFAULT_BOOSTING_PARAMS, numRounds: 10, seed: 1 });
    const forest = compileForest(gbdt.trees, gbdt.baseMargin, data.matrix.features);
    expect(forest.binned).toBeNull();
    expect(predictMargins(forest, data.matrix).length).toBe(2000);
  });
});
