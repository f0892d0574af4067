import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelInputError } from './errors.ts';
import { kcsFormat } from './formats/kcs.ts';
import { kcsFeatureSpecs } from './formats/kcs-features.ts';
import type { KcsRecords } from './formats/kcs-records.ts';
import { loadModelFile, parseModel, saveModelFile, type ModelFile } from './model-file.ts';
import { evaluateScores, explainRecord, scoreRecords, timeSplit, trainModel } from './pipeline.ts';
import { kcsRows, makeTempDir, writeKcsCsv } from './test-fixtures.ts';

let dir: string;
let train: KcsRecords;
let later: KcsRecords;
let model: ModelFile;
const createdAt = new Date('2024-05-01T00:00:00Z');

beforeAll(async () => {
  dir = await makeTempDir();
  train = await kcsFormat.read([await writeKcsCsv(dir, 'train.csv', kcsRows(3000, 1, 240))], { labels: 'required' });
  later = await kcsFormat.read([await writeKcsCsv(dir, 'later.csv', kcsRows(1500, 2, 60, 50_000_000))], {
    labels: 'required',
  });
  model = trainModel(kcsFormat, train, { seed: 3, createdAt });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainModel', () => {
  it('writes a versioned model that ranks later data well', () => {
    expect(model).toMatchObject({ formatVersion: 1, kind: 'iren-gbdt', format: 'kcs', createdAt: createdAt.toISOString() });
    expect(model.trainingRange).toMatchObject({ from: '2020-01-01', rows: 3000 });
    expect(model.features.map((f) => f.name)).toEqual(kcsFeatureSpecs().map((f) => f.name));
    expect(model.metrics.holdout!.rows).toBeGreaterThan(300);
    expect(model.metrics.trees).toBe(model.trees.length);
    expect(model.importance.reduce((sum, f) => sum + f.share, 0)).toBeCloseTo(1, 9);
    const evaluation = evaluateScores(scoreRecords(parseModel(model), kcsFormat, later), later);
    expect(evaluation.auc).toBeGreaterThan(0.8); // the best possible on this data is about 0.86
    expect(evaluation.top.map((t) => t.fraction)).toEqual([0.01, 0.02, 0.05, 0.1]);
    expect(evaluation.top[2]!.precision).toBeGreaterThan(evaluation.positives / evaluation.rows);
  });

  it('explains a score: contributions add up to the margin', () => {
    const loaded = parseModel(model);
    const scores = scoreRecords(loaded, kcsFormat, later);
    for (const row of [0, 10, 500]) {
      const why = explainRecord(loaded, kcsFormat, later, row);
      expect(why.id).toBe(later.ids[row]);
      expect(why.score).toBeCloseTo(scores[row]!, 12);
      expect(Math.abs(why.contributions.reduce((sum, c) => sum + c.contribution, why.bias) - why.margin)).toBeLessThan(1e-6);
      expect(Math.abs(why.contributions[0]!.contribution)).toBeGreaterThanOrEqual(Math.abs(why.contributions[1]!.contribution));
    }
  });

  it('gives the same JSON for the same seed and data', () => {
    const again = trainModel(kcsFormat, train, { seed: 3, createdAt });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const otherSeed = trainModel(kcsFormat, train, { seed: 4, createdAt });
    expect(JSON.stringify(otherSeed.trees)).not.toBe(JSON.stringify(model.trees));
  });

  it('refuses data with a single class', () => {
    const allClean = { ...train, labels: new Uint8Array(train.rowCount) };
    expect(() => trainModel(kcsFormat, allClean)).toThrow(ModelInputError);
  });
});

describe('model file', () => {
  it('scores identically after a save/load round trip', async () => {
    const path = join(dir, 'model.json');
    await saveModelFile(path, model);
    const loaded = await loadModelFile(path);
    const before = scoreRecords(parseModel(model), kcsFormat, later);
    const after = scoreRecords(loaded, kcsFormat, later);
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('rejects other kinds, versions and malformed trees with a clear message', async () => {
    const json = JSON.parse(JSON.stringify(model)) as ModelFile;
    expect(() => parseModel({ ...json, kind: 'lightgbm' })).toThrow(/kind must be 'iren-gbdt'/);
    expect(() => parseModel({ ...json, formatVersion: 99 })).toThrow(/formatVersion 99 is not supported/);
    const cyclic = JSON.parse(JSON.stringify(json)) as ModelFile;
    const root = cyclic.trees[0]!;
    root.left[0] = 0;
    expect(() => parseModel(cyclic)).toThrow(/trees\[0\]: node 0: bad children/);
    const path = join(dir, 'garbage.json');
    await writeFile(path, '{ not json');
    await expect(loadModelFile(path)).rejects.toThrow(/not a JSON model file/);
    await expect(loadModelFile(join(dir, 'missing.json'))).rejects.toThrow(/missing.json: no such file/);
    expect(() => kcsFormat.parseEncodings({ ...(json.encodings as object), keyGroups: {} })).toThrow(/keyGroups.office missing/);
  });
});

describe('timeSplit', () => {
  it('holds out whole latest days, about the requested share', () => {
    const days = Int32Array.from({ length: 100 }, (_, i) => Math.floor(i / 10)); // 10 days × 10 rows
    const split = timeSplit(days, 0.15)!;
    expect(split.cutoffDay).toBe(8);
    expect(split.validRows.length).toBe(20);
    expect(Math.max(...Array.from(split.fitRows, (r) => days[r]!))).toBe(7);
    expect(timeSplit(new Int32Array(50), 0.15)).toBeNull(); // one day only: nothing to hold out
  });
});
