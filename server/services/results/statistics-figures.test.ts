import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/client.ts';
import { BASE_QUANTITY_SQL, BASE_UNIT_SQL } from '../../engine/results/taxonomy.ts';
import { splitPeriod, type PeriodSplit } from './statistics-figures.ts';

describe('splitPeriod: whole months from the aggregates, edge days from the records', () => {
  const cases: [string, { from?: string; to?: string }, PeriodSplit][] = [
    ['everything', {}, { months: { from: undefined, to: undefined }, days: [] }],
    ['whole months (a 30-day month ends with a day 31 that finds nothing)', { from: '2025-12-01', to: '2026-11-30' }, { months: { from: '2025-12', to: '2026-11' }, days: [{ month: '2026-11', from: '2026-11-31', sign: -1 }] }],
    ['few days before the start are subtracted, few days at the end added', { from: '2025-12-04', to: '2026-12-04' }, {
      months: { from: '2025-12', to: '2026-11' },
      days: [{ month: '2025-12', to: '2025-12-03', sign: -1 }, { month: '2026-12', to: '2026-12-04', sign: 1 }],
    }],
    ['late start added, late end subtracted', { from: '2025-12-20', to: '2026-12-20' }, {
      months: { from: '2026-01', to: '2026-12' },
      days: [{ month: '2025-12', from: '2025-12-20', sign: 1 }, { month: '2026-12', from: '2026-12-21', sign: -1 }],
    }],
    ['a few days of one month', { from: '2017-05-15', to: '2017-05-17' }, { months: null, days: [{ month: '2017-05', from: '2017-05-15', to: '2017-05-17', sign: 1 }] }],
    ['most of one month', { from: '2017-05-02', to: '2017-05-30' }, {
      months: { from: '2017-05', to: '2017-05' },
      days: [{ month: '2017-05', to: '2017-05-01', sign: -1 }, { month: '2017-05', from: '2017-05-31', sign: -1 }],
    }],
    ['one whole month', { from: '2017-05-01', to: '2017-05-31' }, { months: { from: '2017-05', to: '2017-05' }, days: [] }],
    ['across a new year, no whole month', { from: '2016-12-20', to: '2017-01-05' }, {
      months: null,
      days: [{ month: '2016-12', from: '2016-12-20', sign: 1 }, { month: '2017-01', to: '2017-01-05', sign: 1 }],
    }],
    ['open end', { from: '2017-06-16' }, { months: { from: '2017-06', to: undefined }, days: [{ month: '2017-06', to: '2017-06-15', sign: -1 }] }],
    ['open start', { to: '2017-06-15' }, { months: { from: undefined, to: '2017-05' }, days: [{ month: '2017-06', to: '2017-06-15', sign: 1 }] }],
    ['from after to: nothing', { from: '2017-06-16', to: '2017-06-15' }, { months: null, days: [] }],
  ];
  it.each(cases)('%s', (_name, period, expected) => {
    expect(splitPeriod(period, '2030-01-01')).toEqual(expected);
  });

  it('up to today: the rest of the month holds no records yet, so it is subtracted (the dashboard default)', () => {
    expect(splitPeriod({ from: '2025-12-04', to: '2026-12-04' }, '2026-12-05')).toEqual({
      months: { from: '2025-12', to: '2026-12' },
      days: [{ month: '2025-12', to: '2025-12-03', sign: -1 }, { month: '2026-12', from: '2026-12-05', sign: -1 }],
    });
    expect(splitPeriod({ from: '2026-12-01', to: '2026-12-04' }, '2026-12-05')).toEqual({ months: { from: '2026-12', to: '2026-12' }, days: [{ month: '2026-12', from: '2026-12-05', sign: -1 }] });
    expect(splitPeriod({ from: '2027-01-10', to: '2027-02-03' }, '2026-12-05')).toEqual({
      months: { from: '2027-01', to: '2027-02' },
      days: [{ month: '2027-01', to: '2027-01-09', sign: -1 }, { month: '2027-02', from: '2027-02-04', sign: -1 }],
    });
  });
});

describe('the statistics triggers use the same definitions as the code', () => {
  const migration = fs.readFileSync(path.join(MIGRATIONS_DIR, '0012_seizure_stats_days.sql'), 'utf8');
  it('base units and quantities as in the taxonomy', () => {
    expect(migration).toContain(BASE_UNIT_SQL);
    expect(migration).toContain(BASE_QUANTITY_SQL);
  });
  it('restricted = the TLP labels aggregatedSeizuresWhere counts only where visible', () => {
    const policy = fs.readFileSync(path.join(MIGRATIONS_DIR, '../../policies/seizure.policy.ts'), 'utf8');
    expect(policy).toContain("tlp IN ('RED', 'AMBER+STRICT')");
    expect(migration).toContain("x.tlp IN ('RED', 'AMBER+STRICT') AS restricted");
  });
});
