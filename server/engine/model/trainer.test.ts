import { describe, it, expect } from 'vitest';
import { compileForest, explainRow, gainImportance, predictMargins } from './forest.ts';
import { predictLogistic, trainLogistic } from './logistic.ts';
import { rocAuc } from './metrics.ts';
import { treeToJson } from './model-file.ts';
import { mixedData, xorData } from './test-fixtures.ts';
import { resolveParams, trainGbdt, type BoostingParams } from './trainer.ts';
import { leafOf } from './tree.ts';
import { categoryCountsOf } from './forest.ts';

const SMALL: Partial<BoostingParams> = { numRounds: 60, learningRate: 0.2, numLeaves: 15, minDataInLeaf: 10 };

describe('trainGbdt', () => {
  it('finds an XOR interaction that a linear model cannot', () => {
    const train = xorData(4000, 1);
    const test = xorData(2000, 2);
    const gbdt = trainGbdt(train, SMALL);
    const forest = compileForest(gbdt.trees, gbdt.baseMargin, train.matrix.features);
    const gbdtAuc = rocAuc(predictMargins(forest, test.matrix), test.labels);
    const lr = trainLogistic(train.matrix, train.labels);
    const lrAuc = rocAuc(predictLogistic(lr, test.matrix), test.labels);
    expect(gbdtAuc).toBeGreaterThan(0.9);
    expect(lrAuc).toBeGreaterThan(0.4);
    expect(lrAuc).toBeLessThan(0.6);
    // The two informative features carry most of the gain.
    const gain = gainImportance(gbdt.trees, 5);
    expect(gain[0]! + gain[1]!).toBeGreaterThan(0.8 * gain.reduce((a, b) => a + b, 0));
  });

  it('learns from non-contiguous categories and from missingness', () => {
    const train = mixedData(5000, 3);
    const test = mixedData(3000, 4);
    const gbdt = trainGbdt(train, SMALL);
    const forest = compileForest(gbdt.trees, gbdt.baseMargin, train.matrix.features);
    expect(rocAuc(predictMargins(forest, test.matrix), test.labels)).toBeGreaterThan(0.85);
    // Rows identical but for a missing amount score higher (missing means risky in this data).
    const [withValue, missing] = [0.5, Number.NaN].map((amount) => {
      const probe = { ...test.matrix, rowCount: 1, columns: [Float32Array.of(0), Float32Array.of(amount), Float32Array.of(0.5)] };
      return predictMargins(forest, probe)[0]!;
    });
    expect(missing).toBeGreaterThan(withValue!);
  });

  it('scores a compiled forest exactly as walking each tree does', () => {
    const data = mixedData(3000, 5);
    data.matrix.columns[0]![0] = 99; // out-of-range code: treated as missing
    data.matrix.columns[0]![1] = Number.NaN;
    const gbdt = trainGbdt(data, { ...SMALL, colSubsample: 0.7 });
    const forest = compileForest(gbdt.trees, gbdt.baseMargin, data.matrix.features);
    const margins = predictMargins(forest, data.matrix);
    const counts = categoryCountsOf(data.matrix.features);
    for (let row = 0; row < data.matrix.rowCount; row += 7) {
      let expected = gbdt.baseMargin;
      for (const tree of gbdt.trees) expected += tree.value[leafOf(tree, data.matrix.columns, row, counts)]!;
      expect(margins[row]).toBe(expected);
    }
  });

  it('is deterministic for a seed, and the seed matters when sampling', () => {
    const data = xorData(2000, 6);
    const params = { ...SMALL, numRounds: 20, rowSubsample: 0.7, colSubsample: 0.6 };
    const json = (seed: number): string => JSON.stringify(trainGbdt(data, { ...params, seed }).trees.map(treeToJson));
    expect(json(11)).toBe(json(11));
    expect(json(11)).not.toBe(json(12));
  });

  it('stops early on the validation set and keeps the best round', () => {
    const train = xorData(1500, 7);
    const valid = xorData(1500, 8);
    // Pure-noise labels: validation loss cannot keep improving.
    for (const d of [train, valid]) d.labels.forEach((_, i) => (d.labels[i] = (i * 2654435761) % 7 < 2 ? 1 : 0));
    const result = trainGbdt({ ...train, valid }, { ...SMALL, numRounds: 300, earlyStoppingRounds: 10 });
    expect(result.history.length).toBeLessThan(300);
    expect(result.trees.length).toBe(result.bestRounds);
    const best = Math.min(...result.history.map((h) => h.validLogLoss!));
    expect(result.history[result.bestRounds - 1]!.validLogLoss).toBe(best);
  });

  it('falls back to log loss when AUC is undefined on a one-class validation set', () => {
    const train = xorData(1000, 12);
    const valid = xorData(300, 13);
    valid.labels.fill(0);
    const result = trainGbdt({ ...train, valid }, { ...SMALL, earlyStoppingMetric: 'auc', earlyStoppingRounds: 5 });
    expect(result.trees.length).toBeGreaterThan(0);
    expect(result.trees.length).toBe(result.bestRounds);
  });

  it('weights positives with scalePosWeight', () => {
    const data = xorData(1000, 9);
    const plain = trainGbdt(data, { ...SMALL, numRounds: 1 });
    const weighted = trainGbdt(data, { ...SMALL, numRounds: 1, scalePosWeight: 4 });
    // log(4·p / (1 − p)) = log(p / (1 − p)) + log 4
    expect(weighted.baseMargin - plain.baseMargin).toBeCloseTo(Math.log(4), 9);
  });

  it('rejects bad parameters', () => {
    expect(() => resolveParams({ learningRate: 0 })).toThrow(/learningRate/);
    expect(() => resolveParams({ maxBins: 300 })).toThrow(/maxBins/);
    expect(() => resolveParams({ rowSubsample: 1.5 })).toThrow(/rowSubsample/);
  });
});

describe('explanations', () => {
  it('contributions plus bias equal the margin, row by row', () => {
    const data = mixedData(3000, 10);
    data.matrix.columns[1]![3] = Number.NaN;
    const gbdt = trainGbdt(data, { ...SMALL, colSubsample: 0.7 });
    const forest = compileForest(gbdt.trees, gbdt.baseMargin, data.matrix.features);
    const margins = predictMargins(forest, data.matrix);
    for (let row = 0; row < 200; row++) {
      const { bias, contributions, margin } = explainRow(forest, data.matrix, row);
      const sum = contributions.reduce((a, b) => a + b, bias);
      expect(Math.abs(sum - margins[row]!)).toBeLessThan(1e-6);
      expect(Math.abs(margin - margins[row]!)).toBeLessThan(1e-9);
    }
    // The noise feature explains little compared with the category.
    let noise = 0;
    let code = 0;
    for (let row = 0; row < 200; row++) {
      const { contributions } = explainRow(forest, data.matrix, row);
      code += Math.abs(contributions[0]!);
      noise += Math.abs(contributions[2]!);
    }
    expect(noise).toBeLessThan(code / 3);
  });
});
