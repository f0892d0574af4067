/**
 * Small synthetic data for the model engine's tests: feature matrices with a known structure and KCS-like
 * declaration CSVs written to a temporary folder.
 *
 *   const { matrix, labels } = xorData(2000, 7);
 *   const dir = await makeTempDir();
 *   const file = await writeKcsCsv(dir, 'train.csv', kcsRows(500, 1));
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeatureMatrix, type FeatureMatrix } from './feature-matrix.ts';
import { createRng } from './random.ts';

export interface LabelledData {
  matrix: FeatureMatrix;
  labels: Uint8Array;
}

/**
 * label = 1 when x0 and x1 have the same sign (5 % of labels flipped); x2..x4 are noise.
 * No single feature, and no linear combination, separates the classes.
 */
export function xorData(rowCount: number, seed: number): LabelledData {
  const rng = createRng(seed);
  const matrix = createFeatureMatrix(
    ['x0', 'x1', 'noise0', 'noise1', 'noise2'].map((name) => ({ name, kind: 'numeric' as const })),
    rowCount,
  );
  const labels = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    for (let f = 0; f < 5; f++) matrix.columns[f]![i] = rng.next() * 2 - 1;
    const same = matrix.columns[0]![i]! * matrix.columns[1]![i]! > 0;
    labels[i] = (same ? 1 : 0) ^ (rng.next() < 0.05 ? 1 : 0);
  }
  return { matrix, labels };
}

/**
 * A categorical feature (12 codes) whose risky codes {2, 5, 7, 11} are not contiguous, a numeric feature
 * that is missing (NaN) on a third of rows — missing means risky — and a noise feature.
 */
export function mixedData(rowCount: number, seed: number): LabelledData {
  const rng = createRng(seed);
  const matrix = createFeatureMatrix(
    [
      { name: 'code', kind: 'categorical', categories: 12 },
      { name: 'amount', kind: 'numeric' },
      { name: 'noise', kind: 'numeric' },
    ],
    rowCount,
  );
  const risky = new Set([2, 5, 7, 11]);
  const labels = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const code = rng.int(12);
    const missing = rng.next() < 1 / 3;
    const amount = rng.next();
    matrix.columns[0]![i] = code;
    matrix.columns[1]![i] = missing ? Number.NaN : amount;
    matrix.columns[2]![i] = rng.next();
    const score = (risky.has(code) ? 1.5 : -1.5) + (missing ? 1 : -1) + (amount > 0.8 ? 1 : 0);
    labels[i] = rng.next() < 1 / (1 + Math.exp(-2 * score)) ? 1 : 0;
  }
  return { matrix, labels };
}

export const KCS_HEADER = [
  'Declaration ID',
  'Date',
  'Office ID',
  'Process Type',
  'Import Type',
  'Import Use',
  'Payment Type',
  'Mode of Transport',
  'Declarant ID',
  'Importer ID',
  'Seller ID',
  'Courier ID',
  'HS6 Code',
  'Country of Departure',
  'Country of Origin',
  'Tax Rate',
  'Tax Type',
  'Country of Origin Indicator',
  'Net Mass',
  'Item Price',
  'Fraud',
  'Critical Fraud',
];

/**
 * KCS-like rows over `days` days from 2020-01-01. Fraud is likely for a few (HS6, origin) pairs and for a
 * few importers, and for goods declared far below their usual value per kg.
 */
export function kcsRows(rowCount: number, seed: number, days = 200, firstId = 10_000_000): string[][] {
  const rng = createRng(seed);
  const hsCodes = ['850440', '610910', '940350', '420292', '870899', '300490', '640399', '392690'];
  const countries = ['CN', 'VN', 'US', 'DE', 'JP', 'IN'];
  const riskyPairs = new Set(['610910|CN', '420292|VN', '640399|CN']);
  const rows: string[][] = [];
  for (let i = 0; i < rowCount; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor((i / rowCount) * days) * 86_400_000);
    const hs = hsCodes[rng.int(hsCodes.length)]!;
    const origin = countries[rng.int(countries.length)]!;
    const importer = `IMP${rng.int(60)}`;
    const mass = 10 + rng.next() * 1000;
    const undervalued = rng.next() < 0.1;
    const price = mass * (undervalued ? 0.5 : 20 + rng.next() * 10) * (1 + hsCodes.indexOf(hs));
    let risk = -3.5;
    if (riskyPairs.has(`${hs}|${origin}`)) risk += 4;
    if (importer === 'IMP3' || importer === 'IMP7') risk += 4;
    if (undervalued) risk += 3.5;
    const fraud = rng.next() < 1 / (1 + Math.exp(-risk)) ? 1 : 0;
    const critical = fraud ? (rng.next() < 0.1 ? 2 : 1) : 0;
    rows.push([
      String(firstId + i),
      day.toISOString().slice(0, 10),
      String(10 + rng.int(5) * 10),
      'B',
      String(11 + rng.int(3)),
      '21',
      '11',
      String([10, 40][rng.int(2)]),
      `DEC${rng.int(20)}`,
      importer,
      rng.next() < 0.1 ? '' : `SEL${rng.int(100)}`,
      rng.next() < 0.8 ? '' : `COU${rng.int(3)}`,
      hs,
      countries[rng.int(countries.length)]!,
      origin,
      String([0, 8, 6.5, 13][rng.int(4)]),
      ['A', 'C', 'FCN1'][rng.int(3)]!,
      ['G', 'Y', 'B'][rng.int(3)]!,
      mass.toFixed(1),
      price.toFixed(2),
      String(fraud),
      String(critical),
    ]);
  }
  return rows;
}

export function kcsCsv(rows: string[][], header: string[] = KCS_HEADER): string {
  return [header, ...rows].map((row) => row.join(',')).join('\n') + '\n';
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'iren-model-'));
}

export async function writeKcsCsv(dir: string, name: string, rows: string[][], header?: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, kcsCsv(rows, header));
  return path;
}
