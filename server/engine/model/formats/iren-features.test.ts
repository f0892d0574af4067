import { describe, expect, it } from 'vitest';
import { ModelInputError } from '../errors.ts';
import { irenFormat } from './iren.ts';
import { irenFeatureSpecs } from './iren-features.ts';
import { irenRecordsFromRows, type IrenRow } from './iren-records.ts';
import { trainModel } from '../pipeline.ts';

/** Deterministic consignments over `days` days; risky when routed via IRBND or shipped by 'risky shipper'. */
function rowsOf(count: number, days = 20, seed = 7): IrenRow[] {
  let s = seed;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const out: IrenRow[] = [];
  for (let i = 0; i < count; i++) {
    const hub = r() < 0.3 ? 'IRBND' : r() < 0.5 ? 'TRAMB' : '';
    const shipper = r() < 0.2 ? 'risky shipper' : `shipper ${Math.floor(r() * 8)}`;
    const risky = hub === 'IRBND' || shipper === 'risky shipper';
    const label = r() < (risky ? 0.8 : 0.1) ? 1 : 0;
    const day = `2026-11-${String(1 + Math.floor((i * days) / count)).padStart(2, '0')}`;
    out.push({
      id: `c${String(i).padStart(4, '0')}`,
      day,
      text: {
        country: i % 3 ? 'GE' : 'UA',
        unit: i % 3 ? 'u-ge' : 'u-ua',
        mode: 'sea',
        carrier: r() < 0.5 ? 'MSCU' : 'MAEU',
        hs2: '09',
        hs4: r() < 0.5 ? '0901' : '0902',
        loading: r() < 0.5 ? 'CNSHA' : 'INNSA',
        loadingCountry: 'CN',
        discharge: 'GEPTI',
        transshipment: hub,
        origin: 'CN',
        shipper,
        consignee: `consignee ${Math.floor(r() * 5)}`,
      },
      numbers: { value: 1000 + r() * 9000, netMassKg: 900 + r() * 100, grossMassKg: 1000, packages: 10 + Math.floor(r() * 20), qualityScore: 80 + Math.floor(r() * 20), goodsItems: 1, containers: 1, transshipments: hub ? 1 : 0 },
      label,
      seizure: 0,
      control: r() < 0.1 ? 1 : 0,
    });
  }
  return out;
}

const columnsOfRow = (m: { columns: Float32Array[] }, row: number) => m.columns.map((c) => c[row]!);

describe('iren features use only earlier data', () => {
  const rows = rowsOf(400);
  const records = irenRecordsFromRows(rows, true);
  const { matrix } = irenFormat.fit(records, { seed: 1 });
  const lastDay = records.days[records.rowCount - 1]!;

  it('a later row\'s label and fields change nothing in earlier rows (nor same-day rows\' own label)', () => {
    // Flip every label and change every field of the rows of the last day.
    const changed = rows.map((r) => (r.day === '2026-11-20' ? { ...r, label: (1 - r.label!) as 0 | 1, text: { ...r.text, shipper: 'risky shipper', transshipment: 'IRBND' }, numbers: { ...r.numbers, value: 1 } } : r));
    const again = irenFormat.fit(irenRecordsFromRows(changed, true), { seed: 1 });
    let earlier = 0;
    for (let i = 0; i < records.rowCount; i++) {
      if (records.days[i] === lastDay) continue;
      earlier++;
      expect(columnsOfRow(again.matrix, i)).toEqual(columnsOfRow(matrix, i));
    }
    expect(earlier).toBeGreaterThan(300);
    // Rows of the last day: their history features are the same whatever the labels of that day.
    const labelsOnly = rows.map((r) => (r.day === '2026-11-20' ? { ...r, label: (1 - r.label!) as 0 | 1 } : r));
    const third = irenFormat.fit(irenRecordsFromRows(labelsOnly, true), { seed: 1 });
    expect(third.matrix.columns).toEqual(matrix.columns);
  });

  it('the first day has no history: counts 0, no first-seen days', () => {
    const names = matrix.features.map((f) => f.name);
    const shipperCount = matrix.columns[names.indexOf('shipper_count')]!;
    const shipperDays = matrix.columns[names.indexOf('shipper_days_known')]!;
    expect(shipperCount[0]).toBe(0);
    expect(Number.isNaN(shipperDays[0]!)).toBe(true);
    // A row later on sees exactly the earlier rows with its (country, shipper).
    const i = records.rowCount - 1;
    const expected = rows.filter((r) => r.day < rows.find((x) => x.id === records.ids[i])!.day && r.text.country === records.text.country[i] && r.text.shipper === records.text.shipper[i]).length;
    expect(shipperCount[i]).toBe(expected);
  });

  it('scores new rows from all training rows, and its encodings survive JSON', () => {
    const { encodings } = irenFormat.fit(records, { seed: 1 });
    const parsed = irenFormat.parseEncodings(JSON.parse(JSON.stringify(encodings)));
    const fresh = irenRecordsFromRows(rowsOf(5, 1, 99).map((r) => ({ ...r, id: `n${r.id}`, day: '2026-12-01', label: null })), false);
    const m = irenFormat.transform(fresh, parsed);
    const names = m.features.map((f) => f.name);
    const countCol = m.columns[names.indexOf('shipper_count')]!;
    for (let i = 0; i < fresh.rowCount; i++) {
      const total = rows.filter((r) => r.text.country === fresh.text.country[i] && r.text.shipper === fresh.text.shipper[i]).length;
      expect(countCol[i]).toBe(total);
    }
    expect(m.features).toEqual(irenFeatureSpecs());
    expect(() => irenFormat.parseEncodings({ ...encodings, groups: {} })).toThrow(ModelInputError);
  });

  it('trains a model that ranks the risky route and shipper above the rest', () => {
    const model = trainModel(irenFormat, records, { seed: 1, params: { numLeaves: 8, minDataInLeaf: 10, learningRate: 0.1, numRounds: 60, validationFraction: 0.25, earlyStoppingMetric: 'auc' } });
    expect(model.format).toBe('iren');
    expect(model.metrics.holdout!.auc).toBeGreaterThan(0.75);
  });
});
