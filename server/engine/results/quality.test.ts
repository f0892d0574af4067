import { describe, expect, it } from 'vitest';
import { issueKeys, PENALTY, seizureQuality, type SeizureDraft } from './quality.ts';
import { COMMODITIES, toBaseQuantity, unitFits } from './taxonomy.ts';

const complete: SeizureDraft = {
  form: 'full',
  seizureDate: '2026-03-02',
  placeLocode: 'PKKHI',
  transportMode: 'sea',
  concealment: 'false_wall',
  detectionMethod: 'scanner_image',
  routeOrigin: 'AF',
  routeDestination: 'KZ',
  estimatedValue: 250_000,
  currency: 'USD',
  summary: 'Heroin in a false wall of a 40-foot container of talc',
  containerNumber: 'MSKU7654325',
  items: [{ commodity: 'heroin', quantity: 12.5, unit: 'kg' }],
};

describe('seizure data-quality score', () => {
  it('a complete full-form record scores 100 with no issues', () => {
    expect(seizureQuality(complete)).toEqual({ score: 100, issues: [] });
  });

  it.each<[string, Partial<SeizureDraft>, number, string[]]>([
    ['no place', { placeLocode: null }, 100 - PENALTY.missing_mandatory, ['missing_mandatory:placeLocode']],
    ['no concealment nor detection method', { concealment: '', detectionMethod: undefined }, 100 - 2 * PENALTY.missing_mandatory, ['missing_mandatory:detectionMethod', 'missing_mandatory:concealment']],
    ['a value without currency counts as no value', { currency: null }, 100 - PENALTY.missing_mandatory, ['missing_mandatory:estimatedValue']],
    ['no cargo link (recommended only)', { containerNumber: null }, 100 - PENALTY.missing_recommended, ['missing_recommended:cargoLink']],
    ['vague commodity without description', { items: [{ commodity: 'other', quantity: 3, unit: 'pieces' }] }, 100 - PENALTY.vague_commodity, ['vague_commodity:items.0']],
    ['vague commodity with a description is fine', { items: [{ commodity: 'other', description: 'Gold bars', quantity: 3, unit: 'pieces' }] }, 100, []],
    ['no items and no summary', { items: [], summary: '  ' }, 100 - 2 * PENALTY.missing_mandatory, ['missing_mandatory:items', 'missing_mandatory:summary']],
  ])('full form: %s', (_name, change, score, keys) => {
    const result = seizureQuality({ ...complete, ...change });
    expect(result.score).toBe(score);
    expect(issueKeys(result)).toEqual(keys);
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  it('the minimal form asks for fewer fields: route, transport and concealment are only recommended', () => {
    const minimal: SeizureDraft = { form: 'minimal', seizureDate: '2026-03-02', placeLocode: 'PKKHI', detectionMethod: 'canine', items: [{ commodity: 'heroin', quantity: 1, unit: 'kg' }] };
    const result = seizureQuality(minimal);
    expect(result.score).toBe(100 - 4 * PENALTY.missing_recommended);
    expect(result.issues.every((i) => i.code === 'missing_recommended')).toBe(true);
    // The same record in the full form: six mandatory fields missing.
    expect(seizureQuality({ ...minimal, form: 'full' }).score).toBe(100 - 6 * PENALTY.missing_mandatory - PENALTY.missing_recommended);
  });

  it('never goes below 0', () => {
    expect(seizureQuality({ form: 'full', items: [{ commodity: 'other', quantity: 1, unit: 'kg' }, { commodity: 'other_drugs', quantity: 1, unit: 'kg' }] }).score).toBe(0);
  });
});

describe('commodity taxonomy', () => {
  it.each([
    ['heroin', 'kg', true],
    ['heroin', 'pieces', false],
    ['cigarettes', 'sticks', true],
    ['cigarettes', 'kg', false],
    ['weapons', 'pieces', true],
    ['ammunition', 'rounds', true],
    ['ammunition', 'pieces', false],
    ['nonsense', 'kg', false],
  ])('%s in %s fits: %s', (commodity, unit, fits) => {
    expect(unitFits(commodity, unit)).toBe(fits);
  });

  it('every commodity has Russian and English labels and at least one unit; codes are unique', () => {
    expect(new Set(COMMODITIES.map((c) => c.code)).size).toBe(COMMODITIES.length);
    for (const c of COMMODITIES) {
      expect(c.label.en).toBeTruthy();
      expect(c.label.ru).toMatch(/[А-Яа-яё]/);
      expect(c.units.length).toBeGreaterThan(0);
    }
  });

  it('normalises masses to kg and sticks to pieces', () => {
    expect(toBaseQuantity(2500, 'g')).toEqual({ quantity: 2.5, unit: 'kg' });
    expect(toBaseQuantity(1.5, 't')).toEqual({ quantity: 1500, unit: 'kg' });
    expect(toBaseQuantity(200, 'sticks')).toEqual({ quantity: 200, unit: 'pieces' });
    expect(toBaseQuantity(30, 'rounds')).toEqual({ quantity: 30, unit: 'rounds' });
  });
});
