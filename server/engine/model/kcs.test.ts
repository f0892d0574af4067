import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatUnavailableError, ModelInputError } from './errors.ts';
import { getModelDataFormat } from './formats/index.ts';
import { kcsFormat } from './formats/kcs.ts';
import { CRITICAL_OUTCOME } from './formats/kcs-records.ts';
import { KCS_HEADER, kcsRows, makeTempDir, writeKcsCsv } from './test-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(files: string[], labels: 'required' | 'optional' = 'required'): Promise<ModelInputError> {
  const error = await kcsFormat.read(files, { labels }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelInputError);
  return error as ModelInputError;
}

describe('kcs format: reading', () => {
  it('reads the union of several files, with labels and critical outcome', async () => {
    const a = await writeKcsCsv(dir, 'a.csv', kcsRows(300, 1));
    const b = await writeKcsCsv(dir, 'b.csv', kcsRows(200, 2, 100, 20_000_000));
    const records = await kcsFormat.read([a, b], { labels: 'required' });
    expect(records.rowCount).toBe(500);
    expect(records.ids[300]).toBe('20000000');
    expect(records.labels!.length).toBe(500);
    const critical = records.outcomes[CRITICAL_OUTCOME]!;
    // Critical means Critical Fraud = 2, which only happens for frauds.
    for (let i = 0; i < 500; i++) if (critical[i]) expect(records.labels![i]).toBe(1);
  });

  it('names file, line and column of a value that is not a number, deep in a file', async () => {
    const rows = kcsRows(3000, 3);
    rows[2499]![KCS_HEADER.indexOf('Net Mass')] = 'abc';
    const file = await writeKcsCsv(dir, 'bad-number.csv', rows);
    const error = await readError([file]);
    expect(error.message).toBe(`${file}: line 2501: column 'Net Mass': 'abc' is not a number`);
  });

  it('reports missing columns from the header line', async () => {
    const header = KCS_HEADER.filter((c) => c !== 'Item Price' && c !== 'Fraud');
    const rows = kcsRows(10, 4).map((r) => r.filter((_, i) => KCS_HEADER[i] !== 'Item Price' && KCS_HEADER[i] !== 'Fraud'));
    const file = await writeKcsCsv(dir, 'no-price.csv', rows, header);
    const error = await readError([file]);
    expect(error.message).toMatch(new RegExp(`^${file}: line 1: missing columns 'Item Price', 'Fraud'`));
    // Scoring does not need Fraud, but still needs the features.
    expect((await readError([file], 'optional')).message).toMatch(/missing column 'Item Price'/);
  });

  it('rejects a missing file, a bad date, a bad label, a ragged row and an empty file', async () => {
    expect((await readError([join(dir, 'nope.csv')])).message).toBe(`${join(dir, 'nope.csv')}: no such file`);

    const badDate = kcsRows(5, 5);
    badDate[2]![1] = '2020-02-30';
    const dateFile = await writeKcsCsv(dir, 'bad-date.csv', badDate);
    expect((await readError([dateFile])).message).toBe(`${dateFile}: line 4: column 'Date': '2020-02-30' is not a date (YYYY-MM-DD)`);

    const badLabel = kcsRows(5, 6);
    badLabel[0]![KCS_HEADER.indexOf('Fraud')] = 'yes';
    const labelFile = await writeKcsCsv(dir, 'bad-label.csv', badLabel);
    expect((await readError([labelFile])).message).toBe(`${labelFile}: line 2: column 'Fraud': 'yes' is not 0/1`);

    const ragged = kcsRows(5, 7);
    ragged[3]!.push('extra');
    const raggedFile = await writeKcsCsv(dir, 'ragged.csv', ragged);
    expect((await readError([raggedFile])).message).toMatch(new RegExp(`^${raggedFile}: line 5: `));

    const emptyFile = join(dir, 'empty.csv');
    await writeFile(emptyFile, '');
    expect((await readError([emptyFile])).message).toMatch(/empty/);
  });

  it('accepts empty numeric cells as missing values', async () => {
    const rows = kcsRows(5, 8);
    rows[1]![KCS_HEADER.indexOf('Tax Rate')] = '';
    const records = await kcsFormat.read([await writeKcsCsv(dir, 'empty-cell.csv', rows)], { labels: 'required' });
    expect(Number.isNaN(records.numbers['Tax Rate'][1]!)).toBe(true);
  });
});

describe('kcs format: features', () => {
  it('gives every row the prior when its importer appears nowhere else (no label leakage)', async () => {
    const rows = kcsRows(1000, 9);
    rows.forEach((row, i) => (row[KCS_HEADER.indexOf('Importer ID')] = `UNIQUE${i}`));
    const records = await kcsFormat.read([await writeKcsCsv(dir, 'unique.csv', rows)], { labels: 'required' });
    const { matrix, encodings } = kcsFormat.fit(records, { seed: 1 });
    const f = matrix.features.findIndex((spec) => spec.name === 'importer_fraud_rate');
    expect(new Set(matrix.columns[f]).size).toBe(1);
    expect(matrix.columns[f]![0]).toBeCloseTo(encodings.prior, 6);
    const count = matrix.features.findIndex((spec) => spec.name === 'importer_count');
    expect(Math.max(...matrix.columns[count]!)).toBe(0);
  });

  it('builds features of new rows from training statistics only', async () => {
    const train = await kcsFormat.read([await writeKcsCsv(dir, 'fit.csv', kcsRows(800, 10))], { labels: 'required' });
    const { encodings } = kcsFormat.fit(train, { seed: 1 });
    const newRows = kcsRows(3, 11);
    newRows[0]![KCS_HEADER.indexOf('Importer ID')] = 'NEVER-SEEN';
    newRows[1]![KCS_HEADER.indexOf('Importer ID')] = 'IMP3';
    const fresh = await kcsFormat.read([await writeKcsCsv(dir, 'new.csv', newRows)], { labels: 'optional' });
    const matrix = kcsFormat.transform(fresh, encodings);
    const at = (name: string): Float32Array => matrix.columns[matrix.features.findIndex((s) => s.name === name)]!;
    expect(at('importer_count')[0]).toBe(0);
    expect(at('importer_fraud_rate')[0]).toBeCloseTo(encodings.prior, 6);
    const imp3 = encodings.keyGroups.importer!;
    const i = imp3.keys.indexOf('IMP3');
    expect(at('importer_count')[1]).toBe(imp3.counts[i]);
    expect(at('importer_fraud_rate')[1]).toBeCloseTo((imp3.positives[i]! + 20 * encodings.prior) / (imp3.counts[i]! + 20), 6);
    // Adding labels to the new rows changes nothing.
    const again = kcsFormat.transform(fresh, kcsFormat.parseEncodings(JSON.parse(JSON.stringify(encodings))));
    expect(again.columns).toEqual(matrix.columns);
  });
});

describe('format registry', () => {
  it('knows kcs, points iren at the database, and rejects unknown names', async () => {
    expect(getModelDataFormat('kcs').id).toBe('kcs');
    const iren = getModelDataFormat('iren');
    await expect(iren.read(['x'], { labels: 'required' })).rejects.toThrow(FormatUnavailableError);
    await expect(iren.read(['x'], { labels: 'required' })).rejects.toThrow('format iren reads consignments and inspection results from the database, not files: leave out --data');
    expect(() => getModelDataFormat('csv')).toThrow(/unknown format 'csv'/);
  });
});
