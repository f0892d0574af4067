/**
 * Regression guard on the real KCS data: train on train.csv (2020), score valid.csv (2021-01..03).
 *  - Quality: precision@5 % measured when the model was written: 0.990 (seeds 1–3), ROC AUC ≈ 0.927; the
 *    published LightGBM figure (on the later test split) is 0.762.
 *  - Scores: the fast scoring path (byte-level CSV reader, interned keys, binned forest) must give the
 *    scores the first implementation gave (csv-parse, string columns, node-by-node walk). The figures
 *    below were printed by that implementation; each score must match within 1e-12. If the trainer or
 *    the features change on purpose, print them again and update them here.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { predictMargins, sigmoid, type CompiledForest } from './forest.ts';
import { kcsFormat } from './formats/kcs.ts';
import type { KcsRecords } from './formats/kcs-records.ts';
import { parseModel, type LoadedModel } from './model-file.ts';
import { evaluateScores, scoreRecords, trainModel } from './pipeline.ts';

const DATA = resolve(process.cwd(), '../shared/data/risk/kcs-customs-declarations');
const TRAIN = resolve(DATA, 'train.csv');
const VALID = resolve(DATA, 'valid.csv');
const MEASURED_P5 = 0.99;
const present = existsSync(TRAIN) && existsSync(VALID);

/** Printed by the first implementation: train.csv, seed 1, scores of valid.csv. */
const FIRST_IMPLEMENTATION = {
  trees: 92,
  sum: 1479.1597861436126,
  /** Σ score × ((row mod 97) + 1): catches scores moved between rows. */
  weightedSum: 72742.37671100046,
  rows: [
    [0, 0.004216924034584563],
    [1, 0.021657775718550994],
    [2, 0.00437086407636473],
    [1000, 0.22559977611605844],
    [4321, 0.0714309825642844],
    [8133, 0.0015877380773761524],
  ],
} as const;

if (!present) console.warn(`skipping the KCS regression test: ${DATA} has no train.csv/valid.csv`);

describe.skipIf(!present)('KCS customs declarations (real data)', () => {
  let valid: KcsRecords;
  let loaded: LoadedModel;
  let scores: Float64Array;

  beforeAll(async () => {
    const train = await kcsFormat.read([TRAIN], { labels: 'required' });
    valid = await kcsFormat.read([VALID], { labels: 'required' });
    loaded = parseModel(JSON.parse(JSON.stringify(trainModel(kcsFormat, train, { seed: 1 }))));
    scores = scoreRecords(loaded, kcsFormat, valid);
  }, 120_000);

  it(`keeps precision@5 % on valid.csv at ${MEASURED_P5} − 0.02 or better`, () => {
    const evaluation = evaluateScores(scores, valid);
    const p5 = evaluation.top.find((t) => t.fraction === 0.05)!.precision;
    expect(p5).toBeGreaterThanOrEqual(MEASURED_P5 - 0.02);
    expect(evaluation.auc).toBeGreaterThan(0.9);
  });

  it('scores valid.csv as the first implementation did (within 1e-12)', () => {
    expect(loaded.model.metrics.trees).toBe(FIRST_IMPLEMENTATION.trees);
    for (const [row, score] of FIRST_IMPLEMENTATION.rows) expect(Math.abs(scores[row]! - score)).toBeLessThanOrEqual(1e-12);
    let sum = 0;
    let weightedSum = 0;
    scores.forEach((s, i) => {
      sum += s;
      weightedSum += s * ((i % 97) + 1);
    });
    expect(Math.abs(sum - FIRST_IMPLEMENTATION.sum)).toBeLessThanOrEqual(8134 * 1e-12);
    expect(Math.abs(weightedSum - FIRST_IMPLEMENTATION.weightedSum)).toBeLessThanOrEqual(97 * 8134 * 1e-12);
  });

  it('gives exactly the node-by-node walk\'s scores with the binned forest', () => {
    expect(loaded.forest.binned).not.toBeNull();
    const matrix = kcsFormat.transform(valid, kcsFormat.parseEncodings(loaded.model.encodings));
    const walk: CompiledForest = { ...loaded.forest, binned: null };
    const reference = predictMargins(walk, matrix).map(sigmoid);
    expect(Array.from(scores)).toEqual(Array.from(reference));
  });
});
