import { describe, expect, it } from 'vitest';
import { compareNames, DEFAULT_THRESHOLD } from './compare.ts';
import { evaluatePairs, qualityOf } from './quality.ts';
import { readFixture } from './test-helpers.ts';

/**
 * pairs-dev.csv: 587 labelled pairs. OpenSanctions logic-v2 (reference_score ≥ 0.7)
 * reaches precision 0.693, recall 0.811, F1 0.748. Floors below are what this
 * matcher reaches minus 0.01 (see docs/screening.md).
 */
const FLOOR = { precision: 0.916, recall: 0.837, f1: 0.875 };

describe('quality on pairs-dev', () => {
  const rows = readFixture('pairs-dev.csv');
  const pairs = rows.map((r) => ({
    name_a: r.name_a ?? '',
    name_b: r.name_b ?? '',
    schema: r.schema,
    should_match: r.should_match === 'true',
  }));

  it('has all pairs', () => expect(pairs).toHaveLength(587));

  it('reference (logic-v2) figures are as documented', () => {
    const ref = qualityOf(
      rows.map((r) => ({ score: Number(r.reference_score), expected: r.should_match === 'true' })),
      0.7,
    );
    expect(ref.precision).toBeCloseTo(0.693, 3);
    expect(ref.recall).toBeCloseTo(0.811, 3);
    expect(ref.f1).toBeCloseTo(0.748, 3);
  });

  it('beats logic-v2 on precision, recall and F1 at the default threshold', () => {
    const q = evaluatePairs(pairs, DEFAULT_THRESHOLD);
    expect(q.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(q.recall).toBeGreaterThanOrEqual(FLOOR.recall);
    expect(q.f1).toBeGreaterThanOrEqual(FLOOR.f1);
  });

  it('Latin ↔ Cyrillic aliases of the person pairs that should match still match', () => {
    // transliterate the Latin side of matching Russian-looking pairs to Cyrillic and back
    const cyr: Array<[string, string]> = [
      ['Сергей Лавров', 'Sergey Lavrov'],
      ['Владимир Путин', 'Vladimir Pudin'],
      ['Михаил Ходорковский', 'Mikhail Khodorkovsky'],
      ['Игорь Сечин', 'Igor Sechin'],
      ['Шамиль Магомедович Исмаилов', 'SHAMIL MAGOMEDOVICH ISMAILOV'],
    ];
    for (const [a, b] of cyr) expect(compareNames(a, b, 'Person').match, `${a} / ${b}`).toBe(true);
  });
});
